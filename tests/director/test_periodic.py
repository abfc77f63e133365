"""The periodic chains (watchdog, rate-limit purge) on the database queue: exactly one waiting run each."""

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connections
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max

from director.tasks import find_stuck_work, watchdog_task
from ratelimit.tasks import purge_buckets_task
from studio_project.periodic import schedule_next

WATCHDOG, PURGE = "director.tasks.watchdog_task", "ratelimit.tasks.purge_buckets_task"
PERIODIC = [WATCHDOG, PURGE]


@pytest.fixture
def db_queue(db, tasks_backend):
    tasks_backend("django_tasks_db.DatabaseBackend")


def waiting(path):
    return DBTaskResult.objects.filter(task_path=path, status=TaskResultStatus.READY).count()


def running_row(path, started_ago):
    """The row the database backend leaves when the worker running it is killed (SIGKILL): RUNNING, forever."""
    return DBTaskResult.objects.create(
        status=TaskResultStatus.RUNNING,
        started_at=timezone.now() - timedelta(seconds=started_ago),
        worker_ids=["killed-worker"],
        args_kwargs={"args": [], "kwargs": {}},
        task_path=path,
        backend_name="default",
        run_after=get_date_max(),
    )


def test_a_watchdog_run_that_raises_still_leaves_exactly_one_next_run(db_queue, settings, tmp_path):
    broken = tmp_path / "not-a-folder"
    broken.write_text("")
    settings.MEDIA_ROOT = str(broken)  # the scratch-file sweep cannot list MEDIA_ROOT/tmp
    with pytest.raises(NotADirectoryError):
        watchdog_task.call()
    assert waiting(WATCHDOG) == 1
    (next_run,) = DBTaskResult.objects.filter(task_path=WATCHDOG)
    assert next_run.run_after > timezone.now() + timedelta(seconds=settings.STUDIO_WATCHDOG_INTERVAL - 5)


def test_a_purge_run_that_raises_still_leaves_exactly_one_next_run(db_queue, monkeypatch):
    def fail(*args, **kwargs):
        raise RuntimeError("the purge failed")

    monkeypatch.setattr("ratelimit.tasks.purge_expired", fail)
    with pytest.raises(RuntimeError):
        purge_buckets_task.call()
    assert waiting(PURGE) == 1


def test_a_run_in_progress_at_start_up_is_not_doubled(db_queue):
    for path in PERIODIC:
        running_row(path, started_ago=0)  # a live run, mid-way, as the scheduler starts
    call_command("schedule_periodic_tasks")
    watchdog_task.call()  # ... and those runs carry on and finish
    purge_buckets_task.call()
    call_command("schedule_periodic_tasks")
    assert [waiting(path) for path in PERIODIC] == [1, 1]


def test_restarts_after_a_killed_run_leave_one_waiting_run_per_task(db_queue, tasks_backend):
    killed = [running_row(path, started_ago=3600) for path in PERIODIC]
    call_command("schedule_periodic_tasks")
    call_command("schedule_periodic_tasks")
    assert [waiting(path) for path in PERIODIC] == [1, 1]
    tasks_backend("django.tasks.backends.dummy.DummyBackend")
    find_stuck_work()  # the watchdog then closes the runs their killed worker left RUNNING
    assert {r.status for r in DBTaskResult.objects.filter(pk__in=[k.pk for k in killed])} == {TaskResultStatus.FAILED}


def test_the_scheduler_drops_runs_queued_twice(db_queue):
    for path in PERIODIC:
        for minutes in (1, 2, 3):
            DBTaskResult.objects.create(
                args_kwargs={"args": [], "kwargs": {}},
                task_path=path,
                backend_name="default",
                run_after=timezone.now() + timedelta(minutes=minutes),
            )
    call_command("schedule_periodic_tasks")
    assert [waiting(path) for path in PERIODIC] == [1, 1]
    earliest = DBTaskResult.objects.get(task_path=WATCHDOG).run_after
    assert earliest < timezone.now() + timedelta(minutes=1, seconds=1)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_schedulers_queue_one_run(postgres, tasks_backend):
    tasks_backend("django_tasks_db.DatabaseBackend")

    def schedule(_):
        try:
            return schedule_next(watchdog_task)
        finally:
            connections.close_all()

    with ThreadPoolExecutor(8) as pool:
        queued = list(pool.map(schedule, range(16)))
    assert queued.count(True) == 1
    assert waiting(WATCHDOG) == 1
