import threading

import pytest
from django.db import connections
from rest_framework.test import APIClient

PASSWORD = "a-long-unusual-passphrase"


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
