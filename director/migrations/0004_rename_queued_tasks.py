"""The tasks were renamed to one scheme (analyze_task, storyboard_task, remaster_task, render_task,
watchdog_task): queued and recorded results follow, so a run queued before the upgrade still runs after it."""

from django.db import migrations

RENAMED = {
    "director.tasks.analyze_job": "director.tasks.analyze_task",
    "director.tasks.write_storyboard_task": "director.tasks.storyboard_task",
}


def rename(apps, schema_editor, renamed):
    DBTaskResult = apps.get_model("django_tasks_database", "DBTaskResult")
    for old, new in renamed.items():
        DBTaskResult.objects.using(schema_editor.connection.alias).filter(task_path=old).update(task_path=new)


def forwards(apps, schema_editor):
    rename(apps, schema_editor, RENAMED)


def backwards(apps, schema_editor):
    rename(apps, schema_editor, {new: old for old, new in RENAMED.items()})


class Migration(migrations.Migration):
    dependencies = [
        ("director", "0003_job_status_flagged"),
        ("django_tasks_database", "0021_conditional_partial_index_ordering"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
