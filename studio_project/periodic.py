"""Periodic tasks: each run queues the next, and exactly one run per task waits in the queue.

A periodic task calls schedule_next() before it does its work, so a run that raises, or whose
worker is killed, has already queued its successor. schedule_next() and the start-up command
(`manage.py schedule_periodic_tasks`) share one rule, taken under one lock per task: queue a run
only when none is waiting (READY). A run in progress at start-up then finds the run the command
queued and adds none, and any number of restarts leaves one waiting run.
"""

from django.db import connections, router, transaction
from django.tasks import TaskResultStatus


def _lock(using, key):
    connection = connections[using]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [key])
    # SQLite: Studio opens every transaction IMMEDIATE (settings), so the transaction already holds the write lock.


def schedule_next(periodic, run_after=None):
    """Queue `periodic` (to run at `run_after`, or now) unless a run is already waiting. True if it queued one.

    Extra waiting runs (left by an older version that queued twice) are dropped, keeping the earliest.
    On a backend other than the database's there is no queue to look at: the run is simply enqueued.
    """
    from django_tasks_db.backend import DatabaseBackend
    from django_tasks_db.models import DBTaskResult

    planned = periodic.using(run_after=run_after) if run_after is not None else periodic
    backend = planned.get_backend()
    if not isinstance(backend, DatabaseBackend):
        planned.enqueue()
        return True
    using = router.db_for_write(DBTaskResult)
    with transaction.atomic(using=using):
        _lock(using, f"studio-periodic:{periodic.module_path}")
        waiting = list(
            DBTaskResult.objects.using(using)
            .filter(task_path=periodic.module_path, backend_name=backend.alias, status=TaskResultStatus.READY)
            .order_by("run_after", "enqueued_at")
            .values_list("pk", flat=True)
        )
        if waiting:
            DBTaskResult.objects.using(using).filter(pk__in=waiting[1:], status=TaskResultStatus.READY).delete()
            return False
        planned.enqueue()
        return True
