"""Real jobs in real stages, built through the public API, for the hardening suites."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from director.models import VisionJob
from tests.api.images import photo


def client_for(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def upload(client, image):
    response = client.post("/api/v1/jobs/", {"image": SimpleUploadedFile(image, photo(image))}, format="multipart")
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


@pytest.fixture
def build_jobs(django_capture_on_commit_callbacks):
    """Real photographs uploaded as `user` and walked through the API (tasks run in-process) to:
    "idle" (the Lounge is open), "review" (a storyboard of PENDING scenes) and "approvable" (every scene GREEN)."""

    def _build(user, *, reviewing_too=True):
        client = client_for(user)
        with django_capture_on_commit_callbacks(execute=True):
            jobs = {"idle": upload(client, "astronaut.jpg")}
        if reviewing_too:
            for name in ("review", "approvable"):
                with django_capture_on_commit_callbacks(execute=True):
                    jobs[name] = upload(client, "coffee.jpg")
                jobs[f"{name}_state"] = reviewing(client, jobs[name], django_capture_on_commit_callbacks)
            jobs["approvable_state"] = all_green(client, jobs["approvable"], jobs["approvable_state"])
        assert client.get(f"/api/v1/jobs/{jobs['idle'].pk}/director/").json()["stage"] == "IDLE"
        return jobs

    return _build


@pytest.fixture
def token(user):
    return Token.objects.create(user=user).key
