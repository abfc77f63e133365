"""An image The Eye finds no intact picture in is FLAGGED: no Lounge, no charge, until staff release it."""

import logging

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from PIL import Image, ImageEnhance

from accounts.models import User
from director.engines.eye import LocalEye
from director.models import JobStatus, PromptRecord, VisionJob
from director.tasks import FLAG_INTEGRITY_BELOW
from learning.models import LearningEvent
from tests.flow import select, state, upload_idle
from tests.photos import PHOTOS, encode, photo_bytes, photo_image

JOBS = "/admin/director/visionjob/"


def grey_frame():
    return encode(Image.new("RGB", (640, 480), (128, 128, 128)))


@pytest.fixture
def flagged(upload):
    response = upload(grey_frame(), name="grey.jpg")
    assert response.status_code == 201, response.json()
    job = VisionJob.objects.get(pk=response.json()["id"])
    assert job.status == JobStatus.FLAGGED, job.error_message
    return job


def test_the_threshold_flags_a_blank_frame_and_no_committed_photo():
    eye = LocalEye()
    assert eye.analyze(Image.new("RGB", (640, 480), (128, 128, 128)))["integrity"] < FLAG_INTEGRITY_BELOW
    for name in PHOTOS:
        image = photo_image(name)
        variants = {"as shot": image, "dark": ImageEnhance.Brightness(image).enhance(0.15)}
        for variant, picture in variants.items():
            integrity = eye.analyze(picture)["integrity"]
            assert integrity >= FLAG_INTEGRITY_BELOW, (name, variant, integrity)


def test_a_blank_grey_frame_is_flagged_with_a_reason(api, flagged):
    assert flagged.integrity_score == pytest.approx(0.4)
    assert flagged.error_message.startswith("The Eye flagged this image: its integrity is 0.40")
    current = state(api, flagged)
    assert current["stage"] == "FLAGGED"
    assert current["error_message"] == flagged.error_message
    assert current["pitches"] is None
    summary = api.get(f"/api/v1/jobs/{flagged.pk}/").json()
    assert summary["stage"] == "FLAGGED" and summary["status"] == "flagged"
    assert summary["error_message"].startswith("The Eye flagged this image:")


@pytest.mark.parametrize("name", PHOTOS)
def test_committed_photos_open_the_lounge(api, upload, name):
    job = upload_idle(lambda: upload(photo_bytes(name), name=name))
    assert state(api, job)["stage"] == "IDLE"


def test_a_flagged_job_can_not_reach_the_lounge_or_a_charge(api, user, run, flagged):
    credits = User.objects.get(pk=user.pk).credits_remaining
    for remaster in (False, True):
        response = select(api, run, flagged, "newtonian", remaster=remaster)
        assert response.status_code == 409, response.json()
        assert response.json()["stage"] == "FLAGGED"
        assert "FLAGGED" in response.json()["detail"]
    response = run(api.post, f"/api/v1/jobs/{flagged.pk}/approve/")
    assert response.status_code == 409 and response.json()["stage"] == "FLAGGED"
    response = run(api.post, f"/api/v1/jobs/{flagged.pk}/remaster/")
    assert response.status_code == 409
    assert User.objects.get(pk=user.pk).credits_remaining == credits
    assert not PromptRecord.objects.filter(job=flagged).exists()
    assert not LearningEvent.objects.filter(job=flagged).exists()


def test_a_flagged_job_can_be_cancelled(api, run, flagged):
    response = run(api.post, f"/api/v1/jobs/{flagged.pk}/cancel/")
    assert response.status_code == 200, response.json()
    assert response.json()["stage"] == "CANCELLED"
    assert state(api, flagged)["stage"] == "CANCELLED"


def test_staff_release_opens_the_lounge_and_is_recorded(api, run, admin_client, admin_user, flagged, caplog):
    with caplog.at_level(logging.INFO, logger="director.admin"):
        response = admin_client.post(
            JOBS, {"action": "release_action", "_selected_action": [str(flagged.pk)]}, follow=True
        )
    assert response.status_code == 200
    assert "Released 1 job(s)." in response.content.decode()
    flagged.refresh_from_db()
    assert flagged.status == JobStatus.COMPLETED and flagged.error_message == ""
    entry = LogEntry.objects.get(object_id=str(flagged.pk))
    assert entry.user_id == admin_user.pk and entry.action_flag == CHANGE
    assert "Released from FLAGGED" in entry.get_change_message()
    assert any(f"job {flagged.pk} released from FLAGGED by admin" in r.getMessage() for r in caplog.records)

    current = state(api, flagged)
    assert current["stage"] == "IDLE" and len(current["pitches"]) == 4
    assert api.get(f"/api/v1/jobs/{flagged.pk}/pitches/").json() == current["pitches"]
    response = select(api, run, flagged, "newtonian")
    assert response.status_code == 201, response.json()


def test_release_of_a_job_that_is_not_flagged_is_a_message(admin_client, upload):
    job = upload_idle(upload)
    response = admin_client.post(JOBS, {"action": "release_action", "_selected_action": [str(job.pk)]}, follow=True)
    assert "Can&#x27;t release: the job is in stage IDLE." in response.content.decode()
    job.refresh_from_db()
    assert job.status == JobStatus.COMPLETED
    assert not LogEntry.objects.filter(object_id=str(job.pk)).exists()


def test_a_flagged_job_shows_no_pitches(api, flagged):
    assert flagged.pitches  # written by the analysis, kept for staff to release
    response = api.get(f"/api/v1/jobs/{flagged.pk}/pitches/")
    assert response.status_code == 409, response.json()
    assert response.json()["stage"] == "FLAGGED"
    assert response.json()["detail"] == "The Eye flagged this image; the Lounge is closed until staff release it."
