"""What The Eye saw, through the API: `analysis` on one job, null until the analysis finished, owner-only;
the subject mask stored beside the upload and deleted with the job."""

import io

import numpy as np
import pytest
from django.core.files.storage import default_storage
from PIL import Image
from rest_framework.test import APIClient

from director import tasks
from director.files import mask_name
from director.models import JobStatus, VisionJob
from director.tasks import analyze_task
from tests.conftest import stored_files
from tests.photos import photo_bytes

pytestmark = pytest.mark.django_db

# Eileen Collins' face in astronaut.jpg, marked by hand (as in test_eye_subjects.py).
ASTRONAUT_FACE = [174 / 512, 72 / 512, 278 / 512, 178 / 512]


@pytest.fixture
def pending(upload, tasks_backend):
    """An upload whose analysis has not run yet (the queue holds it)."""
    tasks_backend("django.tasks.backends.dummy.DummyBackend")
    response = upload(photo_bytes("astronaut.jpg"), name="astronaut.jpg")
    assert response.status_code == 201, response.json()
    job = VisionJob.objects.get(pk=response.json()["id"])
    assert job.status == JobStatus.PENDING
    return job


def test_analysis_is_null_until_the_analysis_finished_then_shows_what_the_eye_saw(api, pending):
    before = api.get(f"/api/v1/jobs/{pending.pk}/")
    assert before.status_code == 200 and before.json()["analysis"] is None
    assert default_storage.exists(mask_name(pending.image.name)) is False

    assert analyze_task.call(str(pending.pk)) == "completed"
    analysis = api.get(f"/api/v1/jobs/{pending.pk}/").json()["analysis"]
    stored = VisionJob.objects.get(pk=pending.pk).analysis_data
    # as stored, with the label in the job's language beside the stored one (an English job's: the same)
    assert analysis["subjects"] == [{**s, "label_text": s["label"]} for s in stored["subjects"]]
    assert analysis["subjects"][0]["label"] == "face"
    face = analysis["subjects"][0]["box"]
    centre = ((face[0] + face[2]) / 2, (face[1] + face[3]) / 2)
    assert ASTRONAUT_FACE[0] <= centre[0] <= ASTRONAUT_FACE[2] and ASTRONAUT_FACE[1] <= centre[1] <= ASTRONAUT_FACE[3]
    focal = analysis["focal_point"]
    assert face[0] <= focal["x"] <= face[2] and face[1] <= focal["y"] <= face[3]
    assert focal["label"] == focal["label_text"] == "face at the upper centre"
    assert analysis["text"] == []
    assert analysis["method"] == "local-v2" and len(analysis["palette"]) == 5
    assert "metrics" not in analysis  # the raw measures stay in the stored analysis


def test_the_list_stays_a_summary(api, upload):
    assert upload(photo_bytes("astronaut.jpg")).status_code == 201
    listed = api.get("/api/v1/jobs/").json()["results"]
    assert len(listed) == 1 and "analysis" not in listed[0]


def test_another_users_job_is_not_found(upload, other_user):
    job_id = upload(photo_bytes("chelsea.jpg"), name="chelsea.jpg").json()["id"]
    stranger = APIClient()
    stranger.force_authenticate(other_user)
    response = stranger.get(f"/api/v1/jobs/{job_id}/")
    assert response.status_code == 404 and "analysis" not in response.json()
    assert APIClient().get(f"/api/v1/jobs/{job_id}/").status_code in (401, 403)


def test_the_mask_is_stored_beside_the_upload_and_deleted_with_the_job(api, upload, run, media_root):
    job_id = upload(photo_bytes("chelsea.jpg"), name="chelsea.jpg").json()["id"]
    job = VisionJob.objects.get(pk=job_id)
    name = mask_name(job.image.name)
    with default_storage.open(name, "rb") as handle:
        mask = Image.open(io.BytesIO(handle.read()))
        mask.load()
    assert mask.format == "PNG" and mask.mode == "L" and mask.size == (job.width, job.height)
    pixels = np.asarray(mask)
    assert set(np.unique(pixels)) <= {0, 255}
    # Chelsea's nose, marked by hand (258, 242 of 451 x 300), is subject.
    assert pixels[242, 258] == 255
    assert run(api.delete, f"/api/v1/jobs/{job_id}/").status_code == 204
    assert stored_files(media_root) == []


def test_an_analysis_run_again_replaces_the_mask(api, upload):
    job_id = upload(photo_bytes("astronaut.jpg"), name="astronaut.jpg").json()["id"]
    job = VisionJob.objects.get(pk=job_id)
    VisionJob.objects.filter(pk=job_id).update(status=JobStatus.PENDING)
    assert analyze_task.call(job_id) == "completed"
    folder = default_storage.path(mask_name(job.image.name)).rsplit("/", 1)[0]
    masks = [n for n in default_storage.listdir(folder)[1] if n.endswith(".mask.png")]
    assert masks == [mask_name(job.image.name).rsplit("/", 1)[-1]]


def test_a_job_deleted_while_the_eye_looked_keeps_no_mask(pending, monkeypatch, media_root):
    looked = tasks.analyze_and_pitch

    def look_then_delete(job):  # the real analysis; the owner deletes the job meanwhile
        seen = looked(job)
        VisionJob.objects.filter(pk=job.pk).delete()
        return seen

    monkeypatch.setattr(tasks, "analyze_and_pitch", look_then_delete)
    assert analyze_task.call(str(pending.pk)) == "cancelled"
    assert default_storage.exists(mask_name(pending.image.name)) is False
