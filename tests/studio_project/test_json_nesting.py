"""JSON nested past a few levels is a 400 naming the problem, never a RecursionError (500)."""

import json

import pytest

from director.models import VisionJob
from studio_project.parsers import MAX_DEPTH
from tests.jobs import make_job
from tests.studio_project.test_request_limits import assert_json_error

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("relaxed_rates")]

NESTED = "[" * 20_000 + "]" * 20_000  # 40 KB of brackets: Python's decoder recurses once per bracket


@pytest.fixture
def job(user):
    return make_job(user)


def test_deeply_nested_json_to_register_is_a_400(anon):
    response = anon.post("/api/v1/auth/register/", NESTED, content_type="application/json")
    assert_json_error(response, 400, "parse_error", f"more than {MAX_DEPTH} levels")


def test_deeply_nested_json_to_select_director_is_a_400(api, job):
    body = json.dumps({"director_id": "newtonian", "remaster": NESTED}).replace(json.dumps(NESTED), NESTED)
    response = api.post(f"/api/v1/jobs/{job.pk}/select-director/", body, content_type="application/json")
    assert_json_error(response, 400, "parse_error", "nested")
    assert VisionJob.objects.get().status == job.status


def test_deeply_nested_json_to_a_review_is_a_400(api, job):
    scene = "00000000-0000-4000-8000-000000000000"
    response = api.post(f"/api/v1/jobs/{job.pk}/scenes/{scene}/review/", NESTED, content_type="application/json")
    assert_json_error(response, 400, "parse_error", "nested")


def test_nesting_below_the_python_limit_but_past_the_bound_is_a_400(anon):
    # 200 levels decode without a RecursionError; they are refused all the same.
    response = anon.post("/api/v1/auth/register/", "[" * 200 + "]" * 200, content_type="application/json")
    assert_json_error(response, 400, "parse_error", "nested")


def test_ordinary_nesting_still_parses(anon):
    response = anon.post("/api/v1/auth/register/", {"username": [[["x"]]]}, format="json")
    assert_json_error(response, 400, "invalid", "username")
