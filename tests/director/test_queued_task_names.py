"""Runs queued under the tasks' old names still run after the rename (director migration 0004)."""

import pytest
from django.core.management import call_command
from django.tasks import TaskResultStatus
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks_db.models import DBTaskResult

from director import tasks


@pytest.mark.django_db(transaction=True)
def test_the_migration_renames_queued_runs_to_the_tasks_new_names():
    call_command("migrate", "director", "0003", verbosity=0)
    for old in ("director.tasks.analyze_job", "director.tasks.write_storyboard_task", "director.tasks.render_task"):
        DBTaskResult.objects.create(
            task_path=old,
            status=TaskResultStatus.READY,
            args_kwargs={"args": ["x"], "kwargs": {}},
            queue_name="default",
            backend_name="default",
            run_after=timezone.now(),
        )
    call_command("migrate", "director", verbosity=0)
    paths = sorted(DBTaskResult.objects.values_list("task_path", flat=True))
    assert paths == ["director.tasks.analyze_task", "director.tasks.render_task", "director.tasks.storyboard_task"]
    assert {import_string(path) for path in paths} == {tasks.analyze_task, tasks.render_task, tasks.storyboard_task}
