import multiprocessing
import threading
import time

import pytest
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token

from ratelimit.buckets import Rate, hit
from ratelimit.models import RateLimitBucket
from tests.ratelimit.workers import hammer, hammer_api

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def run_processes(count, target=hammer, **kwargs):
    context = multiprocessing.get_context("spawn")
    barrier, results = context.Barrier(count), context.Queue()
    name = connection.settings_dict["NAME"]
    processes = [context.Process(target=target, args=(name, barrier, results), kwargs=kwargs) for _ in range(count)]
    for process in processes:
        process.start()
    admitted = [results.get(timeout=120) for _ in processes]
    for process in processes:
        process.join(timeout=30)
        assert process.exitcode == 0
    return admitted


def test_processes_racing_on_one_bucket_admit_exactly_the_limit(postgres):
    admitted = run_processes(6, identifier="user:racer", endpoint="generate", limit=100, period=3600, attempts=40)
    assert sum(admitted) == 100
    assert RateLimitBucket.objects.get(identifier="user:racer").request_count == 101


def test_processes_racing_on_a_fresh_bucket_create_it_once(postgres):
    # every process's first statement is an INSERT that meets the others on the UNIQUE key
    admitted = run_processes(6, identifier="user:fresh", endpoint="upload", limit=3, period=3600, attempts=2)
    assert sum(admitted) == 3
    assert RateLimitBucket.objects.filter(identifier="user:fresh").count() == 1


def test_processes_sending_token_requests_through_the_api_admit_exactly_the_limit(postgres, user):
    # the whole stack: token lookup and count in one statement, a fresh bucket, 6 processes, limit 10/min
    token = Token.objects.create(user=user)
    statuses = run_processes(6, target=hammer_api, token=token.key, path="/generate/", attempts=5)
    flat = [status for batch in statuses for status in batch]
    assert sorted(set(flat)) == [200, 429]
    assert flat.count(200) == 10
    assert RateLimitBucket.objects.get(identifier=f"user:{user.pk}", endpoint="generate").request_count == 11


def test_a_live_check_is_not_held_up_by_a_million_row_purge(postgres):
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO rate_limit_buckets (identifier, endpoint, request_count, window_start, window_end) "
            "SELECT 'ip:expired-' || g, 'api', 1, now() - interval '2 hours', now() - interval '1 hour' "
            "FROM generate_series(1, 1000000) AS g"
        )
    hit("user:live", "api", Rate(60, 3600))
    batches, done = [], threading.Event()

    def purge():
        from ratelimit.buckets import purge_expired

        try:
            purge_expired(progress=lambda batch, total: batches.append(batch))
        finally:
            connections.close_all()
            done.set()

    worker = threading.Thread(target=purge)  # its own database connection
    worker.start()
    latencies = []
    while not done.is_set():
        started = time.perf_counter()
        usage = hit("user:live", "api", Rate(1_000_000, 3600))
        latencies.append(time.perf_counter() - started)
        assert usage.allowed
        time.sleep(0.01)
    worker.join(timeout=300)
    assert sum(batches) == 1_000_000
    assert len(batches) == 100  # 10,000 rows a statement
    assert len(latencies) >= 10, "the purge ended before any check could run beside it"
    assert max(latencies) < 1.0
    live = RateLimitBucket.objects.get()
    assert live.identifier == "user:live"
    assert live.request_count == 1 + len(latencies)


def test_outside_a_transaction_a_check_is_one_statement_with_an_async_commit(postgres):
    with CaptureQueriesContext(connection) as queries:
        first = hit("user:solo", "api", Rate(2, 60))
        second = hit("user:solo", "api", Rate(2, 60))
        third = hit("user:solo", "api", Rate(2, 60))
    assert [first.allowed, second.allowed, third.allowed] == [True, True, False]
    assert len(queries) == 3
    assert "synchronous_commit" in queries[0]["sql"]
    with connection.cursor() as cursor:  # the setting lasted for the statement's own transaction only
        cursor.execute("SHOW synchronous_commit")
        assert cursor.fetchone()[0] == "on"


def test_the_async_commit_can_be_turned_off(postgres, settings):
    settings.STUDIO_RATELIMIT_ASYNC_COMMIT = False
    with CaptureQueriesContext(connection) as queries:
        hit("user:solo", "api", Rate(2, 60))
    assert "synchronous_commit" not in queries[0]["sql"]
