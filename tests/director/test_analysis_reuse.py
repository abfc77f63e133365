"""The same user's same bytes within 24 h reuse The Eye's analysis: the new job reaches the Lounge without The
Eye running again, and says which job it copied. Not across users, not after 24 h, not from a flagged or failed
job."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from rest_framework.test import APIClient

from director.models import JobStatus, VisionJob
from tests.director.engines import CountingEye
from tests.factories import UserFactory
from tests.flow import state, upload_idle
from tests.photos import photo_bytes as photo


@pytest.fixture(autouse=True)
def counting_eye(settings):
    settings.STUDIO_ENGINES = {**settings.STUDIO_ENGINES, "eye": "tests.director.engines.CountingEye"}
    CountingEye.runs = 0


def test_a_second_upload_of_the_same_bytes_reaches_idle_without_the_eye(api, upload):
    first = upload_idle(upload)
    assert CountingEye.runs == 1
    second = upload_idle(upload)
    assert CountingEye.runs == 1  # the second job never ran The Eye
    assert second.pk != first.pk
    assert second.analysis_reused_from_id == first.pk
    assert second.analysis_data == first.analysis_data
    assert (second.quality_score, second.integrity_score) == (first.quality_score, first.integrity_score)
    current = state(api, second)
    assert current["stage"] == "IDLE"
    assert current["analysis_reused_from"] == str(first.pk)
    assert [p["director_id"] for p in current["pitches"]]  # the Lounge is open, pitched for this job
    assert api.get(f"/api/v1/jobs/{second.pk}/").json()["analysis_reused_from"] == str(first.pk)
    assert state(api, first)["analysis_reused_from"] is None


def test_other_bytes_run_the_eye(api, upload):
    upload_idle(upload)
    upload_idle(lambda: upload(photo("coffee.jpg")))
    assert CountingEye.runs == 2
    assert not VisionJob.objects.exclude(analysis_reused_from=None).exists()


def test_another_users_same_bytes_run_the_eye(api, upload, django_capture_on_commit_callbacks):
    upload_idle(upload)
    other = APIClient()
    other.force_authenticate(UserFactory())
    with django_capture_on_commit_callbacks(execute=True):
        response = other.post("/api/v1/jobs/", {"image": SimpleUploadedFile("p.jpg", photo())}, format="multipart")
    assert response.status_code == 201
    assert CountingEye.runs == 2
    assert VisionJob.objects.get(pk=response.json()["id"]).analysis_reused_from is None


def test_an_analysis_older_than_24_hours_is_not_reused(api, upload):
    first = upload_idle(upload)
    VisionJob.objects.filter(pk=first.pk).update(processed_at=timezone.now() - timedelta(hours=24, minutes=1))
    second = upload_idle(upload)
    assert CountingEye.runs == 2
    assert second.analysis_reused_from is None


@pytest.mark.parametrize("status", [JobStatus.FLAGGED, JobStatus.FAILED, JobStatus.CANCELLED])
def test_a_flagged_failed_or_cancelled_job_is_not_reused(api, upload, status):
    first = upload_idle(upload)
    VisionJob.objects.filter(pk=first.pk).update(status=status)
    second = upload_idle(upload)
    assert CountingEye.runs == 2
    assert second.analysis_reused_from is None


def test_a_reuse_is_not_itself_a_source(api, upload):
    first = upload_idle(upload)
    second = upload_idle(upload)
    third = upload_idle(upload)
    assert CountingEye.runs == 1
    assert second.analysis_reused_from_id == third.analysis_reused_from_id == first.pk
    VisionJob.objects.filter(pk=first.pk).update(processed_at=timezone.now() - timedelta(hours=25))
    upload_idle(upload)
    assert CountingEye.runs == 2  # the window runs from The Eye's own run, not from the copies
