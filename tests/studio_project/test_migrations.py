import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

OUR_APPS = ["learning", "director", "ratelimit", "accounts"]


def test_no_model_change_lacks_a_migration(db):
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


@pytest.mark.django_db(transaction=True)
def test_every_migration_reverses_to_zero_and_back():
    executor = MigrationExecutor(connection)
    leaves = [key for key in executor.loader.graph.leaf_nodes() if key[0] in OUR_APPS]
    # Everything that depends on our apps must go down with them.
    for app in ["admin", "authtoken"] + OUR_APPS:
        call_command("migrate", app, "zero", verbosity=0)
    tables = set(connection.introspection.table_names())
    assert not {"users", "vision_jobs", "vision_job_video_prompts", "learning_events", "rate_limit_buckets"} & tables
    call_command("migrate", verbosity=0)
    tables = set(connection.introspection.table_names())
    assert {"users", "vision_jobs", "vision_job_video_prompts", "learning_events", "rate_limit_buckets"} <= tables
    executor = MigrationExecutor(connection)
    assert not executor.migration_plan(leaves)
