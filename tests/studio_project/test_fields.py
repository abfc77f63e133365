"""studio_project.fields.JSONField: orjson writes and reads the values, and the database holds what Django's own
JSONField (the standard library's json) would have stored; what json refuses is still refused."""

import json
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

import numpy as np
import pytest
from django.db import connection

from learning.models import LearningEvent
from studio_project import fields
from tests.factories import VisionJobFactory

pytestmark = pytest.mark.django_db

VALUES = [
    {"a": 1, "b": [1.5, -0.0, 1e-300, 123456789.123456789], "c": {"ü": "Grüße 你好 🎬", "none": None, "t": True}},
    [1, "two", [3, [4, [5]]], {"six": 6.0}],
    {"big": 2**70, "small": -(2**70)},  # outside 64 bits: orjson refuses them, json writes them
    {"numpy": np.float64(0.1)},  # a float subclass, as json writes it
    "a plain string",
    3.25,
]


def stored_equals_json(model, pk, column, value):
    """The column holds what json.dumps makes of `value`: equal as jsonb on PostgreSQL; on SQLite, whose column is
    text (json.dumps escapes non-ASCII, orjson writes UTF-8), the same document once read."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"SELECT {column} = %s::jsonb FROM {table} WHERE id = %s", [json.dumps(value), pk])
            return bool(cursor.fetchone()[0])
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk.hex])
        return json.loads(cursor.fetchone()[0]) == json.loads(json.dumps(value))


@pytest.mark.parametrize("value", VALUES, ids=lambda v: type(v).__name__)
def test_what_is_stored_and_read_back_is_what_json_makes_of_it(value):
    job = VisionJobFactory()
    event = LearningEvent.objects.create(
        user=job.user, job=job, raw_scores=value, director_pitches=[], selected_director_id="newtonian",
        learning_delta={},
    )  # fmt: skip
    assert stored_equals_json(LearningEvent, event.pk, "raw_scores", value)
    assert LearningEvent.objects.get(pk=event.pk).raw_scores == json.loads(json.dumps(value))


def test_int_keys_become_strings_as_json_makes_them():
    assert json.loads(fields.dumps({1: "a", 2: {3: "b"}})) == {"1": "a", "2": {"3": "b"}}


@dataclass
class Point:
    x: int


@pytest.mark.parametrize("value", [datetime(2026, 1, 1, tzinfo=UTC), Point(1), np.int64(7), {1j}])
def test_what_json_refuses_is_refused(value):
    with pytest.raises(TypeError):
        fields.dumps({"value": value})


def test_the_two_documented_differences():
    assert json.loads(fields.dumps([uuid.UUID(int=1)])) == ["00000000-0000-0000-0000-000000000001"]
    assert json.loads(fields.dumps([float("nan"), float("inf")])) == [None, None]


def test_reading_big_integers_and_non_json_text():
    assert fields.loads(json.dumps({"big": 2**70})) == {"big": 2**70}
    field = LearningEvent._meta.get_field("raw_scores")
    assert field.from_db_value("not json", None, connection) == "not json"  # as Django's JSONField answers


def test_migrations_name_django_s_field():
    assert LearningEvent._meta.get_field("raw_scores").deconstruct()[1] == "django.db.models.JSONField"
