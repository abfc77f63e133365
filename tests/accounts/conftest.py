import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from director.models import VisionJob
from tests.hardening.conftest import all_green, client_for, reviewing, upload

PASSWORD = "correct-horse-battery"  # tests.factories.UserFactory's


def token_client(key):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


@pytest.fixture
def token(user):
    return Token.objects.create(user=user).key


@pytest.fixture
def completed_job(django_capture_on_commit_callbacks, relaxed_rates):
    """complete(user): a job of theirs walked through the API to COMPLETED (upload, previews, video)."""

    def _complete(user, image="astronaut.jpg"):
        client = client_for(user)
        with django_capture_on_commit_callbacks(execute=True):
            job = upload(client, image)
        current = all_green(client, job, reviewing(client, job, django_capture_on_commit_callbacks))
        assert current["scenes"] and all(scene["preview_url"] for scene in current["scenes"])
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(f"/api/v1/jobs/{job.pk}/approve/")
        assert response.status_code == 202, response.json()
        final = client.get(f"/api/v1/jobs/{job.pk}/director/").json()
        assert final["stage"] == "COMPLETED", final
        return VisionJob.objects.select_related("prompt_record").get(pk=job.pk)

    return _complete
