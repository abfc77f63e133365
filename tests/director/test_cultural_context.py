"""A job's cultural context: detected from Accept-Language, set in me/ or at upload, or the default, with its source."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from rest_framework.test import APIClient

from accounts.models import User
from director import culture
from director.models import VisionJob
from tests.photos import photo_bytes


def post_upload(client, captured, **fields):
    with captured(execute=True):
        return client.post(
            "/api/v1/jobs/",
            {"image": SimpleUploadedFile("photo.jpg", photo_bytes(), "image/jpeg"), **fields},
            format="multipart",
        )


@pytest.mark.parametrize(
    ("header", "language", "region", "confidence"),
    [
        ("zh-TW,zh;q=0.9,en-US;q=0.8", "zh-TW", "taiwan", 1.0),
        ("en-US;q=0.5, ms-MY;q=0.9", "ms", "malaysia", 0.9),  # q-values rank, not the order written
        ("fr-FR, zh-CN;q=0.7", "zh-CN", "china", 0.7),  # a language Studio does not write is skipped
        ("zh-HK", "zh-TW", "taiwan", 0.8),
        ("en-GB", "en", "western", 1.0),
    ],
)
def test_it_detects_the_language_from_accept_language_by_q_value(header, language, region, confidence):
    found = culture.detect(header)
    assert found["language"] == language
    assert found["region"] == region
    assert found["source"] == "auto_browser"
    assert found["confidence"] == confidence
    assert found["formality"] == "professional" and found["warmth"] == 0.5


@pytest.mark.parametrize("header", ["", "fr-FR,de;q=0.8", "*", "zh;q=0", "en;q=abc"])
def test_it_detects_nothing_from_a_header_without_our_languages(header):
    assert culture.detect(header) is None


@pytest.mark.django_db
def test_sign_up_records_the_browser_language_as_auto_browser():
    response = APIClient().post(
        "/api/v1/auth/register/",
        {"username": "meiling", "email": "mei@example.com", "password": "a long pass phrase 7"},
        format="json",
        HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9,en;q=0.6",
    )
    assert response.status_code == 201, response.json()
    context = response.json()["user"]["cultural_context"]
    assert (context["language"], context["region"], context["source"]) == ("zh-CN", "china", "auto_browser")
    assert User.objects.get(username="meiling").cultural_context["source"] == "auto_browser"


@pytest.mark.django_db
def test_without_a_header_the_default_is_recorded_as_default(api, user):
    context = api.get("/api/v1/me/").json()["cultural_context"]
    assert context == {
        "language": "en",
        "region": "western",
        "formality": "professional",
        "warmth": 0.5,
        "source": "default",
        "confidence": 1.0,
    }
    user.refresh_from_db()
    assert user.cultural_context["source"] == "default"


@pytest.mark.django_db
def test_the_first_request_detects_and_later_headers_do_not_change_it(api, user):
    assert api.get("/api/v1/me/", HTTP_ACCEPT_LANGUAGE="ms-MY").json()["cultural_context"]["language"] == "ms"
    assert api.get("/api/v1/me/", HTTP_ACCEPT_LANGUAGE="zh-TW").json()["cultural_context"]["language"] == "ms"


@pytest.mark.django_db
def test_patching_me_overrides_the_detected_context_as_user_explicit(api, user):
    api.get("/api/v1/me/", HTTP_ACCEPT_LANGUAGE="en-US")
    response = api.patch("/api/v1/me/", {"cultural_context": {"language": "zh-TW", "warmth": 0.8}}, format="json")
    assert response.status_code == 200, response.json()
    context = response.json()["cultural_context"]
    assert context["language"] == "zh-TW"
    assert context["region"] == "taiwan"  # a language chosen alone brings its region
    assert context["warmth"] == 0.8
    assert (context["source"], context["confidence"]) == ("user_explicit", 1.0)
    user.refresh_from_db()
    assert user.cultural_context == context


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"cultural_context": {"language": "fr"}}, "language"),
        ({"cultural_context": {"warmth": 1.5}}, "warmth"),
        ({"cultural_context": {"formality": "rude"}}, "formality"),
    ],
)
def test_a_bad_context_is_a_400_naming_the_field(api, body, field):
    response = api.patch("/api/v1/me/", body, format="json")
    assert response.status_code == 400
    assert field in str(response.json())


@pytest.mark.django_db
def test_a_job_copies_the_account_default(api, user, django_capture_on_commit_callbacks):
    api.patch("/api/v1/me/", {"cultural_context": {"language": "ms", "formality": "formal"}}, format="json")
    response = post_upload(api, django_capture_on_commit_callbacks)
    assert response.status_code == 201, response.json()
    context = response.json()["cultural_context"]
    assert (context["language"], context["formality"], context["source"]) == ("ms", "formal", "user_explicit")
    assert VisionJob.objects.get(pk=response.json()["id"]).cultural_context == context


@pytest.mark.django_db
def test_fields_sent_with_the_upload_override_for_that_job_only(api, user, django_capture_on_commit_callbacks):
    first = post_upload(api, django_capture_on_commit_callbacks, language="zh-CN", warmth="0.2")
    assert first.status_code == 201, first.json()
    context = first.json()["cultural_context"]
    assert (context["language"], context["region"], context["warmth"]) == ("zh-CN", "china", 0.2)
    assert context["source"] == "user_explicit"
    second = post_upload(api, django_capture_on_commit_callbacks)
    assert second.json()["cultural_context"]["language"] == "en"
    assert second.json()["cultural_context"]["source"] == "default"


@pytest.mark.django_db
def test_an_upload_with_a_bad_language_is_a_400_and_no_job(api, django_capture_on_commit_callbacks):
    response = post_upload(api, django_capture_on_commit_callbacks, language="klingon")
    assert response.status_code == 400
    assert "language" in str(response.json())
    assert not VisionJob.objects.exists()


@pytest.mark.django_db
def test_a_signed_in_session_upload_detects_and_stores_the_accounts_context(django_capture_on_commit_callbacks):
    # The web studio uploads with the session: request.user is then Django's lazy wrapper, not a User.
    user = User.objects.create_user(username="session-uploader", password="a-long-studio-passphrase-42")
    client = Client(HTTP_ACCEPT_LANGUAGE="ms-MY,en;q=0.5")
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=False):
        response = client.post("/api/v1/jobs/", {"image": SimpleUploadedFile("photo.jpg", photo_bytes(), "image/jpeg")})
    assert response.status_code == 201, response.content
    assert response.json()["cultural_context"]["language"] == "ms"
    assert User.objects.get(pk=user.pk).cultural_context["source"] == "auto_browser"
