from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ratelimit.buckets import Rate, hit
from ratelimit.models import RateLimitBucket

T0 = datetime(2026, 3, 1, 12, 0, 0, tzinfo=UTC)
TEN_PER_MINUTE = Rate(10, 60)


def test_it_admits_exactly_the_limit_then_refuses(db):
    results = [hit("user:1", "generate", TEN_PER_MINUTE).allowed for _ in range(15)]
    assert results == [True] * 10 + [False] * 5


def test_a_refused_request_never_grows_the_count_past_limit_plus_one(db):
    for _ in range(25):
        hit("user:1", "generate", TEN_PER_MINUTE)
    assert RateLimitBucket.objects.get(identifier="user:1").request_count == 11


def test_each_check_is_one_sql_statement(db):
    hit("user:1", "generate", TEN_PER_MINUTE)  # the bucket exists: the common case
    with CaptureQueriesContext(connection) as queries:
        hit("user:1", "generate", TEN_PER_MINUTE)
    assert len(queries) == 1
    assert "ON CONFLICT" in queries[0]["sql"].upper()


def test_a_new_bucket_is_also_one_statement(db):
    with CaptureQueriesContext(connection) as queries:
        usage = hit("user:new", "generate", TEN_PER_MINUTE)
    assert len(queries) == 1
    assert usage.count == 1


def test_buckets_are_per_identifier_and_per_endpoint(db):
    for _ in range(10):
        hit("user:1", "generate", TEN_PER_MINUTE)
    assert not hit("user:1", "generate", TEN_PER_MINUTE).allowed
    assert hit("user:2", "generate", TEN_PER_MINUTE).allowed
    assert hit("user:1", "refine", TEN_PER_MINUTE).allowed


def test_the_window_opens_at_the_first_request_and_lasts_the_period(db):
    with time_machine.travel(T0, tick=False):
        hit("user:1", "generate", TEN_PER_MINUTE)
    bucket = RateLimitBucket.objects.get()
    assert bucket.window_start == T0
    assert bucket.window_end == T0 + timedelta(seconds=60)


def test_the_window_resets_exactly_at_its_end(db):
    with time_machine.travel(T0, tick=False) as clock:
        for _ in range(11):
            last = hit("user:1", "generate", TEN_PER_MINUTE)
        assert not last.allowed
        clock.move_to(T0 + timedelta(seconds=59, microseconds=999_999))
        assert not hit("user:1", "generate", TEN_PER_MINUTE).allowed
        clock.move_to(T0 + timedelta(seconds=60))
        fresh = hit("user:1", "generate", TEN_PER_MINUTE)
    assert fresh.allowed
    assert fresh.count == 1
    assert fresh.reset_in == 60
    bucket = RateLimitBucket.objects.get()
    assert bucket.window_start == T0 + timedelta(seconds=60)


def test_an_expired_bucket_left_in_the_table_is_reset_not_a_collision(db):
    # The original inserted a new row for a new window, hit the UNIQUE key and let the request through.
    RateLimitBucket.objects.create(
        identifier="user:1", endpoint="generate", request_count=500,
        window_start=T0 - timedelta(hours=2), window_end=T0 - timedelta(hours=1),
    )  # fmt: skip
    with time_machine.travel(T0, tick=False):
        usage = hit("user:1", "generate", TEN_PER_MINUTE)
    assert usage.allowed and usage.count == 1
    assert RateLimitBucket.objects.count() == 1


def test_denied_requests_do_not_extend_the_window(db):
    with time_machine.travel(T0, tick=False) as clock:
        for _ in range(10):
            hit("user:1", "generate", TEN_PER_MINUTE)
        clock.move_to(T0 + timedelta(seconds=45))
        denied = hit("user:1", "generate", TEN_PER_MINUTE)
    assert not denied.allowed
    assert denied.reset_in == 15
    assert RateLimitBucket.objects.get().window_end == T0 + timedelta(seconds=60)


def test_the_promise_at_most_limit_per_window_under_a_steady_stream(db):
    # One request every 1.7 s for 10 minutes against 10/min: every window admits at most 10,
    # and a window admits exactly 10 when 10 or more requests fall into it.
    admitted = []
    with time_machine.travel(T0, tick=False) as clock:
        for step in range(353):
            clock.move_to(T0 + timedelta(seconds=step * 1.7))
            if hit("user:1", "generate", TEN_PER_MINUTE).allowed:
                admitted.append(step * 1.7)
    windows = {}
    start = None
    for moment in admitted:
        if start is None or moment >= start + 60:
            start = moment
        windows.setdefault(start, []).append(moment)
    assert all(len(times) == 10 for times in windows.values())
    assert len(admitted) == 10 * len(windows)


@pytest.mark.parametrize("count, remaining", [(1, 9), (10, 0)])
def test_usage_reports_what_is_left(db, count, remaining):
    with time_machine.travel(T0, tick=False) as clock:
        for _ in range(count):
            usage = hit("user:1", "generate", TEN_PER_MINUTE)
            clock.shift(timedelta(seconds=1))
    assert usage.remaining == remaining
    assert usage.reset_in == 60 - (count - 1)
