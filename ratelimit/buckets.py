"""The counting core: fixed-window counters in `rate_limit_buckets`.

Every check is one atomic `INSERT ... ON CONFLICT (identifier, endpoint) DO UPDATE
... RETURNING` statement, on PostgreSQL and SQLite alike, so the count is exact
across any number of threads, processes and machines sharing the database.

The promise (see docs/ratelimit.md): a bucket's window opens at the first request
after the previous window has ended and lasts `period` seconds; within one window
at most `limit` requests are admitted. An expired bucket is reset by the same
statement that counts the request, so it can never collide with the UNIQUE key.

Times come from Python (`timezone.now()`), are passed as parameters adapted by the
connection (ISO text on SQLite, timestamptz on PostgreSQL) and only ever compared,
never computed on in SQL, so both backends agree to the microsecond.
"""

import math
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache, partial
from typing import NamedTuple

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connections
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from ratelimit.models import RateLimitBucket
from studio_project.db import statement_cursor

TABLE = RateLimitBucket._meta.db_table
PURGE_BATCH_SIZE = 10_000
NEVER = datetime(9999, 12, 31, tzinfo=UTC)
MAX_COUNTER = 2**31 - 1  # request_count is a 32-bit integer column on PostgreSQL

_UNITS = {
    "s": 1, "sec": 1, "second": 1, "seconds": 1,
    "m": 60, "min": 60, "minute": 60, "minutes": 60,
    "h": 3600, "hour": 3600, "hours": 3600,
    "d": 86400, "day": 86400, "days": 86400,
}  # fmt: skip
_RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([a-z]+)\s*$")


@dataclass(frozen=True)
class Rate:
    limit: int
    period: int  # seconds

    def __str__(self):
        return f"{self.limit}/{self.period}s"


@lru_cache(maxsize=256)
def parse_rate(text, setting="rate"):
    """'10/min', '100/hour', '5/30s', '1000/day' -> Rate; anything else is ImproperlyConfigured."""
    match = _RATE.match(str(text).lower()) if text is not None else None
    if not match or match.group(3) not in _UNITS:
        raise ImproperlyConfigured(
            f"{setting}={text!r} is not a rate; write it as <count>/<period>, e.g. '10/min', '100/hour' or '5/30s'."
        )
    limit, multiplier = int(match.group(1)), int(match.group(2) or 1)
    if limit < 1 or multiplier < 1:
        raise ImproperlyConfigured(f"{setting}={text!r}: the count and the period must both be at least 1.")
    return Rate(limit, multiplier * _UNITS[match.group(3)])


class Usage(NamedTuple):
    """One check's outcome, in the terms of the RateLimit headers (a tuple: one is made for nearly every request)."""

    policy: str
    limit: int
    period: int
    count: int
    reset_in: int  # whole seconds until the window ends

    @property
    def allowed(self):
        return self.count <= self.limit

    @property
    def remaining(self):
        return max(0, self.limit - self.count)

    @property
    def retry_after(self):
        return max(1, self.reset_in)

    def policy_header(self):
        return f'"{self.policy}";q={self.limit};w={self.period}'

    def header(self):
        return f'"{self.policy}";r={self.remaining};t={self.reset_in}'


new_usage = partial(tuple.__new__, Usage)  # Usage from a tuple of its five fields, without a Python-level call


def seconds_until(moment, now):
    return max(0, math.ceil((moment - now).total_seconds()))


def as_datetime(value):
    # psycopg returns aware datetimes; SQLite returns the ISO text Django stored (naive UTC).
    if isinstance(value, str):
        value = parse_datetime(value)
    if timezone.is_naive(value):
        value = timezone.make_aware(value, UTC)
    return value


