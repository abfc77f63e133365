from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ratelimit.models import RateLimitBucket

T0 = datetime(2026, 3, 1, 12, 0, 0, tzinfo=UTC)


@pytest.fixture
def cache(db):
    return caches["ratelimit"]


def test_add_writes_once_while_the_key_lives(cache):
    assert cache.add("k", 1, 60) is True
    assert cache.add("k", 5, 60) is False
    assert cache.get("k") == 1


def test_incr_adds_atomically_in_one_statement(cache):
    cache.add("k", 1, 60)
    with CaptureQueriesContext(connection) as queries:
        assert cache.incr("k") == 2
    assert len(queries) == 1
    assert cache.incr("k", 5) == 7


def test_incr_on_a_missing_key_raises_like_other_caches(cache):
    with pytest.raises(ValueError):
        cache.incr("missing")


def test_an_expired_key_is_gone_and_add_replaces_it(cache):
    with time_machine.travel(T0, tick=False) as clock:
        cache.add("k", 3, 60)
        clock.shift(timedelta(seconds=60))
        assert cache.get("k") is None
        with pytest.raises(ValueError):
            cache.incr("k")
        assert cache.add("k", 1, 60) is True
        assert cache.get("k") == 1
    assert RateLimitBucket.objects.filter(endpoint="auth").count() == 1


def test_set_delete_touch_and_clear(cache):
    cache.set("a", 4, 60)
    cache.set("b", 2, None)
    assert cache.get("a") == 4
    assert cache.touch("a", 120) is True
    assert cache.delete("a") is True
    assert cache.get("a", "gone") == "gone"
    cache.clear()
    assert not RateLimitBucket.objects.filter(endpoint="auth").exists()


def test_it_stores_counters_only(cache):
    with pytest.raises(TypeError):
        cache.set("k", "text", 60)


def test_a_very_long_key_is_refused_rather_than_truncated(cache):
    with pytest.raises(Exception, match="longer than"):
        cache.add("x" * 300, 1, 60)
