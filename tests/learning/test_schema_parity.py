"""The learning_events table Django builds reads the same as the seed's SQL."""

import re
from pathlib import Path

import pytest
from django.db import connection

SEED_DIR = Path(__file__).resolve().parents[3] / "shared" / "seed"


def seed_learning_events_sql():
    text = "\n".join(p.read_text() for p in sorted(SEED_DIR.glob("*.txt")))
    match = re.search(
        r"CREATE TABLE IF NOT EXISTS learning_events \(.*?idx_learning_events_created_at[^;]*;", text, re.S
    )
    assert match, "the seed's learning_events SQL was not found"
    return match.group(0)


def columns(cursor, schema):
    cursor.execute(
        """
        SELECT column_name, data_type, character_maximum_length, is_nullable, column_default
        FROM information_schema.columns
        WHERE table_schema = %s AND table_name = 'learning_events'
        ORDER BY column_name
        """,
        [schema],
    )
    return cursor.fetchall()


def delete_rules(cursor, schema):
    cursor.execute(
        """
        SELECT kcu.column_name, ccu.table_name, rc.delete_rule
        FROM information_schema.referential_constraints rc
        JOIN information_schema.key_column_usage kcu
          ON kcu.constraint_name = rc.constraint_name AND kcu.constraint_schema = rc.constraint_schema
        JOIN information_schema.constraint_column_usage ccu
          ON ccu.constraint_name = rc.constraint_name AND ccu.constraint_schema = rc.constraint_schema
        WHERE rc.constraint_schema = %s AND kcu.table_name = 'learning_events'
        ORDER BY kcu.column_name
        """,
        [schema],
    )
    return cursor.fetchall()


def index_names(cursor, schema):
    cursor.execute(
        """
        SELECT indexname, regexp_replace(indexdef, ' ON [^ ]+ ', ' ON t ')
        FROM pg_indexes
        WHERE schemaname = %s AND tablename = 'learning_events' AND indexname NOT LIKE '%%pkey'
        ORDER BY indexname
        """,
        [schema],
    )
    return cursor.fetchall()


@pytest.mark.django_db(transaction=True)
def test_learning_events_matches_the_seed(postgres):
    sql = seed_learning_events_sql()
    with connection.cursor() as cursor:
        try:
            cursor.execute("DROP SCHEMA IF EXISTS seed_check CASCADE; CREATE SCHEMA seed_check")
            cursor.execute("SET search_path TO seed_check")
            cursor.execute("CREATE TABLE users (id UUID PRIMARY KEY); CREATE TABLE vision_jobs (id UUID PRIMARY KEY)")
            cursor.execute(sql)
            cursor.execute("SET search_path TO public")
            seed = [read(cursor, "seed_check") for read in (columns, delete_rules, index_names)]
            ours = [read(cursor, "public") for read in (columns, delete_rules, index_names)]
        finally:
            cursor.execute("SET search_path TO public; DROP SCHEMA IF EXISTS seed_check CASCADE")

    seed_columns, seed_rules, seed_indexes = seed
    our_columns, our_rules, our_indexes = ours
    assert len(seed_columns) == 8
    assert our_columns == seed_columns
    assert our_rules == seed_rules == [("job_id", "vision_jobs", "CASCADE"), ("user_id", "users", "CASCADE")]
    assert [name for name, _ in our_indexes] == [
        "idx_learning_events_created_at",
        "idx_learning_events_director",
        "idx_learning_events_job_id",
        "idx_learning_events_user_id",
    ]
    assert our_indexes == seed_indexes
