"""Walking a job through the flow via the public API.

Two styles: the first functions take the `api` client and the `upload`/`run` fixtures (tests/conftest.py);
the ones after `client_for` take a client for any user and run queued tasks with
django_capture_on_commit_callbacks.
"""

from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from director.models import VisionJob
from tests.photos import photo_bytes


def upload_idle(upload):
    response = upload()
    assert response.status_code == 201, response.json()
    job = VisionJob.objects.get(pk=response.json()["id"])
    assert job.status == "completed", job.error_message
    return job


def state(api, job):
    response = api.get(f"/api/v1/jobs/{job.pk}/director/")
    assert response.status_code == 200, response.json()
    return response.json()


def select(api, run, job, director_id="newtonian", **extra):
    return run(
        api.post, f"/api/v1/jobs/{job.pk}/select-director/", {"director_id": director_id, **extra}, format="json"
    )


def review(api, run, job, scene_id, verdict, version, feedback=""):
    return run(
        api.post,
        f"/api/v1/jobs/{job.pk}/scenes/{scene_id}/review/",
        {"verdict": verdict, "feedback": feedback},
        format="json",
        HTTP_IF_MATCH=f'"{version}"',
    )


def approve_all(api, run, job):
    current = state(api, job)
    for scene in current["scenes"]:
        response = review(api, run, job, scene["id"], "GREEN", current["version"])
        assert response.status_code == 200, response.json()
        current = response.json()
    return current


def choose(api, run, job, director_id="newtonian", **extra):
    """Select a director, let the queued work run, and return the resulting DirectorState."""
    response = select(api, run, job, director_id, **extra)
    assert response.status_code == 201, response.json()
    return state(api, job)


def client_for(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def upload_photo(client, name):
    """Upload the committed photograph `name` as the client's user; the job it created."""
    response = client.post("/api/v1/jobs/", {"image": SimpleUploadedFile(name, photo_bytes(name))}, format="multipart")
    assert response.status_code == 201, response.json()
    return VisionJob.objects.get(pk=response.json()["id"])


def reviewing(client, job, run_tasks):
    with run_tasks(execute=True):
        response = client.post(
            f"/api/v1/jobs/{job.pk}/select-director/", {"director_id": "newtonian", "remaster": True}, format="json"
        )
    assert response.status_code == 201, response.json()
    state = client.get(f"/api/v1/jobs/{job.pk}/director/").json()
    assert state["stage"] == "STORYBOARD_REVIEW", state
    return state


def all_green(client, job, state):
    for scene in state["scenes"]:
        response = client.post(
            f"/api/v1/jobs/{job.pk}/scenes/{scene['id']}/review/",
            {"verdict": "GREEN"},
            format="json",
            HTTP_IF_MATCH=f'"{state["version"]}"',
        )
        assert response.status_code == 200, response.json()
        state = response.json()
    return state
