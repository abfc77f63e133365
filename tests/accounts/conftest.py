import threading

import pytest
from django.db import connections
from rest_framework.test import APIClient

from director.models import VisionJob
from tests.flow import all_green, client_for, reviewing, upload_photo

PASSWORD = "a-long-unusual-passphrase"  # for accounts these tests register
FACTORY_PASSWORD = "correct-horse-battery"  # tests.factories.UserFactory's


@pytest.fixture(autouse=True)
def quick_accounts(settings):
    """Sign-up and sign-in limits out of the way, and a quick hasher: these tests are about who gets in."""
    settings.STUDIO_AUTH_RATES = {"login_ip": "1000/min", "login_username": "1000/min", "register_ip": "1000/min"}
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def register(client, username, email, password=PASSWORD):
    return client.post(
        "/api/v1/auth/register/", {"username": username, "email": email, "password": password}, format="json"
    )


def sign_in(client, username, password=PASSWORD):
    return client.post("/api/v1/auth/token/", {"username": username, "password": password}, format="json")


def in_threads(count, target):
    """Run target(number) in `count` threads at once, each on its own database connection; return the results."""
    results = [None] * count

    def run(number):
        try:
            results[number] = target(number)
        except BaseException as error:  # noqa: BLE001 - reported by the test as a result
            results[number] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(number,)) for number in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return results


def quiet_client():
    """A client that answers a server error as a 500, as a real one would, instead of raising it."""
    return APIClient(raise_request_exception=False)


def token_client(key):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


@pytest.fixture
def completed_job(django_capture_on_commit_callbacks, relaxed_rates):
    """complete(user): a job of theirs walked through the API to COMPLETED (upload, previews, video)."""

    def _complete(user, image="astronaut.jpg"):
        client = client_for(user)
        with django_capture_on_commit_callbacks(execute=True):
            job = upload_photo(client, image)
        current = all_green(client, job, reviewing(client, job, django_capture_on_commit_callbacks))
        assert current["scenes"] and all(scene["preview_url"] for scene in current["scenes"])
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(f"/api/v1/jobs/{job.pk}/approve/")
        assert response.status_code == 202, response.json()
        final = client.get(f"/api/v1/jobs/{job.pk}/director/").json()
        assert final["stage"] == "COMPLETED", final
        return VisionJob.objects.select_related("prompt_record").get(pk=job.pk)

    return _complete
