"""Django's JSONField, with its values written and read by orjson.

A choice in the Lounge writes about 14 KB of JSON (the learning event, the owner's profile, the pitches shown, the
analysis the prompt record keeps) and reads about as much; with the standard library's `json` that was a tenth of
the request's CPU (benchmarks/RESULTS.md, "select-director: JSON by orjson"). orjson writes and reads the same
documents about ten times faster.

What is stored is the same JSON, without the spaces `json.dumps` puts after separators (PostgreSQL's jsonb keeps
neither). Where orjson would answer differently from `json.dumps`, the standard library is used instead, so a value
is written as before or refused as before:

- types orjson writes but `json.dumps` refuses (datetimes, dataclasses) are handed back (orjson's PASSTHROUGH
  options) and refused by `json.dumps`, as Django would;
- subclasses of str, int, float, dict and list (e.g. numpy.float64) are written by `json.dumps` as it always did;
- keys that are not strings, and integers outside 64 bits, are written by `json.dumps` too.

Two differences remain: a `uuid.UUID` is written as its text (the standard library refuses it), and a float NaN
or infinity becomes null (the standard library writes `NaN`, which PostgreSQL refuses as JSON).

A field given its own `encoder` or `decoder` is Django's JSONField unchanged.
"""

import json

import orjson
from django.db import models
from django.db.models.fields.json import KeyTransform
from psycopg.types.json import Jsonb

_PASSTHROUGH = orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS | orjson.OPT_PASSTHROUGH_SUBCLASS


def dumps(value):
    """JSON text for `value`, as bytes: orjson's, or the standard library's where orjson's would differ."""
    try:
        return orjson.dumps(value, option=_PASSTHROUGH)
    except TypeError:
        return json.dumps(value).encode()


def loads(text):
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:  # e.g. an integer beyond 64 bits, which the standard library reads
        return json.loads(text)


class JSONField(models.JSONField):
    """models.JSONField, written and read by orjson (see the module's docstring for what stays the same)."""

    def deconstruct(self):
        # The column is Django's JSONField's in every respect, so migrations name Django's: changing how values are
        # encoded writes no migration (SQLite would otherwise rebuild every table that has one).
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.JSONField", args, kwargs

    def get_db_prep_value(self, value, connection, prepared=False):
        if self.encoder is not None:
            return super().get_db_prep_value(value, connection, prepared)
        if not prepared:
            value = self.get_prep_value(value)
        if connection.vendor == "postgresql":
            return Jsonb(value, dumps=dumps)
        return dumps(value).decode()

    def from_db_value(self, value, expression, connection):
        if value is None or self.decoder is not None:
            return super().from_db_value(value, expression, connection)
        if isinstance(expression, KeyTransform) and not isinstance(value, str):
            return value
        try:
            return loads(value)
        except json.JSONDecodeError:  # as Django's: a value that is not JSON is returned as it is
            return value
