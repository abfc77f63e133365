"""JSON endpoints take application/json only; a form or multipart body is a 415 that says what to send."""

import pytest
from rest_framework.test import APIClient

from tests.photos import photo_bytes


@pytest.fixture
def job_id(upload):
    response = upload()
    assert response.status_code == 201, response.json()
    return response.json()["id"]


@pytest.mark.parametrize("fmt", ["multipart", "form"])
def test_a_form_body_to_a_json_endpoint_is_a_415(api, job_id, fmt):
    body = {"director_id": "newtonian"}
    if fmt == "form":
        response = api.post(
            f"/api/v1/jobs/{job_id}/select-director/",
            "director_id=newtonian",
            content_type="application/x-www-form-urlencoded",
        )
    else:
        response = api.post(f"/api/v1/jobs/{job_id}/select-director/", body, format="multipart")
    assert response.status_code == 415, response.content
    assert response.json()["code"] == "unsupported_media_type"
    assert response.json()["detail"].endswith("; send the body as application/json.")


def test_the_same_body_as_json_is_taken(api, job_id, run):
    response = run(api.post, f"/api/v1/jobs/{job_id}/select-director/", {"director_id": "newtonian"}, format="json")
    assert response.status_code == 201, response.json()


def test_sign_in_takes_json_only(user):
    user.set_password("a-long-unusual-passphrase")
    user.save()
    client = APIClient()
    form = client.post(
        "/api/v1/auth/token/", {"username": user.username, "password": "a-long-unusual-passphrase"}, format="multipart"
    )
    assert form.status_code == 415, form.content
    json = client.post(
        "/api/v1/auth/token/", {"username": user.username, "password": "a-long-unusual-passphrase"}, format="json"
    )
    assert json.status_code == 200, json.content


def test_the_upload_takes_multipart_only(api):
    response = api.post("/api/v1/jobs/", {"image": photo_bytes().hex()}, format="json")
    assert response.status_code == 415, response.content
    assert response.json()["code"] == "unsupported_media_type"
    assert response.json()["detail"].endswith("; send the body as multipart/form-data.")
