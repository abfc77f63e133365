"""Database helpers.

Database-side defaults that read the same as the original's SQL: PostgreSQL
spells them GEN_RANDOM_UUID() and NOW(), as the seed schema does; SQLite gets an
equivalent expression so the embedded default works too.

Prepared statements for the hottest reads and writes: `statement_cursor` (the
rate-limit upsert, the token lookup with its count in ratelimit/authentication.py,
the director state's row in director/queries.py), and `instance_from_row` /
`columns`, so those two hand-written statements still yield ordinary model
instances. They are the only stand-ins for the ORM; each says what it replaces and
where it is measured (benchmarks/RESULTS.md).
"""

from functools import cache

from django.db.models import DateTimeField, Func, UUIDField


class RandomUUID(Func):
    template = "GEN_RANDOM_UUID()"
    output_field = UUIDField()

    def as_sqlite(self, compiler, connection, **extra_context):
        # 32 hex digits, the way Django stores a UUID on SQLite.
        return "(LOWER(HEX(RANDOMBLOB(16))))", []


class DbNow(Func):
    template = "NOW()"
    output_field = DateTimeField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return "(STRFTIME('%%Y-%%m-%%d %%H:%%M:%%f', 'NOW'))", []


def statement_cursor(connection):
    """A cursor whose statements PostgreSQL parses and plans once per connection (a prepared statement).

    Django binds parameters on the client, which never prepares, and leaves psycopg's preparation
    off unless OPTIONS["prepare_threshold"] is set (settings set it on PostgreSQL unless
    DATABASE_PREPARED_STATEMENTS=false). Planning a statement like the rate-limit upsert anew costs
    more than running it, so the hottest statements use a server-binding cursor that prepares on
    first use. Elsewhere (SQLite, preparation off) it is Django's own cursor.
    """
    if connection.vendor != "postgresql" or connection.settings_dict["OPTIONS"].get("prepare_threshold") is None:
        return connection.cursor()
    connection.close_if_health_check_failed()
    connection.ensure_connection()
    raw = _preparing_cursor_class()(connection.connection)
    return connection.make_debug_cursor(raw) if connection.queries_logged else connection.make_cursor(raw)


@cache
def _preparing_cursor_class():
    import psycopg

    class PreparingCursor(psycopg.Cursor):
        def execute(self, query, params=None, *, prepare=True, binary=None):
            return super().execute(query, params, prepare=prepare, binary=binary)

    return PreparingCursor


def instance_from_row(model, connection, row):
    """A `model` instance from the first values of `row`, its concrete fields' columns in field order (as
    `columns()` lists them), converted as the ORM would; returned with the rest of the row."""
    attnames, converters = _converters(model, connection)
    values, rest = row[: len(attnames)], row[len(attnames) :]
    converted = []
    for (column, convert_all), value in zip(converters, values, strict=True):
        for convert in convert_all:
            value = convert(value, column, connection)
        converted.append(value)
    return model.from_db(connection.alias, attnames, converted), rest


def _converters(model, connection):
    """The model's field names and, per field, its column and the converters the ORM applies to it: worked out
    once per connection (each thread has its own), not for every row."""
    cached = connection.__dict__.setdefault("_studio_row_converters", {})
    if model not in cached:
        fields = model._meta.concrete_fields
        converters = []
        for field in fields:
            column = field.get_col(model._meta.db_table)
            converters.append((column, connection.ops.get_db_converters(column) + column.get_db_converters(connection)))
        cached[model] = ([field.attname for field in fields], converters)
    return cached[model]


def columns(model, alias, connection):
    """`alias.col1, alias.col2, ...` for the model's concrete fields, in the order instance_from_row reads them."""
    qn = connection.ops.quote_name
    return ", ".join(f"{alias}.{qn(field.column)}" for field in model._meta.concrete_fields)
