"""Requests Django refuses while reading them answer the API's JSON `{detail, code}`, with the right status."""

import json

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from director.models import VisionJob

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("relaxed_rates")]


def assert_json_error(response, status, code, words):
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["code"] == code and words in body["detail"], body


def test_a_json_body_over_the_memory_limit_is_a_413(anon):
    body = json.dumps({"username": "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)})
    response = anon.post("/api/v1/auth/register/", body, content_type="application/json")
    assert_json_error(response, 413, "too_large", "2 MiB")


def test_more_than_the_allowed_form_fields_is_a_400(api, media_root):
    # The upload is the one route that parses form data (JSON routes answer a form post with 415).
    fields = {f"f{i}": "x" for i in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1)}
    response = api.post("/api/v1/jobs/", fields, format="multipart")
    assert_json_error(response, 400, "too_many_fields", "fields")
    assert VisionJob.objects.count() == 0


def test_a_form_post_to_a_json_route_is_a_json_415(anon):
    body = "&".join(f"f{i}=x" for i in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1))
    response = anon.post("/api/v1/auth/register/", body, content_type="application/x-www-form-urlencoded")
    assert_json_error(response, 415, "unsupported_media_type", "application/json")


def test_more_than_the_allowed_files_is_a_400_and_stores_nothing(api, media_root):
    files = {f"image{i}": SimpleUploadedFile(f"{i}.jpg", b"\xff\xd8\xff") for i in range(101)}
    response = api.post("/api/v1/jobs/", files, format="multipart")
    assert_json_error(response, 400, "too_many_files", "files")
    assert VisionJob.objects.count() == 0 and not media_root.exists()


def test_a_host_that_is_not_allowed_is_a_json_400_under_the_api(api):
    response = api.get("/api/v1/jobs/", HTTP_HOST="attacker.example")
    assert_json_error(response, 400, "bad_host", "Host")


def test_a_host_that_is_not_allowed_is_still_djangos_page_elsewhere(client):
    response = client.get("/studio/", HTTP_HOST="attacker.example")
    assert response.status_code == 400 and response["Content-Type"].startswith("text/html")


def test_a_body_without_a_length_is_a_411_naming_the_header(api, media_root):
    # Django reads a chunked body as empty; the request is refused instead of served as bodiless.
    response = api.post(
        "/api/v1/jobs/",
        b"--x\r\n",
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH="",
        HTTP_TRANSFER_ENCODING="chunked",
    )
    assert_json_error(response, 411, "length_required", "Content-Length")
    assert VisionJob.objects.count() == 0 and not media_root.exists()
