"""Database helpers.

Database-side defaults that read the same as the original's SQL: PostgreSQL
spells them GEN_RANDOM_UUID() and NOW(), as the seed schema does; SQLite gets an
equivalent expression so the embedded default works too.

Prepared statements for the hottest reads and writes: `statement_cursor` (the
rate-limit upsert, the token lookup with its count in ratelimit/authentication.py,
the director state's row in director/queries.py), and `instance_from_row` /
`columns`, so those two hand-written statements still yield ordinary model
instances; `write_together` (a choice's rows in one statement) and `update_where`
(the scene review's guarded UPDATE), which turn model instances and field values
into prepared statements through the fields' own conversions. They are the only
stand-ins for the ORM; each says what it replaces and where it is measured
(benchmarks/RESULTS.md, docs/hardening.md).
"""

from functools import cache

from django.db.models import DateTimeField, F, Func, UUIDField, signals


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
    if not prepares(connection):
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


def prepares(connection):
    """Whether `connection` runs statement_cursor's prepared statements (PostgreSQL with preparation on)."""
    options = connection.settings_dict["OPTIONS"]
    return connection.vendor == "postgresql" and options.get("prepare_threshold") is not None


def write_together(connection, inserts=(), updates=()):
    """Insert the unsaved model instances `inserts` and apply `updates`, (model, pk, {field name: value}), in one
    statement: on PostgreSQL one prepared `WITH w0 AS (INSERT ...), w1 AS (UPDATE ...) SELECT 1`, its text built
    once per shape (the models, and which fields hold which expression: one without parameters, such as Now()).
    Elsewhere the ORM writes them one by one, in the same order. Either way inside the caller's transaction.

    It replaces `Model.objects.create()` and `filter(pk=...).update()` where several rows are written in a row on
    a hot path (choosing a director, director/commands.py): as `save()` does for an insert, each instance's
    `pre_save` signal is sent first (django-tasks-db's fills in a task row's run_after), each value goes through
    its field's `pre_save` and `get_db_prep_save`, and `post_save` (created) follows; the instances come back
    saved (`_state.adding` False). The updates send no signal, as `QuerySet.update()` sends none.

    Only what the choice's rows need: every concrete field is written (no generated field, no auto-increment pk
    left unset: refused), an expression value must have no parameters (Now()) and is not read back into the
    instance, and the updates take plain values.
    """
    if not prepares(connection):
        for obj in inserts:
            obj.save(force_insert=True, using=connection.alias)
        for model, pk, values in updates:
            model._base_manager.using(connection.alias).filter(pk=pk).update(**values)
        return
    shape, params = [], []
    for obj in inserts:
        signals.pre_save.send(sender=type(obj), instance=obj, raw=False, using=connection.alias, update_fields=None)
        fields = obj._meta.concrete_fields
        expressions = []
        for field in fields:
            if getattr(field, "generated", False) or (field.primary_key and getattr(obj, field.attname) is None):
                raise ValueError(f"{type(obj).__name__}.{field.attname}: write_together writes every field's value")
            value = field.pre_save(obj, True)
            if hasattr(value, "resolve_expression"):
                expressions.append((field.attname, value))  # hashable by its identity (its class and arguments)
            else:
                params.append(field.get_db_prep_save(value, connection))
        shape.append((type(obj), tuple(expressions)))
    for model, pk, values in updates:
        names = tuple(values)
        if any(hasattr(value, "resolve_expression") for value in values.values()):
            raise ValueError("write_together updates take plain values, not expressions")
        shape.append((model, names))
        params += _update_params(connection, model, pk, values, {})
    sql = _together_sql(connection.alias, tuple(shape), len(inserts))
    with statement_cursor(connection) as cursor:
        cursor.execute(sql, params)
    for obj in inserts:
        obj._state.adding, obj._state.db = False, connection.alias
        signals.post_save.send(
            sender=type(obj), instance=obj, created=True, update_fields=None, raw=False, using=connection.alias
        )


@cache
def _together_sql(alias, shape, insert_count):
    from django.db import connections
    from django.db.models.sql import InsertQuery

    connection = connections[alias]
    qn = connection.ops.quote_name
    parts = []
    for index, (model, spec) in enumerate(shape):
        meta = model._meta
        if index < insert_count:
            query = InsertQuery(model)
            compiler = query.get_compiler(connection=connection)
            expressions = dict(spec)
            values = []
            for field in meta.concrete_fields:
                if field.attname in expressions:
                    sql, expression_params = compiler.compile(
                        expressions[field.attname].resolve_expression(query, allow_joins=False, for_save=True)
                    )
                    if expression_params:
                        raise ValueError(f"{field.attname}: only expressions without parameters, such as Now()")
                    values.append(sql)
                else:
                    values.append("%s")
            names = ", ".join(qn(field.column) for field in meta.concrete_fields)
            parts.append(f"INSERT INTO {qn(meta.db_table)} ({names}) VALUES ({', '.join(values)})")
        else:
            parts.append(_update_where_sql(alias, model, spec, (), ()))
    return "WITH " + ", ".join(f"w{index} AS ({part})" for index, part in enumerate(parts)) + " SELECT 1"


def update_where(connection, model, pk, values, *, where, increment=()):
    """`UPDATE` the row `pk` of `model` with `values` ({field name: value}) and each field in `increment` + 1, only
    while the fields in `where` still hold the values given; the number of rows changed (0 or 1).

    On PostgreSQL one prepared statement, its text built once per shape (the field names); elsewhere the ORM's
    `filter(pk=pk, **where).update(**values, field=F(field) + 1)`. It stands in for that ORM update on the scene
    review (director.transitions.save_review), the guarded write of the API's busiest write route: building the
    ORM's UPDATE and planning it anew cost 3-4x the prepared statement's CPU (benchmarks/RESULTS.md).
    """
    if not prepares(connection):
        changes = {**values, **{name: F(name) + 1 for name in increment}}
        return model._base_manager.using(connection.alias).filter(pk=pk, **where).update(**changes)
    sql = _update_where_sql(connection.alias, model, tuple(values), tuple(increment), tuple(where))
    with statement_cursor(connection) as cursor:
        cursor.execute(sql, _update_params(connection, model, pk, values, where))
        return cursor.rowcount


def _update_params(connection, model, pk, values, where):
    """The parameters of `_update_where_sql`'s statement, in its order: the values, the pk, the guard's values."""
    meta = model._meta
    params = [meta.get_field(name).get_db_prep_save(value, connection) for name, value in values.items()]
    params.append(meta.pk.get_db_prep_value(pk, connection))
    params += [meta.get_field(name).get_db_prep_value(value, connection) for name, value in where.items()]
    return params


@cache
def _update_where_sql(alias, model, names, increment, where):
    from django.db import connections

    qn = connections[alias].ops.quote_name
    meta = model._meta

    def column(name):
        return qn(meta.get_field(name).column)

    sets = [f"{column(name)} = %s" for name in names] + [f"{column(name)} = {column(name)} + 1" for name in increment]
    conditions = [f"{qn(meta.pk.column)} = %s"] + [f"{column(name)} = %s" for name in where]
    return f"UPDATE {qn(meta.db_table)} SET {', '.join(sets)} WHERE {' AND '.join(conditions)}"
