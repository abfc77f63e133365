"""Downloading one's data: a zip with a JSON document of everything Studio keeps and every stored file."""

import io
import json
import zipfile

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from director.models import PromptRecord, VisionJob
from learning.models import LearningEvent
from tests.accounts.conftest import token_client
from tests.flow import client_for, reviewing
from tests.photos import dark_jpeg


def download(client):
    response = client.get("/api/v1/me/export/")
    assert response.status_code == 200, response.content[:500]
    return response, b"".join(response.streaming_content)


def stored(name):
    with default_storage.open(name, "rb") as handle:
        return handle.read()


def test_the_export_holds_the_users_data_and_files_and_nobody_elses(user, other_user, token, completed_job):
    theirs = completed_job(other_user, "coffee.jpg")
    job = completed_job(user)
    VisionJob.objects.filter(pk=job.pk).update(brand_essence_prompt="For Lumen Coffee", aspect_ratio="1:1")
    job.refresh_from_db()
    record = job.prompt_record
    user.refresh_from_db()

    response, data = download(token_client(token))
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith('attachment; filename="studio-export-')
    assert response["Cache-Control"] == "private, no-store"

    archive = zipfile.ZipFile(io.BytesIO(data))
    assert archive.testzip() is None
    document = json.loads(archive.read("studio-export.json"))
    assert document["user"]["id"] == str(user.pk) and document["user"]["username"] == user.username
    assert document["user"]["email"] == user.email
    assert document["user"]["credits_remaining"] == user.credits_remaining == 7
    assert document["user"]["creative_profile"] == user.creative_profile
    assert "password" not in document["user"]

    [exported] = document["jobs"]
    assert exported["id"] == str(job.pk)
    assert exported["analysis_data"] == job.analysis_data and exported["pitches"] == job.pitches
    assert exported["prompt_record"]["scenes_data"] == record.scenes_data
    assert exported["prompt_record"]["status"] == "completed"
    assert {k: exported[k] for k in ("aspect_ratio", "scene_count", "scene_duration", "resolution")} == {
        "aspect_ratio": job.aspect_ratio,
        "scene_count": job.scene_count,
        "scene_duration": job.scene_duration,
        "resolution": job.resolution,
    }
    assert (exported["brand_essence_prompt"], exported["aspect_ratio"]) == ("For Lumen Coffee", "1:1")

    files = exported["files"]
    assert archive.read(files["upload"]) == stored(job.image.name)
    assert archive.read(files["video"]) == stored(record.video.name)
    assert len(files["scene_previews"]) == len(record.scenes_data) == 3
    for scene in record.scenes_data:
        assert archive.read(files["scene_previews"][scene["id"]]) == stored(scene["preview_path"])
    assert sorted(archive.namelist()) == sorted(
        [
            "studio-export.json",
            files["upload"],
            *([files["remastered_image"]] if record.is_remastered else []),  # the helper asks for a remaster
            files["video"],
            *files["scene_previews"].values(),
        ]
    )

    events = LearningEvent.objects.filter(user=user)
    assert [e["id"] for e in document["learning_events"]] == [str(e.pk) for e in events]
    assert document["learning_events"][0]["selected_director_id"] == "newtonian"
    # Nothing of the other user's: not their job, their event, their files or their name.
    text = archive.read("studio-export.json").decode()
    assert str(theirs.pk) not in text and other_user.username not in text
    assert not any(str(theirs.pk) in name for name in archive.namelist())
    their_bytes = {stored(theirs.image.name), stored(theirs.prompt_record.video.name)}
    assert not their_bytes & {archive.read(name) for name in archive.namelist()}


def test_a_remastered_job_exports_its_remaster(user, token, django_capture_on_commit_callbacks, relaxed_rates):
    client = client_for(user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/api/v1/jobs/", {"image": SimpleUploadedFile("dark.jpg", dark_jpeg(), "image/jpeg")}, format="multipart"
        )
    job = VisionJob.objects.get(pk=response.json()["id"])
    assert job.quality_score < 7.0
    reviewing(client, job, django_capture_on_commit_callbacks)  # selects with remaster=True
    record = PromptRecord.objects.get(job=job)
    assert record.is_remastered and record.remastered_image.name
    archive = zipfile.ZipFile(io.BytesIO(download(token_client(token))[1]))
    files = json.loads(archive.read("studio-export.json"))["jobs"][0]["files"]
    assert archive.read(files["remastered_image"]) == stored(record.remastered_image.name)
    assert archive.read(files["upload"]) == stored(job.image.name)
    assert "video" not in files and len(files["scene_previews"]) == 3


def test_an_empty_account_exports_its_profile(user, token):
    archive = zipfile.ZipFile(io.BytesIO(download(token_client(token))[1]))
    document = json.loads(archive.read("studio-export.json"))
    assert document["user"]["username"] == user.username
    assert document["jobs"] == [] and document["learning_events"] == []
    assert archive.namelist() == ["studio-export.json"]


def test_a_stored_file_gone_missing_is_left_out_not_a_500(user, token, completed_job):
    job = completed_job(user)
    default_storage.delete(job.prompt_record.video.name)
    archive = zipfile.ZipFile(io.BytesIO(download(token_client(token))[1]))
    files = json.loads(archive.read("studio-export.json"))["jobs"][0]["files"]
    assert "video" not in files and archive.read(files["upload"]) == stored(job.image.name)


def test_exporting_needs_a_caller(anon, db):
    response = anon.get("/api/v1/me/export/")
    assert response.status_code == 401 and response.json()["code"] == "not_authenticated"
