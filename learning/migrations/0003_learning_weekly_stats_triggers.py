"""Triggers that keep learning_weekly_stats in step with learning_events.

Backfills from existing events, then counts every insert and delete.
"""

from django.db import migrations

POSTGRES_UP = """
CREATE OR REPLACE FUNCTION learning_weekly_stats_count() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO learning_weekly_stats (week, director_id, choices, overrides)
        VALUES (date_trunc('week', NEW.created_at AT TIME ZONE 'UTC')::date, NEW.selected_director_id, 1,
                CASE WHEN (NEW.learning_delta->>'wasOverride')::boolean THEN 1 ELSE 0 END)
        ON CONFLICT (week, director_id) DO UPDATE
        SET choices = learning_weekly_stats.choices + 1,
            overrides = learning_weekly_stats.overrides + EXCLUDED.overrides;
        RETURN NEW;
    END IF;
    UPDATE learning_weekly_stats
    SET choices = choices - 1,
        overrides = overrides - CASE WHEN (OLD.learning_delta->>'wasOverride')::boolean THEN 1 ELSE 0 END
    WHERE week = date_trunc('week', OLD.created_at AT TIME ZONE 'UTC')::date
      AND director_id = OLD.selected_director_id;
    RETURN OLD;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER learning_events_weekly_stats AFTER INSERT OR DELETE ON learning_events
    FOR EACH ROW EXECUTE FUNCTION learning_weekly_stats_count();
INSERT INTO learning_weekly_stats (week, director_id, choices, overrides)
SELECT date_trunc('week', created_at AT TIME ZONE 'UTC')::date, selected_director_id, count(*),
       count(*) FILTER (WHERE (learning_delta->>'wasOverride')::boolean)
FROM learning_events GROUP BY 1, 2;
"""

POSTGRES_DOWN = """
DROP TRIGGER IF EXISTS learning_events_weekly_stats ON learning_events;
DROP FUNCTION IF EXISTS learning_weekly_stats_count();
DELETE FROM learning_weekly_stats;
"""

# SQLite: date(x, 'weekday 0', '-6 days') is the Monday of x's week.
SQLITE_WEEK = "date({col}, 'weekday 0', '-6 days')"
SQLITE_OVERRIDE = "CASE WHEN json_extract({row}.learning_delta, '$.wasOverride') THEN 1 ELSE 0 END"
SQLITE_UP = [
    f"""
CREATE TRIGGER learning_events_weekly_stats_insert AFTER INSERT ON learning_events
BEGIN
    INSERT INTO learning_weekly_stats (week, director_id, choices, overrides)
    VALUES ({SQLITE_WEEK.format(col="NEW.created_at")}, NEW.selected_director_id, 1,
            {SQLITE_OVERRIDE.format(row="NEW")})
    ON CONFLICT (week, director_id) DO UPDATE
    SET choices = choices + 1, overrides = overrides + excluded.overrides;
END
""",
    f"""
CREATE TRIGGER learning_events_weekly_stats_delete AFTER DELETE ON learning_events
BEGIN
    UPDATE learning_weekly_stats
    SET choices = choices - 1, overrides = overrides - {SQLITE_OVERRIDE.format(row="OLD")}
    WHERE week = {SQLITE_WEEK.format(col="OLD.created_at")} AND director_id = OLD.selected_director_id;
END
""",
    f"""
INSERT INTO learning_weekly_stats (week, director_id, choices, overrides)
SELECT {SQLITE_WEEK.format(col="created_at")}, selected_director_id, count(*),
       sum({SQLITE_OVERRIDE.format(row="learning_events")})
FROM learning_events GROUP BY 1, 2
""",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS learning_events_weekly_stats_insert",
    "DROP TRIGGER IF EXISTS learning_events_weekly_stats_delete",
    "DELETE FROM learning_weekly_stats",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        statements = statements_by_vendor.get(schema_editor.connection.vendor)
        if statements is None:
            raise NotImplementedError(f"no weekly-stats triggers for {schema_editor.connection.vendor}")
        for statement in [statements] if isinstance(statements, str) else statements:
            schema_editor.execute(statement, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("learning", "0002_learning_weekly_stats")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": POSTGRES_UP, "sqlite": SQLITE_UP}),
            _run({"postgresql": POSTGRES_DOWN, "sqlite": SQLITE_DOWN}),
        )
    ]
