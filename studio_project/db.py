"""Database-side defaults that read the same as the original's SQL.

PostgreSQL spells them GEN_RANDOM_UUID() and NOW(), as the seed schema does;
SQLite gets an equivalent expression so the embedded default works too.
"""

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
