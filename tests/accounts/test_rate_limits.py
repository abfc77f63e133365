"""Each account route counts against its own declared scope and answers 429 past its limit."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings
from rest_framework.test import APIClient

from accounts.models import User
from ratelimit.apps import validate_settings
from tests.accounts.conftest import FACTORY_PASSWORD

ROUTES = [
    ("account", "post", "/api/v1/auth/token/revoke/", None),
    ("account", "post", "/api/v1/auth/token/rotate/", None),
    ("password", "post", "/api/v1/me/password/", {"current_password": "wrong", "new_password": "x"}),
    ("password", "delete", "/api/v1/me/", {"password": "wrong"}),
    ("export", "get", "/api/v1/me/export/", None),
]


@pytest.mark.parametrize(("scope", "method", "route", "body"), ROUTES, ids=[f"{r[1]} {r[2]}" for r in ROUTES])
def test_past_its_limit_a_route_answers_429(settings, user, scope, method, route, body):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], scope: "1/min"},
    }
    client = APIClient()
    client.force_authenticate(user)
    first = getattr(client, method)(route, body, format="json")
    assert first.status_code < 429
    assert first["RateLimit-Policy"] == f'"{scope}";q=1;w=60'
    second = getattr(client, method)(route, body, format="json")
    assert second.status_code == 429
    assert second.json()["code"] == "throttled"
    assert second.json()["detail"].startswith(f"Too many requests for {scope}: limit 1 per 60 s.")
    assert int(second["Retry-After"]) >= 1
    assert User.objects.filter(pk=user.pk).exists()


def test_reading_and_editing_me_stay_on_the_api_scope(api):
    assert api.get("/api/v1/me/")["RateLimit-Policy"].startswith('"api";')
    assert api.patch("/api/v1/me/", {"learning_consent": False}, format="json")["RateLimit-Policy"].startswith('"api";')


def test_a_wrong_password_guess_is_counted_too(settings, user):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "password": "2/min"},
    }
    client = APIClient()
    client.force_authenticate(user)
    change = {"current_password": "guess", "new_password": "a-fresh-unusual-passphrase"}
    assert [client.post("/api/v1/me/password/", change, format="json").status_code for _ in range(2)] == [400, 400]
    right = {**change, "current_password": FACTORY_PASSWORD}
    assert client.post("/api/v1/me/password/", right, format="json").status_code == 429  # even the right one, now


@pytest.mark.parametrize("scope", ["account", "password", "export"])
def test_start_up_stops_when_a_scope_has_no_rate(settings, scope):
    rates = {k: v for k, v in settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"].items() if k != scope}
    with override_settings(REST_FRAMEWORK={**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}):
        with pytest.raises(ImproperlyConfigured, match=scope):
            validate_settings()
