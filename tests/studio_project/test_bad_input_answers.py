"""Bodies and query strings that cannot be stored or echoed are 400s naming the problem, never a 500.

A `\\udXXX` escape decodes to a lone surrogate (no UTF-8 encoding); PostgreSQL refuses NUL in text;
int() refuses more than 4300 digits; a long If-Match is not echoed back whole.
"""

import pytest

from tests.flow import client_for, reviewing, upload_photo
from tests.studio_project.test_request_limits import assert_json_error

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("relaxed_rates")]


@pytest.fixture
def review(user, django_capture_on_commit_callbacks):
    """A job in storyboard review: (client, job, director state)."""
    client = client_for(user)
    with django_capture_on_commit_callbacks(execute=True):
        job = upload_photo(client, "coffee.jpg")
    return client, job, reviewing(client, job, django_capture_on_commit_callbacks)


@pytest.mark.parametrize("body", ['{"username":"b\\udc00ob","password":"x"}', '{"b\\udc00ob":"x"}'])
def test_a_lone_surrogate_in_a_sign_in_is_a_400(anon, body):
    response = anon.post("/api/v1/auth/token/", body, content_type="application/json")
    assert_json_error(response, 400, "parse_error", "unpaired surrogate (\\udc00); send valid UTF-8 text")


def test_a_lone_surrogate_in_a_registration_is_a_400(anon):
    body = '{"username":"bob","password":"x\\ud800y-long-enough-9","email":"a@b.example"}'
    response = anon.post("/api/v1/auth/register/", body, content_type="application/json")
    assert_json_error(response, 400, "parse_error", "unpaired surrogate (\\ud800)")


def test_a_paired_surrogate_is_an_ordinary_character(anon):
    response = anon.post(
        "/api/v1/auth/token/", '{"username":"\\ud83d\\ude00","password":"x"}', content_type="application/json"
    )
    assert response.status_code != 500 and response.json()["code"] != "parse_error"


def test_a_lone_surrogate_as_a_review_verdict_is_a_400(review):
    client, job, state = review
    response = client.post(
        f"/api/v1/jobs/{job.pk}/scenes/{state['scenes'][0]['id']}/review/",
        '{"verdict":"\\ud800"}',
        content_type="application/json",
        HTTP_IF_MATCH=f'"{state["version"]}"',
    )
    assert_json_error(response, 400, "parse_error", "unpaired surrogate (\\ud800)")


def test_a_long_if_match_is_not_echoed_whole(review):
    client, job, state = review
    response = client.post(
        f"/api/v1/jobs/{job.pk}/scenes/{state['scenes'][0]['id']}/review/",
        {"verdict": "GREEN"},
        format="json",
        HTTP_IF_MATCH="x" * 5000,
    )
    assert response.status_code == 428
    detail = response.json()["detail"]
    assert "x" * 40 in detail and "x" * 41 not in detail and len(detail) < 200


def test_a_number_with_thousands_of_digits_is_a_400(anon):
    body = '{"username":"bob","password":' + "9" * 5000 + "}"
    response = anon.post("/api/v1/auth/register/", body, content_type="application/json")
    assert_json_error(response, 400, "parse_error", "a number in the body has too many digits")
    assert "set_int_max_str_digits" not in response.json()["detail"]


@pytest.mark.parametrize(
    "url",
    [
        "/admin/accounts/user/?username=%00",
        "/admin/director/visionjob/?status__exact=%00",
        "/admin/learning/learningevent/?director=%00",
        "/admin/learning/learningevent/export.csv?director=%00",
        "/admin/ratelimit/ratelimitbucket/?identifier=%00",
        "/admin/django_tasks_database/dbtaskresult/?task_path=%00",
        "/admin/accounts/user/?%00=x",
        "/admin/accounts/user/?q=a%01b",
    ],
)
def test_a_control_character_in_an_admin_query_is_a_400(admin_client, url):
    response = admin_client.get(url)
    assert response.status_code == 400, response.content[:200]
    assert response["Content-Type"].startswith("text/plain")
    assert b"control character" in response.content


def test_a_nul_in_an_api_query_is_a_json_400(user):
    response = client_for(user).get("/api/v1/jobs/?status=%00")
    assert_json_error(response, 400, "bad_query", "control character")


def test_tabs_and_ordinary_queries_still_pass(admin_client):
    assert admin_client.get("/admin/accounts/user/?q=a%09b").status_code == 200
