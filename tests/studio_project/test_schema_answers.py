"""Every operation documents the answers the shared machinery gives (studio_project/schema.py)."""

import pytest
from drf_spectacular.generators import SchemaGenerator

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def operations():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return {
        f"{method.upper()} {path}": operation
        for path, item in schema["paths"].items()
        for method, operation in item.items()
    }


def test_every_route_that_needs_a_caller_documents_401(operations):
    open_routes = {
        "POST /api/v1/auth/register/",
        "POST /api/v1/auth/token/",
        "GET /api/v1/shared/{token}/video/",  # a share link: its token is the credential
        "GET /api/v1/shared/{token}/poster/",
    }
    for name, operation in operations.items():
        if name not in open_routes:
            assert "401" in operation["responses"], name
            assert operation["responses"]["401"]["content"]["application/json"]["schema"] == {
                "$ref": "#/components/schemas/Error"
            }
    assert "Not signed in" not in str(operations["POST /api/v1/auth/register/"]["responses"].get("401", ""))


def test_throttled_routes_document_429_with_retry_after_and_the_ratelimit_headers(operations):
    upload = operations["POST /api/v1/jobs/"]["responses"]
    assert set(upload["429"]["headers"]) == {"Retry-After", "RateLimit-Policy", "RateLimit"}
    assert set(upload["503"]["headers"]) == {"Retry-After"}
    assert {"RateLimit-Policy", "RateLimit"} <= set(upload["201"]["headers"])
    assert "headers" not in upload["401"]  # refused before anything is counted


@pytest.mark.parametrize(
    "route",
    [
        "GET /api/v1/jobs/{id}/video/",
        "GET /api/v1/jobs/{id}/image/",
        "GET /api/v1/jobs/{id}/scenes/{scene_id}/preview/",
    ],
)
def test_the_media_routes_document_their_429(operations, route):
    responses = operations[route]["responses"]  # counted against "media" (STUDIO_RATE_MEDIA)
    assert set(responses["429"]["headers"]) == {"Retry-After", "RateLimit-Policy", "RateLimit"}
    assert {"RateLimit-Policy", "RateLimit"} <= set(responses["200"]["headers"])


def test_session_writes_document_the_csrf_403_and_reads_do_not(operations):
    assert "403" in operations["POST /api/v1/jobs/"]["responses"]
    assert "403" not in operations["GET /api/v1/jobs/"]["responses"]


def test_a_views_own_answer_is_kept(operations):
    token = operations["POST /api/v1/auth/token/"]["responses"]
    assert token["401"]["description"] == "`{detail, code}` saying what to fix"
