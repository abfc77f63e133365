"""Token authentication that counts the request in the same statement.

A throttled API request needs two facts from the database: whose token this is,
and how many requests that user has made in the current window. The plain way is
two statements: DRF's `TokenAuthentication` (`Token.objects.select_related("user")
.get(key=key)`), then StudioThrottle's own upsert (`ratelimit.buckets.hit`). On
PostgreSQL this gets both from one prepared statement: the token lookup is a CTE
and the counting core's upsert is a data-modifying CTE over it. StudioThrottle then
uses that count instead of counting again (`remember_count`).

It stays because it earns its keep: measured against DRF's lookup plus the
throttle's upsert in the same run (benchmarks/throttle.py's routes and the API's
trivial view), see benchmarks/RESULTS.md ("Stand-ins for the ORM and reverse()").
tests/ratelimit/test_token_counting.py compares its answer (user, token, count and
window) with the plain path's. If the ratio falls under 1.3x, drop the override of
`authenticate_credentials` below and let the throttle count.

The promise is the counting core's: the upsert is the same statement text, with
the same window rules, fed by the looked-up user instead of a parameter. A token
that matches no one, or an inactive user, is never counted. Views that
StudioThrottle does not guard, or whose scope's rate is None, get the lookup alone.

Elsewhere (SQLite, which has no data-modifying CTEs; session-authenticated and
anonymous callers) DRF looks the token up and the throttle counts on its own.
"""

import logging
import time
from functools import cache

from django.contrib.auth import get_user_model
from django.db import DatabaseError, connections
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication

from ratelimit.blocks import BLOCKS, SPREAD, Block, block_size, epoch_us, first_block
from ratelimit.buckets import ASYNC_COMMIT, as_datetime, async_commit, count_params, hit_sql, take_sql, usage_from_row
from ratelimit.clients import USER_PREFIX, user_identifier
from ratelimit.throttling import RateLimitUnavailable, counted_scope, remember_count
from studio_project.db import columns, instance_from_row, statement_cursor

logger = logging.getLogger(__name__)
USING = "default"


@cache
def lookup_sql(counting, async_commit, blocks=False):
    """The token lookup; with `counting`, the lookup plus the count for the token's user (with `blocks`, a block of
    counts: ratelimit.blocks)."""
    user_model, token_model = get_user_model(), TokenAuthentication().get_model()
    qn = connections[USING].ops.quote_name
    user_meta, token_meta = user_model._meta, token_model._meta
    user_columns = columns(user_model, "u", connections[USING])
    account = (
        f"SELECT {user_columns}, t.{qn(token_meta.get_field('created').column)} AS token_created "
        f"FROM {qn(token_meta.db_table)} t JOIN {qn(user_meta.db_table)} u "
        f"ON u.{qn(user_meta.pk.column)} = t.{qn(token_meta.get_field('user').column)} "
        f"WHERE t.{qn(token_meta.pk.column)} = %(key)s"
    )
    if not counting:
        return account
    first = "%(first)s" if blocks else "1"
    source = (
        f"SELECT %(prefix)s::text || a.{qn(user_meta.pk.column)}::text, %(endpoint)s, {first}, %(now)s, "
        f"%(window_end)s{', %(first)s' if blocks else ''} "
        f"FROM account a{', ' + ASYNC_COMMIT if async_commit else ''} "
        f"WHERE a.{qn(user_meta.get_field('is_active').column)}"
    )
    counted = take_sql(source) if blocks else hit_sql(source)
    return (
        f"WITH account AS ({account}), counted AS ({counted}) "
        f"SELECT a.*, c.request_count, c.window_end{', c.last_taken' if blocks else ''} "
        "FROM account a LEFT JOIN counted c ON true"
    )


class CountingTokenAuthentication(TokenAuthentication):
    """DRF's token authentication; on PostgreSQL one statement looks the token up and counts the request."""

    def authenticate(self, request):
        self.request = request  # DRF makes one authenticator per request
        return super().authenticate(request)

    def authenticate_credentials(self, key):
        if "\x00" in key or len(key) > self.get_model()._meta.pk.max_length:  # can match no token: no query
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        connection = connections[USING]
        if connection.vendor != "postgresql":
            return super().authenticate_credentials(key)
        counted = counted_scope(self.request.parser_context.get("view"))
        if counted is None:
            return self.look_up(key, lookup_sql(False, False), {"key": key})[:2]
        scope, rate = counted
        blocks = block_size() > 1
        if blocks and (taken := BLOCKS.take(key, scope, time.time_ns() // 1000)) is not None:
            # A count this process already holds for this token's user: the lookup alone.
            block, usage = taken
            try:
                user, token, _rest = self.look_up(key, lookup_sql(False, False), {"key": key})
            except (exceptions.AuthenticationFailed, DatabaseError):
                BLOCKS.give_back(block)
                raise
            if user.pk == block.user_pk:
                remember_count(self.request, block.identifier, scope, usage, user)
                return user, token
            BLOCKS.give_back(block)  # the token names someone else now (made again): count for them afresh
        now = timezone.now()
        params = {"key": key, "prefix": USER_PREFIX, **count_params(connection, scope, rate, now)}
        if blocks:
            stale = BLOCKS.stale(key, scope)  # its unused counts go back in the statement that takes the next block
            params |= {
                "block": block_size(),
                "spread": SPREAD,
                "first": first_block(rate.limit),
                "returned": stale.left if stale else 0,
                "returned_end": connection.ops.adapt_datetimefield_value(stale.window_end if stale else now),
            }
        try:
            user, token, row = self.look_up(key, lookup_sql(True, async_commit(connection), blocks), params)
        except DatabaseError:
            logger.exception("rate limit check failed for scope %s; refusing the request", scope)
            raise RateLimitUnavailable() from None
        identifier = user_identifier(user)
        usage = usage_from_row(scope, rate, *row[:2], now)
        if blocks and usage.allowed and row[2] > 1:
            # This request used one count of the block; the process keeps the rest (their headers count down).
            block = Block(
                identifier,
                scope,
                rate.limit,
                rate.period,
                as_datetime(row[1]),
                row[0],
                row[2] - 1,
                time.monotonic(),
                user.pk,
            )
            usage = block.usage(epoch_us(now))
            BLOCKS.keep(key, block)
        remember_count(self.request, identifier, scope, usage, user)
        return user, token

    def look_up(self, key, sql, params):
        connection = connections[USING]
        with statement_cursor(connection) as cursor:
            cursor.execute(sql, params)
            row = cursor.fetchone()
        if row is None:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        user, (token_created, *counted) = instance_from_row(get_user_model(), connection, row)
        if not user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        return user, self.get_model()(key=key, user=user, created=token_created), counted
