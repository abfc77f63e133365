"""On PostgreSQL the weekly counters are bumped at commit, not when the event is inserted.

Every user's choice in a week bumps the same learning_weekly_stats row (one per director), and that
row stays locked until the transaction ends. Counted by the insert, the lock was held while the rest
of the choice's transaction ran in the web process, so under load every choice queued behind the
slowest one. A deferred constraint trigger runs the same function as the transaction commits: the
row is locked only for the commit itself. The counts are the same; inside the transaction that
inserts an event they show once it commits (or after SET CONSTRAINTS ALL IMMEDIATE).

SQLite has no deferred triggers (and no concurrent writers); its triggers stay as they are.
"""

from django.db import migrations

DEFERRED = """
DROP TRIGGER IF EXISTS learning_events_weekly_stats ON learning_events;
CREATE CONSTRAINT TRIGGER learning_events_weekly_stats AFTER INSERT OR DELETE ON learning_events
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION learning_weekly_stats_count();
"""

IMMEDIATE = """
DROP TRIGGER IF EXISTS learning_events_weekly_stats ON learning_events;
CREATE TRIGGER learning_events_weekly_stats AFTER INSERT OR DELETE ON learning_events
    FOR EACH ROW EXECUTE FUNCTION learning_weekly_stats_count();
"""


def _on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("learning", "0003_learning_weekly_stats_triggers")]

    operations = [migrations.RunPython(_on_postgresql(DEFERRED), _on_postgresql(IMMEDIATE))]
