"""DRF's throttling tests and django-ratelimit's test suite, their own files, run against Studio's classes.

- rest_framework's tests/test_throttling.py: its throttle classes are StudioThrottle with DRF's configuration
  surface (`scope`, `rate`, `THROTTLE_RATES`, `timer`, NUM_PROXIES) mapped onto it; it counts in
  rate_limit_buckets and its 429s go through Studio's exception handler.
- django-ratelimit's django_ratelimit/tests.py: every cache it names is a BucketCache; for its cache-failure
  tests the database is really down (tests/ratelimit/faults.py).

The sources come from the pinned sdists (tests/ratelimit/peer_suites.py). The tests that assume other
semantics are in DIFFERENT, with the reason: they are expected to fail (strict), so one that starts to pass
is noticed.
"""

import tempfile
import time
from datetime import UTC, datetime

import django.contrib.auth.models
import pytest
import rest_framework.throttling
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured
from django.test import TransactionTestCase, override_settings
from rest_framework.permissions import AllowAny
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from ratelimit.buckets import parse_rate
from ratelimit.throttling import StudioThrottle
from tests.ratelimit.faults import database_down
from tests.ratelimit.peer_suites import SDISTS, load_module, rebound, sdist_root

DIFFERENT = {
    # rest_framework tests/test_throttling.py: DRF's internals, which StudioThrottle does not have.
    "SimpleRateThrottleTests::test_get_rate_raises_error_if_scope_is_missing": (
        "calls DRF's get_rate(), which reads self.scope; StudioThrottle.rate_for(scope) is given the view's scope, "
        "and a scope with no rate is ImproperlyConfigured when it counts"
    ),
    "SimpleRateThrottleTests::test_throttle_raises_error_if_rate_is_missing": (
        "expects the error when the throttle is made; StudioThrottle learns its scope from the view, so it raises "
        "when it counts (and the API's own scopes are checked at start-up, ratelimit.apps.validate_settings)"
    ),
    "SimpleRateThrottleTests::test_parse_rate_returns_tuple_with_none_if_rate_not_provided": (
        "DRF's parse_rate() returns (num_requests, duration); Studio's ratelimit.buckets.parse_rate returns a Rate"
    ),
    "SimpleRateThrottleTests::test_get_cache_key_raises_not_implemented_error": (
        "get_cache_key() names a key in DRF's cache; StudioThrottle counts in rate_limit_buckets and has no cache key"
    ),
    "SimpleRateThrottleTests::test_allow_request_returns_true_if_key_is_none": (
        "sets rate='some rate' and a get_cache_key() returning None; Studio refuses a rate it cannot parse and has "
        "no cache key to return None"
    ),
    "SimpleRateThrottleTests::test_wait_returns_correct_waiting_time_without_history": (
        "sets DRF's sliding-window state (history, num_requests, duration) by hand; Studio's windows are fixed "
        "and wait() answers from the last count (test_throttle_composition.py pins it)"
    ),
    "ScopedRateThrottleTests::test_get_cache_key_returns_correct_key_if_user_is_authenticated": (
        "asserts DRF's cache key format 'throttle_user_<pk>'; Studio's bucket is ('user:<pk>', scope)"
    ),
    "AnonRateThrottleTests::test_authenticated_user_not_affected": (
        "asserts get_cache_key() is None for a signed-in user; Studio has no cache keys (its anonymous-only "
        "stand-in lets signed-in users through instead)"
    ),
    "AnonRateThrottleTests::test_get_cache_key_returns_correct_value": "asserts DRF's cache key 'throttle_anon_None'",
    # django-ratelimit django_ratelimit/tests.py
    "CacheFailTests::test_cache_timeout": (
        "its 'instant-expiration' cache is DummyCache, which keeps nothing; django-ratelimit passes its own timeout "
        "(period + 5 s) to add(), so no BucketCache forgets a counter at once. That a counter is gone once its "
        "timeout has passed is test_cache_backend.py::test_an_expired_key_is_gone_and_add_replaces_it"
    ),
}


# --- rest_framework tests/test_throttling.py ---------------------------------------------------------------------


class SimpleRateThrottle(StudioThrottle):
    """DRF's SimpleRateThrottle settings on Studio's counting: a class `scope`, a class `rate` or THROTTLE_RATES
    (DEFAULT_THROTTLE_RATES when unset), `timer` for the clock, NUM_PROXIES for the client address."""

    scope = None
    rate = None
    THROTTLE_RATES = None
    timer = time.time

    def scope_for(self, view):
        return self.scope

    def rate_for(self, scope):
        rates = api_settings.DEFAULT_THROTTLE_RATES if self.THROTTLE_RATES is None else self.THROTTLE_RATES
        if self.rate is None and scope not in rates:
            raise ImproperlyConfigured(f"No default throttle rate set for '{scope}' scope")
        text = self.rate if self.rate is not None else rates[scope]
        return None if text is None else parse_rate(text)

    def identifier_for(self, request):
        with override_settings(STUDIO_TRUSTED_PROXIES=api_settings.NUM_PROXIES or 0):
            return super().identifier_for(request)

    def now(self):
        return datetime.fromtimestamp(self.timer(), UTC)


