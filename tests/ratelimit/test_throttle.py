from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from ratelimit.models import RateLimitBucket

pytestmark = pytest.mark.urls("tests.ratelimit.urls")
T0 = datetime(2026, 3, 1, 12, 0, 0, tzinfo=UTC)


def test_a_successful_response_carries_the_ratelimit_headers(api):
    with time_machine.travel(T0, tick=False) as clock:
        api.post("/generate/")
        clock.shift(timedelta(seconds=43))
        response = api.post("/generate/")
    assert response.status_code == 200
    assert response["RateLimit-Policy"] == '"generate";q=10;w=60'
    assert response["RateLimit"] == '"generate";r=8;t=17'


def test_over_the_limit_is_a_429_that_says_when_to_come_back(api):
    with time_machine.travel(T0, tick=False) as clock:
        for _ in range(10):
            assert api.post("/generate/").status_code == 200
        clock.shift(timedelta(seconds=43))
        response = api.post("/generate/")
    assert response.status_code == 429
    assert response["Retry-After"] == "17"
    assert response["RateLimit"] == '"generate";r=0;t=17'
    assert response.json() == {
        "detail": "Too many requests for generate: limit 10 per 60 s. Try again in 17 s.",
        "code": "throttled",
    }


def test_the_scopes_have_the_original_rates(api):
    assert api.post("/upload/")["RateLimit-Policy"] == '"upload";q=20;w=60'
    assert api.get("/other/")["RateLimit-Policy"] == '"api";q=60;w=60'


def test_a_view_without_a_scope_counts_against_api(api, user):
    for _ in range(60):
        assert api.get("/other/").status_code == 200
    assert api.get("/other/").status_code == 429
    assert RateLimitBucket.objects.get(identifier=f"user:{user.pk}").endpoint == "api"


def test_scopes_count_separately(api):
    for _ in range(10):
        api.post("/generate/")
    assert api.post("/generate/").status_code == 429
    assert api.post("/upload/").status_code == 200
    assert api.get("/other/").status_code == 200


def test_users_are_counted_separately(api, other_user):
    for _ in range(11):
        api.post("/generate/")
    other = APIClient()
    other.force_authenticate(other_user)
    assert other.post("/generate/").status_code == 200


def test_anonymous_callers_are_counted_per_address_never_in_one_bucket(db):
    first, second = APIClient(REMOTE_ADDR="198.51.100.7"), APIClient(REMOTE_ADDR="198.51.100.8")
    for _ in range(60):
        assert first.get("/public/").status_code == 200
    assert first.get("/public/").status_code == 429
    assert second.get("/public/").status_code == 200
    assert set(RateLimitBucket.objects.values_list("identifier", flat=True)) == {
        "ip:198.51.100.7",
        "ip:198.51.100.8",
    }


def test_a_throttled_request_costs_one_sql_statement(api, user):
    api.post("/generate/")
    with CaptureQueriesContext(connection) as queries:
        assert api.post("/generate/").status_code == 200
    assert len(queries) == 1


def test_rates_come_from_settings(api, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {
        **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "generate": "2/30s",
    }}  # fmt: skip
    assert api.post("/generate/")["RateLimit-Policy"] == '"generate";q=2;w=30'
    api.post("/generate/")
    assert api.post("/generate/").status_code == 429


def test_a_database_error_refuses_the_request_with_a_503(api):
    with connection.cursor() as cursor:  # a real failure: the table is gone (rolled back after the test)
        cursor.execute("DROP TABLE rate_limit_buckets")
    response = api.post("/generate/")
    assert response.status_code == 503
    assert response.json()["code"] == "service_unavailable"
    assert response["Retry-After"] == "5"