_HIT_SQL = f"""
INSERT INTO {TABLE} AS b (identifier, endpoint, request_count, window_start, window_end)
{{source}}
ON CONFLICT (identifier, endpoint) DO UPDATE SET
    request_count = CASE WHEN b.window_end <= %(now)s THEN 1
                         WHEN b.request_count > %(limit)s THEN b.request_count
                         ELSE b.request_count + 1 END,
    window_start = CASE WHEN b.window_end <= %(now)s THEN excluded.window_start ELSE b.window_start END,
    window_end = CASE WHEN b.window_end <= %(now)s THEN excluded.window_end ELSE b.window_end END
RETURNING request_count, window_end
"""
# PostgreSQL, in autocommit: the statement is committed without waiting for the WAL flush
# (set_config(..., true) lasts for this statement's own transaction only).
ASYNC_COMMIT = "(SELECT set_config('synchronous_commit', 'off', true)) AS async_commit"


# A block of counts (ratelimit.blocks): the same window rules; the count grows by the block taken (at most
# %(block)s, at most 1/%(spread)s of what is left, at least 1) after the unused counts of this process's previous
# block in the same window (%(returned)s, %(returned_end)s) are given back. A refused request still leaves the count
# at limit + 1. `last_taken` is how many this statement took (0 when refused), so the caller knows its block.
_KEPT = "(LEAST(b.request_count, %(limit)s) - CASE WHEN b.window_end = %(returned_end)s THEN %(returned)s ELSE 0 END)"
_TAKE = f"LEAST(%(block)s, GREATEST(1, (%(limit)s - {_KEPT}) / %(spread)s))"
_TAKE_SQL = f"""
INSERT INTO {TABLE} AS b (identifier, endpoint, request_count, window_start, window_end, last_taken)
{{source}}
ON CONFLICT (identifier, endpoint) DO UPDATE SET
    request_count = CASE WHEN b.window_end <= %(now)s THEN excluded.request_count
                         WHEN {_KEPT} >= %(limit)s THEN %(limit)s + 1
                         ELSE {_KEPT} + {_TAKE} END,
    last_taken = CASE WHEN b.window_end <= %(now)s THEN excluded.last_taken
                      WHEN {_KEPT} >= %(limit)s THEN 0
                      ELSE {_TAKE} END,
    window_start = CASE WHEN b.window_end <= %(now)s THEN excluded.window_start ELSE b.window_start END,
    window_end = CASE WHEN b.window_end <= %(now)s THEN excluded.window_end ELSE b.window_end END
RETURNING request_count, window_end, last_taken
"""


def take_sql(source):
    """The block-taking upsert, fed by `source` giving identifier, endpoint, %(first)s, start, end, %(first)s."""
    return _TAKE_SQL.format(source=source)


def hit_sql(source):
    """The counting upsert, fed by `source` (VALUES or a SELECT) giving identifier, endpoint, 1, start, end.

    Its named parameters are `count_params(...)` and whatever the source names.
    """
    return _HIT_SQL.format(source=source)


HIT_SQL = hit_sql("VALUES (%(identifier)s, %(endpoint)s, 1, %(now)s, %(window_end)s)")
HIT_SQL_ASYNC_COMMIT = hit_sql(f"SELECT %(identifier)s, %(endpoint)s, 1, %(now)s, %(window_end)s FROM {ASYNC_COMMIT}")


def async_commit(connection):
    """Whether a count on this connection may skip waiting for the WAL flush (PostgreSQL, outside a transaction)."""
    return (
        connection.vendor == "postgresql" and not connection.in_atomic_block and settings.STUDIO_RATELIMIT_ASYNC_COMMIT
    )


def count_params(connection, endpoint, rate, now):
    """The upsert's parameters: the moment of the check, the end of a window opened now, the limit."""
    adapt = connection.ops.adapt_datetimefield_value
    return {
        "endpoint": endpoint,
        "now": adapt(now),
        "window_end": adapt(now + timedelta(seconds=rate.period)),
        "limit": rate.limit,
    }


def usage_from_row(endpoint, rate, count, window_end, now):
    return Usage(endpoint, rate.limit, rate.period, count, seconds_until(as_datetime(window_end), now))


def hit(identifier, endpoint, rate, *, now=None, using="default"):
    """Count one request against (identifier, endpoint) and say whether it is admitted.

    One statement. A denied request leaves the count at limit + 1 (it never grows
    further) and never extends the window.
    """
    now = now or timezone.now()
    connection = connections[using]
    params = {"identifier": identifier, **count_params(connection, endpoint, rate, now)}
    with statement_cursor(connection) as cursor:
        cursor.execute(HIT_SQL_ASYNC_COMMIT if async_commit(connection) else HIT_SQL, params)
        count, window_end = cursor.fetchone()
    return usage_from_row(endpoint, rate, count, window_end, now)


