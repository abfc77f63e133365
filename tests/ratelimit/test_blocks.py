"""A token's counts taken a block at a time (ratelimit/blocks.py): never more than the limit, every count of the
limit admitted when requests keep coming, unused counts back in the bucket, and fewer writes than requests."""

import time
from contextlib import contextmanager

import pytest
from django.db import connection
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from ratelimit.blocks import BLOCKS
from ratelimit.models import RateLimitBucket
from tests.ratelimit.test_concurrency import run_processes
from tests.ratelimit.workers import hammer_api

pytestmark = pytest.mark.urls("tests.ratelimit.urls")


@pytest.fixture(autouse=True)
def no_blocks_left():
    BLOCKS.expired(every=True)  # another test's blocks are not this one's
    yield
    BLOCKS.expired(every=True)


@pytest.fixture
def generate_100_an_hour(settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "generate": "100/hour"},
    }


@contextmanager
def bucket_writes():
    seen = []

    def record(execute, sql, params, many, context):
        if "INSERT INTO rate_limit_buckets" in sql or "UPDATE rate_limit_buckets" in sql:
            seen.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        yield seen


def bucket(user):
    return RateLimitBucket.objects.get(identifier=f"user:{user.pk}", endpoint="generate")


@pytest.mark.django_db
def test_one_process_admits_exactly_the_limit_with_far_fewer_writes(postgres, user, generate_100_an_hour):
    client = APIClient(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    with bucket_writes() as writes:
        statuses = [client.post("/generate/").status_code for _ in range(130)]
    assert statuses.count(200) == 100 and statuses[:100] == [200] * 100 and set(statuses[100:]) == {429}
    assert bucket(user).request_count == 101  # a refused request still leaves the count at limit + 1
    # Blocks of 6 (100 // 16), shrinking to 1 as the window fills; every refusal is a statement of its own.
    assert len(writes) - 30 <= 55, len(writes)  # the 100 admitted took about half as many statements


@pytest.mark.django_db
def test_the_headers_count_down_from_a_block(postgres, user, generate_100_an_hour):
    client = APIClient(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    remaining = [client.post("/generate/")["RateLimit"] for _ in range(8)]
    left = [int(header.split("r=")[1].split(";")[0]) for header in remaining]
    # One less per request, across the first block (6 counts) and into the next: counts this process holds unused
    # are reported as left, those other processes hold as used.
    assert left == list(range(99, 91, -1))


@pytest.mark.django_db(transaction=True)
def test_unused_counts_go_back_to_the_bucket_after_the_hold(postgres, user, generate_100_an_hour, settings):
    settings.STUDIO_RATELIMIT_BLOCK_SECONDS = 0.3
    client = APIClient(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    assert client.post("/generate/").status_code == 200
    assert bucket(user).request_count == 6  # one used, five held by this process
    deadline = time.monotonic() + 10
    while bucket(user).request_count != 1 and time.monotonic() < deadline:
        time.sleep(0.1)
    assert bucket(user).request_count == 1  # the sweeper gave the five back
    assert not BLOCKS._blocks


@pytest.mark.django_db(transaction=True)
def test_the_sweeper_outlives_a_failure_and_returns_the_next_blocks(
    postgres, user, generate_100_an_hour, settings, django_db_blocker
):
    settings.STUDIO_RATELIMIT_BLOCK_SECONDS = 0.3
    client = APIClient(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    assert client.post("/generate/").status_code == 200
    with django_db_blocker.block():  # the sweeper's return fails (no database access at all) while this lasts
        time.sleep(1.0)
    assert BLOCKS._sweeper.is_alive()
    assert bucket(user).request_count == 6  # that block's five unused counts were not returned
    assert client.post("/generate/").status_code == 200
    assert bucket(user).request_count == 6 + 5  # a block of 94 left // 16
    deadline = time.monotonic() + 10
    while bucket(user).request_count != 7 and time.monotonic() < deadline:
        time.sleep(0.1)
    assert bucket(user).request_count == 7  # the same sweeper gave the next block's four back


@pytest.mark.django_db
def test_an_expired_block_goes_back_in_the_statement_that_takes_the_next(
    postgres, user, generate_100_an_hour, settings
):
    client = APIClient(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    assert client.post("/generate/").status_code == 200
    held = next(iter(BLOCKS._blocks.values()))
    held.taken_at -= settings.STUDIO_RATELIMIT_BLOCK_SECONDS  # older than the hold: not used again
    with bucket_writes() as writes:
        assert client.post("/generate/").status_code == 200
    assert len(writes) == 1
    assert bucket(user).request_count == 1 + 6  # 5 given back, then a new block of 6 (99 left // 16)


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_processes_taking_blocks_never_admit_more_than_the_limit_and_reach_it(postgres, user, generate_100_an_hour):
    token = Token.objects.create(user=user)
    statuses = run_processes(
        6,
        target=hammer_api,
        token=token.key,
        path="/generate/",
        attempts=40,
        environ={"STUDIO_RATE_GENERATE": "100/hour"},
    )
    burst = [status for batch in statuses for status in batch]
    assert set(burst) <= {200, 429}
    assert burst.count(200) <= 100
    # The processes have exited, giving back what they held: the requests that keep coming get the rest, exactly.
    client = APIClient(HTTP_AUTHORIZATION=f"Token {token.key}")
    later = [client.post("/generate/").status_code for _ in range(100 - burst.count(200) + 5)]
    assert burst.count(200) + later.count(200) == 100
    assert later[-5:] == [429] * 5
    assert bucket(user).request_count == 101
