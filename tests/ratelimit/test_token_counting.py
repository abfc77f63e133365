"""Token authentication and the count in one statement (PostgreSQL), DRF's lookup elsewhere."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from accounts.models import User
from ratelimit.blocks import first_block
from ratelimit.buckets import hit, parse_rate
from ratelimit.clients import bucket_identifier
from ratelimit.models import RateLimitBucket
from ratelimit.throttling import rate_for
from tests.ratelimit import urls

pytestmark = pytest.mark.urls("tests.ratelimit.urls")
T0 = datetime(2026, 3, 1, 12, 0, 0, tzinfo=UTC)


@pytest.fixture
def token(user):
    return Token.objects.create(user=user)


@pytest.fixture
def client(token):
    return APIClient(HTTP_AUTHORIZATION=f"Token {token.key}")


def buckets():
    return list(RateLimitBucket.objects.values_list("identifier", "endpoint", "request_count"))


def test_on_postgresql_a_token_request_is_looked_up_and_counted_in_one_statement(postgres, client, user):
    client.post("/generate/")
    with CaptureQueriesContext(connection) as queries:
        response = client.post("/generate/")
    assert response.status_code == 200
    assert len(queries) == 1
    assert "authtoken_token" in queries[0]["sql"] and "rate_limit_buckets" in queries[0]["sql"]
    assert buckets() == [(f"user:{user.pk}", "generate", 2)]
    assert response["RateLimit"].startswith('"generate";r=8;')


def test_the_statement_is_prepared_once_per_connection(postgres, client):
    for _ in range(3):
        client.post("/generate/")
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE '%%rate_limit_buckets%%'")
        assert cursor.fetchone()[0] == 1


def test_without_prepared_statements_it_counts_all_the_same(postgres, client, user, settings):
    settings.DATABASES["default"]["OPTIONS"]["prepare_threshold"] = None
    try:
        for _ in range(2):
            assert client.post("/generate/").status_code == 200
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_prepared_statements")
            assert cursor.fetchone()[0] == 0
    finally:
        settings.DATABASES["default"]["OPTIONS"]["prepare_threshold"] = 5
    assert buckets() == [(f"user:{user.pk}", "generate", 2)]


def test_the_request_gets_the_whole_user_and_its_token(client, user, token):
    user.creative_profile = {"weights": {"noir": 0.25}, "choices": 3}
    user.save()
    urls.SEEN.clear()
    assert client.get("/whoami/").status_code == 200
    [(seen, auth)] = urls.SEEN
    loaded = User.objects.get(pk=user.pk)
    fields = [field.attname for field in User._meta.concrete_fields]
    assert {name: getattr(seen, name) for name in fields} == {name: getattr(loaded, name) for name in fields}
    assert seen.creative_profile == {"weights": {"noir": 0.25}, "choices": 3}
    assert (auth.key, auth.created, auth.user_id) == (token.key, token.created, user.pk)


def test_the_bucket_is_the_one_the_throttle_would_use(client, user, rf):
    client.post("/generate/")
    request = rf.get("/")
    request.user = user
    assert [identifier for identifier, *_ in buckets()] == [bucket_identifier(request)]


def test_a_view_without_the_throttle_is_looked_up_but_never_counted(client):
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/unthrottled/").status_code == 200
    assert len(queries) == 1
    assert buckets() == []
    assert "RateLimit" not in client.get("/unthrottled/")


@pytest.mark.parametrize(("method", "path"), [("post", "/generate/"), ("get", "/unthrottled/")])
def test_an_unknown_token_is_a_401_and_counts_nothing(db, method, path):
    stranger = APIClient(HTTP_AUTHORIZATION="Token 0123456789abcdef0123456789abcdef01234567")
    response = getattr(stranger, method)(path)
    assert response.status_code == 401
    assert response.json()["detail"] == "Invalid token."
    assert response["WWW-Authenticate"] == "Token"
    assert buckets() == []


@pytest.mark.parametrize("key", ["abc\x00def", "f" * 41, "0" * 5000])
def test_a_token_that_cannot_exist_is_a_401_without_a_query(db, key):
    with CaptureQueriesContext(connection) as queries:
        response = APIClient(HTTP_AUTHORIZATION=f"Token {key}").post("/generate/")
    assert response.status_code == 401
    assert response.json()["detail"] == "Invalid token."
    assert len(queries) == 0
    assert buckets() == []


def test_an_inactive_user_is_a_401_and_counts_nothing(client, user):
    user.is_active = False
    user.save()
    response = client.post("/generate/")
    assert response.status_code == 401
    assert response.json()["detail"] == "User inactive or deleted."
    assert buckets() == []


def test_the_limit_holds_for_token_requests(client, user):
    with time_machine.travel(T0, tick=False) as clock:
        for _ in range(10):
            assert client.post("/generate/").status_code == 200
        clock.shift(timedelta(seconds=43))
        refused = client.post("/generate/")
        again = client.post("/generate/")
    assert refused.status_code == again.status_code == 429
    assert refused["Retry-After"] == "17"
    assert refused.json()["detail"] == "Too many requests for generate: limit 10 per 60 s. Try again in 17 s."
    assert buckets() == [(f"user:{user.pk}", "generate", 11)]  # a refused request never grows the count


def test_each_scope_is_counted_once_per_request(client, user):
    client.post("/generate/")
    client.post("/upload/")
    client.get("/other/")
    # "api" (60/min) is large enough for a block (ratelimit/blocks.py): one request takes one block, never two.
    api_block = first_block(parse_rate("60/min").limit) if connection.vendor == "postgresql" else 1
    assert sorted(buckets()) == sorted(
        [(f"user:{user.pk}", "generate", 1), (f"user:{user.pk}", "upload", 1), (f"user:{user.pk}", "api", api_block)]
    )


def test_a_database_error_in_the_combined_statement_is_a_503(postgres, client):
    with connection.cursor() as cursor:  # a real failure: the table is gone (rolled back after the test)
        cursor.execute("DROP TABLE rate_limit_buckets")
    response = client.post("/generate/")
    assert response.status_code == 503
    assert response.json()["code"] == "service_unavailable"


def test_a_token_request_refused_by_a_permission_is_counted_and_says_so(postgres, client, user):
    response = client.post("/staff-only/")
    assert response.status_code == 403
    assert buckets() == [(f"user:{user.pk}", "generate", 1)]
    assert response["RateLimit"].startswith('"generate";r=9;')
    assert response["RateLimit-Policy"] == '"generate";q=10;w=60'


def test_a_counted_request_carries_one_set_of_headers(client):
    response = client.post("/generate/")
    assert response["RateLimit-Policy"] == '"generate";q=10;w=60'  # once, not once per step that saw the count


def test_it_answers_as_drf_lookup_and_the_throttles_own_count(client, user, token, django_user_model):
    """The one statement stands in for DRF's TokenAuthentication and StudioThrottle's upsert: the same user and
    token, and request by request the same count and window as the throttle's own `hit` for another user."""
    other = django_user_model.objects.create_user("plain-path", password="x")
    rate = rate_for("generate")
    combined, plain = [], []
    with time_machine.travel(T0, tick=False) as clock:
        for step in (0, 1, 1, 7, 1, 1, 1, 1, 1, 1, 1, 1, 45, 1):  # past the limit, then into the next window
            clock.shift(timedelta(seconds=step))
            combined.append(client.post("/generate/")["RateLimit"])
            plain.append(hit(f"user:{other.pk}", "generate", rate).header())
    assert combined == plain
    assert combined[10] == '"generate";r=0;t=44' and combined[-1] == '"generate";r=8;t=59'
    windows = dict(RateLimitBucket.objects.values_list("identifier", "window_end"))
    assert windows[f"user:{user.pk}"] == windows[f"user:{other.pk}"]

    urls.SEEN.clear()
    assert client.get("/whoami/").status_code == 200
    [(seen, auth)] = urls.SEEN
    drf_user, drf_token = TokenAuthentication().authenticate_credentials(token.key)
    assert {f.attname: getattr(seen, f.attname) for f in User._meta.concrete_fields} == {
        f.attname: getattr(drf_user, f.attname) for f in User._meta.concrete_fields
    }
    assert (auth.key, auth.created, auth.user_id) == (drf_token.key, drf_token.created, drf_token.user_id)
