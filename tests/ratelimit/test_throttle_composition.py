"""StudioThrottle keeps DRF's throttle contract, so it composes with other throttles and with itself."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.urls import path
from rest_framework.authtoken.models import Token
from rest_framework.response import Response
from rest_framework.test import APIClient, APIRequestFactory, force_authenticate
from rest_framework.throttling import BaseThrottle
from rest_framework.views import APIView

from ratelimit.models import RateLimitBucket
from ratelimit.throttling import StudioThrottle

pytestmark = pytest.mark.urls(__name__)
T0 = datetime(2026, 3, 1, 12, 0, 0, tzinfo=UTC)
SEEN = []


class SeesEveryRequest(BaseThrottle):
    def allow_request(self, request, view):
        SEEN.append(request)
        return True


class RefusesForAMinute(BaseThrottle):
    def allow_request(self, request, view):
        return False

    def wait(self):
        return 60


class StudioThenAnother(APIView):
    throttle_scope = "generate"
    throttle_classes = [StudioThrottle, SeesEveryRequest]

    def post(self, request):
        return Response({"ok": True})


class StudioAndALongerRefusal(APIView):
    throttle_scope = "generate"
    throttle_classes = [StudioThrottle, RefusesForAMinute]

    def post(self, request):
        return Response({"ok": True})


class ListedTwice(APIView):
    throttle_scope = "generate"
    throttle_classes = [StudioThrottle, StudioThrottle]

    def post(self, request):
        return Response({"ok": True})


urlpatterns = [
    path("studio-then-another/", StudioThenAnother.as_view()),
    path("studio-and-a-longer-refusal/", StudioAndALongerRefusal.as_view()),
    path("listed-twice/", ListedTwice.as_view()),
]


def counts():
    return sorted(RateLimitBucket.objects.values_list("identifier", "endpoint", "request_count"))


@pytest.fixture
def generate_rate(settings):
    def _set(rate):
        settings.REST_FRAMEWORK = {
            **settings.REST_FRAMEWORK,
            "DEFAULT_THROTTLE_RATES": {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "generate": rate},
        }

    return _set


def studio_check(user, view=StudioThenAnother):
    """One StudioThrottle check as DRF makes it, on a fresh DRF request: (answer, the throttle)."""
    request = APIRequestFactory().post("/")
    force_authenticate(request, user)
    drf_request = view().initialize_request(request)
    throttle = StudioThrottle()
    return throttle.allow_request(drf_request, view()), throttle


def test_allow_request_answers_false_over_the_limit_instead_of_raising(user, generate_rate):
    generate_rate("2/min")
    assert studio_check(user)[0] is True
    assert studio_check(user)[0] is True
    assert studio_check(user)[0] is False


def test_a_throttle_listed_after_it_sees_the_refused_request(api, generate_rate):
    generate_rate("2/min")
    SEEN.clear()
    statuses = [api.post("/studio-then-another/").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    assert len(SEEN) == 3


def test_wait_answers_the_seconds_until_the_window_ends(user, generate_rate):
    generate_rate("2/min")
    with time_machine.travel(T0, tick=False) as clock:
        allowed, throttle = studio_check(user)
        assert allowed and throttle.wait() == 0  # one left: no need to wait
        clock.shift(timedelta(seconds=20))
        allowed, throttle = studio_check(user)
        assert allowed and throttle.wait() == 40  # that was the last one in this window
        clock.shift(timedelta(seconds=15))
        allowed, throttle = studio_check(user)
        assert not allowed and throttle.wait() == 25


def test_the_429_keeps_studios_sentence_and_headers(api, generate_rate):
    generate_rate("1/min")
    with time_machine.travel(T0, tick=False) as clock:
        api.post("/studio-then-another/")
        clock.shift(timedelta(seconds=43))
        response = api.post("/studio-then-another/")
    assert response.status_code == 429
    assert response["Retry-After"] == "17"
    assert response["RateLimit"] == '"generate";r=0;t=17'
    assert response.json() == {
        "detail": "Too many requests for generate: limit 1 per 60 s. Try again in 17 s.",
        "code": "throttled",
    }


def test_retry_after_is_the_longest_wait_of_the_throttles_that_refused(api, generate_rate):
    generate_rate("1/min")
    with time_machine.travel(T0, tick=False) as clock:
        assert api.post("/studio-and-a-longer-refusal/").status_code == 429  # the other one refuses alone
        clock.shift(timedelta(seconds=43))
        response = api.post("/studio-and-a-longer-refusal/")
    assert response["Retry-After"] == "60"
    assert response.json()["detail"] == "Too many requests for generate: limit 1 per 60 s. Try again in 60 s."


def test_a_scope_whose_rate_is_none_is_not_throttled(api, generate_rate):
    generate_rate(None)
    for _ in range(15):
        response = api.post("/studio-then-another/")
        assert response.status_code == 200
        assert "RateLimit" not in response
    assert counts() == []


def test_a_scope_whose_rate_is_none_is_not_counted_by_the_token_lookup(postgres, user, generate_rate):
    generate_rate(None)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    assert client.post("/studio-then-another/").status_code == 200
    assert counts() == []


def test_listed_twice_it_counts_each_request_once(api, user, generate_rate):
    generate_rate("3/min")
    response = api.post("/listed-twice/")
    assert response["RateLimit"] == '"generate";r=2;t=60'
    assert counts() == [(f"user:{user.pk}", "generate", 1)]
    assert [api.post("/listed-twice/").status_code for _ in range(3)] == [200, 200, 429]


def test_listed_twice_it_counts_once_after_the_token_lookup_counted(postgres, user, generate_rate):
    generate_rate("3/min")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    assert client.post("/listed-twice/")["RateLimit"] == '"generate";r=2;t=60'
    assert counts() == [(f"user:{user.pk}", "generate", 1)]
