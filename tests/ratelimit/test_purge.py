from datetime import UTC, datetime, timedelta

import time_machine
from django.core.management import call_command
from django.tasks import default_task_backend

from ratelimit.buckets import Rate, hit, purge_expired
from ratelimit.models import RateLimitBucket
from ratelimit.tasks import purge_buckets_task

T0 = datetime(2026, 3, 1, 12, 0, 0, tzinfo=UTC)


def bucket(name, ends_in_seconds, count=3):
    return RateLimitBucket.objects.create(
        identifier=name, endpoint="api", request_count=count,
        window_start=T0 + timedelta(seconds=ends_in_seconds - 60), window_end=T0 + timedelta(seconds=ends_in_seconds),
    )  # fmt: skip


def test_it_deletes_only_buckets_whose_window_has_ended(db):
    bucket("ended-long-ago", -3600)
    bucket("ends-now", 0)
    bucket("ends-in-a-microsecond", 0.000001)
    bucket("live", 30)
    deleted = purge_expired(now=T0)
    assert deleted == 2
    assert set(RateLimitBucket.objects.values_list("identifier", flat=True)) == {"ends-in-a-microsecond", "live"}


def test_the_named_querysets_agree_with_the_purge(db):
    bucket("ended", -1)
    bucket("live", 1)
    assert list(RateLimitBucket.objects.expired(now=T0).values_list("identifier", flat=True)) == ["ended"]
    assert list(RateLimitBucket.objects.live(now=T0).values_list("identifier", flat=True)) == ["live"]


def test_it_works_in_batches(db):
    for number in range(25):
        bucket(f"old-{number}", -10)
    batches = []
    deleted = purge_expired(now=T0, batch_size=10, progress=lambda batch, total: batches.append(batch))
    assert deleted == 25
    assert batches == [10, 10, 5]


def test_the_command_prints_how_many(db, capsys):
    with time_machine.travel(T0, tick=False):
        bucket("old-1", -10)
        bucket("old-2", -10)
        bucket("live", 10)
        call_command("purge_ratelimit_buckets", "--batch-size", "1", "-v", "2")
    out = capsys.readouterr().out
    assert "Deleted 2 expired rate-limit buckets." in out
    assert out.count("deleted 1 (total") == 2
    assert RateLimitBucket.objects.get().identifier == "live"


def test_a_purged_user_starts_a_fresh_window(db):
    with time_machine.travel(T0, tick=False) as clock:
        for _ in range(3):
            hit("user:1", "api", Rate(2, 60))
        clock.shift(timedelta(seconds=61))
        assert purge_expired() == 1
        assert hit("user:1", "api", Rate(2, 60)).count == 1


def test_the_periodic_task_purges_and_schedules_itself_again(db, settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    default_task_backend.clear()
    settings.STUDIO_RATELIMIT_PURGE_INTERVAL = 600
    with time_machine.travel(T0, tick=False):
        bucket("old", -1)
        bucket("live", 1)
        deleted = purge_buckets_task.call()
    assert deleted == 1
    (next_run,) = default_task_backend.results
    assert next_run.task.func is purge_buckets_task.func
    assert next_run.task.run_after == T0 + timedelta(seconds=600)
    assert RateLimitBucket.objects.get().identifier == "live"


def test_the_task_can_run_once(db, settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    default_task_backend.clear()
    purge_buckets_task.call(reschedule=False)
    assert default_task_backend.results == []