class UserRateThrottle(SimpleRateThrottle):
    scope = "user"


class AnonRateThrottle(SimpleRateThrottle):
    scope = "anon"

    def allow_request(self, request, view):
        return request.user.is_authenticated or super().allow_request(request, view)


class ScopedRateThrottle(SimpleRateThrottle):
    scope_attr = "throttle_scope"

    def scope_for(self, view):
        return getattr(view, self.scope_attr, None)


drf = load_module(
    "drf_test_throttling",
    sdist_root("djangorestframework") / "tests" / "test_throttling.py",
    *[(rest_framework.throttling, cls.__name__, cls) for cls in (SimpleRateThrottle, UserRateThrottle)],
    *[(rest_framework.throttling, cls.__name__, cls) for cls in (AnonRateThrottle, ScopedRateThrottle)],
    (django.contrib.auth.models, "User", get_user_model()),  # Studio's user model stands in for auth.User
)
DRF_SETTINGS = override_settings(
    REST_FRAMEWORK={
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "user": None,
                                   "anon": None},  # its test settings' rates
    }
)  # fmt: skip

ThrottlingTests = DRF_SETTINGS(drf.ThrottlingTests)
ScopedRateThrottleTests = DRF_SETTINGS(drf.ScopedRateThrottleTests)
IdWithXffBasicTests = DRF_SETTINGS(drf.IdWithXffBasicTests)
XffSpoofingTests = DRF_SETTINGS(drf.XffSpoofingTests)
XffUniqueMachinesTest = DRF_SETTINGS(drf.XffUniqueMachinesTest)
BaseThrottleTests = DRF_SETTINGS(drf.BaseThrottleTests)
SimpleRateThrottleTests = DRF_SETTINGS(drf.SimpleRateThrottleTests)
AnonRateThrottleTests = DRF_SETTINGS(drf.AnonRateThrottleTests)


@pytest.fixture(autouse=True, scope="module")
def _drf_test_settings():
    # APIView read DEFAULT_PERMISSION_CLASSES (Studio's IsAuthenticated) when it was imported: DRF's default here
    with rebound((APIView, "permission_classes", (AllowAny,))):
        yield
    vars(api_settings).pop("NUM_PROXIES", None)  # XffTestingBase.config_proxy sets it on DRF's settings object


# --- django-ratelimit django_ratelimit/tests.py ------------------------------------------------------------------

dr = load_module("django_ratelimit.tests", sdist_root("django-ratelimit") / "django_ratelimit" / "tests.py")
BUCKET_CACHE = "ratelimit.cache.BucketCache"
DR_SETTINGS = override_settings(
    CACHES={
        **settings.CACHES,
        "default": {"BACKEND": BUCKET_CACHE, "LOCATION": "peer"},
        "connection-errors": {"BACKEND": BUCKET_CACHE, "LOCATION": "peer-errors"},
        "connection-errors-redis": {"BACKEND": BUCKET_CACHE, "LOCATION": "peer-errors-redis"},
        "instant-expiration": {"BACKEND": BUCKET_CACHE, "LOCATION": "peer-instant", "TIMEOUT": 0},
    },
    RATELIMIT_USE_CACHE="default",
    RATELIMIT_IP_META_KEY=None,  # its settings: REMOTE_ADDR, with its own masks
)

RateParsingTests = DR_SETTINGS(dr.RateParsingTests)
RatelimitTests = DR_SETTINGS(dr.RatelimitTests)
FunctionsTests = DR_SETTINGS(dr.FunctionsTests)
RatelimitCBVTests = DR_SETTINGS(dr.RatelimitCBVTests)
IpMetaTests = DR_SETTINGS(dr.IpMetaTests)


class DatabaseDownTestCase(TransactionTestCase):
    database_up_for = ("test_cache_timeout",)  # its "instant-expiration" cache is not one that fails

    def setUp(self):
        if self._testMethodName in self.database_up_for:
            return
        down = database_down(tempfile.mkdtemp())
        down.__enter__()
        self.addCleanup(down.__exit__, None, None, None)


# Its cache-failure tests, unchanged, with the database really down: each of its "connection-errors" caches
# is a BucketCache whose database refuses connections.
CacheFailTests = DR_SETTINGS(
    type(
        "CacheFailTests",
        (DatabaseDownTestCase,),
        {name: test for name, test in vars(dr.CacheFailTests).items() if name.startswith("test_")},
    )
)


def _mark_different(module_globals):
    for test_id, reason in DIFFERENT.items():
        class_name, test_name = test_id.split("::")
        test = getattr(module_globals[class_name], test_name)
        pytest.mark.xfail(reason=reason, strict=True)(test)


_mark_different(globals())


def test_the_suites_are_the_pinned_versions():
    assert {name: version for name, (version, _) in SDISTS.items()} == {
        "djangorestframework": "3.18.3",
        "django-ratelimit": "4.1.0",
    }
    assert drf.__file__.endswith("djangorestframework-3.18.3/tests/test_throttling.py")
    assert dr.__file__.endswith("django-ratelimit-4.1.0/django_ratelimit/tests.py")
