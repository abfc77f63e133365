"""Requests that never reach a DRF view still get the API's JSON under /api/."""

import json

import pytest

from studio_project.errors import server_error


@pytest.mark.parametrize("path", ["/api/v1/jobs/0.5/", "/api/v1/nothing-here/", "/api/v2/jobs/"])
def test_an_api_url_that_matches_no_route_is_a_json_404(api, path):
    response = api.get(path)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "detail": f"No API endpoint matches {path}; the list is at /api/docs/.",
        "code": "not_found",
    }


def test_under_a_script_prefix_it_is_still_json_and_points_at_the_prefixed_docs(api):
    response = api.get("/api/v1/nothing-here/", SCRIPT_NAME="/studio-app")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json()["detail"].endswith("the list is at /studio-app/api/docs/.")


def test_elsewhere_a_missing_page_is_still_a_page(client, db):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


def test_a_crash_outside_drf_is_json_under_api_and_a_page_elsewhere(rf):
    api = server_error(rf.get("/api/v1/jobs/"))
    assert api.status_code == 500
    assert json.loads(api.content)["code"] == "server_error"
    page = server_error(rf.get("/studio/"))
    assert page.status_code == 500
    assert page["Content-Type"].startswith("text/html")
