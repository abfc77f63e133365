"""The studio's server-rendered pages: sign in, sign up, the app shell and its static files."""

import json
from datetime import UTC, datetime

import pytest
import time_machine
from django.contrib.staticfiles import finders
from rest_framework.authtoken.models import Token

from accounts.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-studio-passphrase-42"


def config_of(response):
    html = response.content.decode()
    start = html.index('<script id="studio-config" type="application/json">') + len(
        '<script id="studio-config" type="application/json">'
    )
    return json.loads(html[start : html.index("</script>", start)])


def test_the_root_sends_people_to_the_studio(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/studio/"


def test_the_studio_asks_a_signed_out_person_to_sign_in(client):
    response = client.get("/studio/")
    assert response.status_code == 302
    assert response["Location"].startswith("/studio/login/?next=/studio/")


def test_registering_signs_the_person_in_with_a_session_and_an_api_token(client):
    response = client.post(
        "/studio/register/",
        {"username": "grace", "email": "grace@example.com", "password": PASSWORD, "learning_consent": "on"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/studio/"
    user = User.objects.get(username="grace")
    assert user.learning_consent is True
    assert Token.objects.filter(user=user).exists()
    page = client.get("/studio/")
    assert page.status_code == 200
    assert config_of(page)["user"]["username"] == "grace"
    assert "csrftoken" in page.cookies


def test_registering_without_consent_records_a_no(client):
    client.post("/studio/register/", {"username": "nolearn", "email": "nolearn@example.com", "password": PASSWORD})
    assert User.objects.get(username="nolearn").learning_consent is False


def test_registering_applies_the_apis_password_and_username_rules(client):
    UserFactory(username="taken")
    response = client.post("/studio/register/", {"username": "taken", "email": "t@example.com", "password": "123"})
    assert response.status_code == 400
    assert "That username is taken; choose another." in response.context["form"].errors["username"]
    response = client.post("/studio/register/", {"username": "fresh", "email": "fresh@example.com", "password": "123"})
    assert response.status_code == 400
    assert any("too short" in message for message in response.context["form"].errors["password"])
    assert not User.objects.filter(username="fresh").exists()


def test_signing_in_opens_the_studio_and_signing_out_closes_it(client):
    UserFactory(username="linus", password=PASSWORD)
    response = client.post("/studio/login/", {"username": "linus", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/studio/"
    assert client.get("/studio/").status_code == 200
    assert client.get("/api/v1/me/").json()["username"] == "linus"  # the API accepts the session
    assert client.post("/studio/logout/").status_code == 302
    assert client.get("/studio/").status_code == 302


def test_a_wrong_password_is_refused_on_the_form(client):
    UserFactory(username="linus", password=PASSWORD)
    response = client.post("/studio/login/", {"username": "linus", "password": "wrong"})
    assert response.status_code == 200
    assert "Please enter a correct username and password" in response.content.decode()


def test_too_many_sign_in_attempts_are_refused_in_words(client, settings):
    settings.STUDIO_AUTH_RATES = {**settings.STUDIO_AUTH_RATES, "login_username": "2/min"}
    UserFactory(username="linus", password=PASSWORD)
    # The attempt windows are aligned to the clock: frozen mid-minute, no window ends between the attempts.
    with time_machine.travel(datetime(2026, 3, 1, 12, 0, 30, tzinfo=UTC), tick=False):
        for _ in range(2):
            client.post("/studio/login/", {"username": "linus", "password": "wrong"})
        response = client.post("/studio/login/", {"username": "linus", "password": PASSWORD})
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert f"Try again in {response['Retry-After']} s." in response.content.decode()
    assert client.get("/studio/").status_code == 302


def test_the_studio_sign_in_limit_counts_every_spelling_of_an_account(client, settings):
    settings.STUDIO_AUTH_RATES = {**settings.STUDIO_AUTH_RATES, "login_username": "2/min"}
    UserFactory(username="linus", email="linus@example.com", password=PASSWORD)
    with time_machine.travel(datetime(2026, 3, 1, 12, 0, 30, tzinfo=UTC), tick=False):
        for typed in ["LINUS", "linus@EXAMPLE.com"]:
            assert client.post("/studio/login/", {"username": typed, "password": "wrong"}).status_code == 200
        response = client.post("/studio/login/", {"username": "ｌｉｎｕｓ", "password": PASSWORD})
    assert response.status_code == 429
    assert client.get("/studio/").status_code == 302


def test_the_session_api_needs_the_csrf_token(client):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    UserFactory(username="ada", password=PASSWORD)
    strict.get("/studio/login/")
    token = strict.cookies["csrftoken"].value
    strict.post("/studio/login/", {"username": "ada", "password": PASSWORD, "csrfmiddlewaretoken": token})
    page = strict.get("/studio/")
    token = page.cookies["csrftoken"].value if "csrftoken" in page.cookies else strict.cookies["csrftoken"].value
    refused = strict.patch("/api/v1/me/", {"learning_consent": False}, content_type="application/json")
    assert refused.status_code == 403
    accepted = strict.patch(
        "/api/v1/me/", {"learning_consent": False}, content_type="application/json", HTTP_X_CSRFTOKEN=token
    )
    assert accepted.status_code == 200
    assert accepted.json()["learning_consent"] is False


def test_the_page_loads_only_its_own_static_files(client):
    UserFactory(username="ada", password=PASSWORD)
    client.post("/studio/login/", {"username": "ada", "password": PASSWORD})
    html = client.get("/studio/").content.decode()
    for name in ["studio/css/studio.css", "studio/js/app.js"]:
        assert f"/static/{name}" in html
        assert finders.find(name), name
    assert "http://" not in html and "https://" not in html
    for module in ["api", "app", "charts", "dom", "job", "jobs", "lounge", "notices", "poll", "storyboard", "taste",
                   "upload"]:  # fmt: skip
        assert finders.find(f"studio/js/{module}.js"), module