# Counter primitives for the cache backend (ratelimit.cache): the same table, one statement each.

_ADD_SQL = f"""
INSERT INTO {TABLE} AS b (identifier, endpoint, request_count, window_start, window_end)
VALUES (%s, %s, %s, %s, %s)
ON CONFLICT (identifier, endpoint) DO UPDATE SET
    request_count = excluded.request_count, window_start = excluded.window_start, window_end = excluded.window_end
WHERE b.window_end <= %s
RETURNING request_count
"""

_SET_SQL = f"""
INSERT INTO {TABLE} AS b (identifier, endpoint, request_count, window_start, window_end)
VALUES (%s, %s, %s, %s, %s)
ON CONFLICT (identifier, endpoint) DO UPDATE SET
    request_count = excluded.request_count, window_start = excluded.window_start, window_end = excluded.window_end
"""


def _expiry(now, timeout):
    return NEVER if timeout is None else now + timedelta(seconds=timeout)


def add_counter(identifier, endpoint, value, timeout, *, using="default"):
    """Create the counter unless a live one exists (an expired one is replaced); True if it was written."""
    now = timezone.now()
    connection = connections[using]
    adapt = connection.ops.adapt_datetimefield_value
    with connection.cursor() as cursor:
        cursor.execute(_ADD_SQL, [identifier, endpoint, value, adapt(now), adapt(_expiry(now, timeout)), adapt(now)])
        return cursor.fetchone() is not None


def set_counter(identifier, endpoint, value, timeout, *, using="default"):
    now = timezone.now()
    connection = connections[using]
    adapt = connection.ops.adapt_datetimefield_value
    with connection.cursor() as cursor:
        cursor.execute(_SET_SQL, [identifier, endpoint, value, adapt(now), adapt(_expiry(now, timeout))])


def incr_counter(identifier, endpoint, delta, *, using="default"):
    """Add delta to a live counter and return the new value; None when there is no live counter, or the sum would
    leave 0..MAX_COUNTER (the column's range; compared as BIGINT, so the check itself cannot overflow)."""
    connection = connections[using]
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {TABLE} SET request_count = request_count + %s "
            "WHERE identifier = %s AND endpoint = %s AND window_end > %s "
            "AND CAST(request_count AS BIGINT) + %s BETWEEN 0 AND %s RETURNING request_count",
            [delta, identifier, endpoint, connection.ops.adapt_datetimefield_value(timezone.now()), delta, MAX_COUNTER],
        )
        row = cursor.fetchone()
    return None if row is None else row[0]


def read_counter(identifier, endpoint, *, using="default"):
    return (
        RateLimitBucket.objects.using(using)
        .live()
        .filter(identifier=identifier, endpoint=endpoint)
        .values_list("request_count", flat=True)
        .first()
    )


def purge_expired(*, now=None, batch_size=PURGE_BATCH_SIZE, using="default", progress=None):
    """Delete buckets whose window has ended, batch_size rows per statement; return how many.

    Each batch is its own short statement (and transaction, in autocommit), so live
    checks never wait behind the purge. The window condition is repeated on the
    DELETE itself: PostgreSQL re-checks it on a row that a check has just reset,
    so a bucket that came back to life is never deleted.
    """
    now = now or timezone.now()
    connection = connections[using]
    now_db = connection.ops.adapt_datetimefield_value(now)
    total = 0
    while True:
        with connection.cursor() as cursor:
            cursor.execute(
                f"DELETE FROM {TABLE} WHERE window_end <= %s AND id IN "
                f"(SELECT id FROM {TABLE} WHERE window_end <= %s LIMIT %s)",
                [now_db, now_db, batch_size],
            )
            deleted = cursor.rowcount
        total += deleted
        if progress and deleted:
            progress(deleted, total)
        if deleted < batch_size:
            return total
