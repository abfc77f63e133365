"""Counts taken a block at a time: one statement for up to BLOCK token requests of one user in one process.

A token-authenticated API request is counted by the token lookup's own statement
(ratelimit.authentication). Counting is a write, and a write costs the database
several times what the lookup alone does. So while a bucket has plenty left, that
statement takes a *block* of counts at once: the request uses one, and the web
process keeps the rest for the same user's next requests to the same scope, which
then run the lookup alone. The bucket's count includes every count handed out in a
block, used or not, so the limit is never exceeded, whatever the number of
processes and machines.

A block is small: at most `STUDIO_RATELIMIT_BLOCK` counts (16), and at most a
SPREAD-th (1/16) of what the window has left, so near the limit blocks shrink to
one count, which is today's exact count per request. A process keeps a block for
at most `STUDIO_RATELIMIT_BLOCK_SECONDS` (1 s); then whatever it did not use goes
back to the bucket: in the statement that takes its next block, or, if none
comes, from a sweeper thread, and when the process exits. Counts a process holds
unused are therefore missing from the others for at most that long, and a request
that keeps coming is admitted once they are back: the limit is reached.

`STUDIO_RATELIMIT_BLOCK=1` turns blocks off (every request counted on its own).
"""

import atexit
import logging
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.db import DatabaseError, connections

from ratelimit.buckets import TABLE, new_usage

logger = logging.getLogger(__name__)
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
ONE_US = timedelta(microseconds=1)
SPREAD = 16  # a block is at most this fraction (1/SPREAD) of what the window has left


def block_size():
    return settings.STUDIO_RATELIMIT_BLOCK


def hold_seconds():
    return settings.STUDIO_RATELIMIT_BLOCK_SECONDS


def first_block(limit):
    """The counts a request takes when it opens a window: as the upsert takes them from a full window."""
    return min(block_size(), max(1, limit // SPREAD))


def epoch_us(moment):
    """An aware datetime as whole microseconds since the epoch: exact, and cheap to compare with `time.time_ns()`."""
    return (moment - EPOCH) // ONE_US


@dataclass
class Block:
    identifier: str
    scope: str
    limit: int
    period: int
    window_end: object  # aware datetime: the window the counts belong to
    count: int  # the bucket's count once this block was taken (every block handed out so far included)
    left: int  # counts of the block this process has not used yet
    taken_at: float  # time.monotonic()
    user_pk: object = None  # whose token it is: the counts are theirs
    ends_at: int = 0  # window_end in microseconds since the epoch (epoch_us)

    def __post_init__(self):
        self.ends_at = epoch_us(self.window_end)

    def usage(self, now_us):
        """The RateLimit numbers for a request admitted from the block at `now_us` (time.time_ns() // 1000): what
        is left is what the bucket had left when it was taken plus this block's unused counts (others' blocks count
        as used)."""
        reset_in = -((now_us - self.ends_at) // 1_000_000)  # whole seconds until the window ends, rounded up
        return new_usage((self.scope, self.limit, self.period, max(1, self.count - self.left), max(0, reset_in)))


class Blocks:
    """This process's blocks, by (token key, scope): the requests of one token share them across threads."""

    def __init__(self):
        self._lock = threading.Lock()
        self._blocks = {}
        self._sweeper = None

    def take(self, key, scope, now_us):
        """One count from this process's block for (key, scope) at `now_us` (time.time_ns() // 1000), as
        (block, Usage); or None (no block, used up, old or of a window that has ended: then the caller counts with
        the database, handing back `stale(key, scope)`)."""
        with self._lock:
            block = self._blocks.get((key, scope))
            if (
                block is None
                or block.left < 1
                or block.ends_at <= now_us
                or time.monotonic() - block.taken_at >= settings.STUDIO_RATELIMIT_BLOCK_SECONDS
            ):
                return None
            block.left -= 1
            return block, block.usage(now_us)

    def give_back(self, block):
        """A count taken from `block` that no request used (the lookup refused the token)."""
        with self._lock:
            block.left += 1

    def stale(self, key, scope):
        """The block for (key, scope) this process stops using, to return its unused counts; None if none."""
        with self._lock:
            return self._blocks.pop((key, scope), None)

    def keep(self, key, block):
        """Keep a block just taken (one of its counts already used by the request that took it)."""
        if block.left < 1:
            return
        with self._lock:
            held = self._blocks.get((key, block.scope))
            if held is not None and held.window_end == block.window_end:
                # Two threads took a block at once: one block, so no count is left behind unreturned.
                block.left += held.left
                block.count = max(block.count, held.count)
                block.taken_at = min(block.taken_at, held.taken_at)
            self._blocks[key, block.scope] = block
            if self._sweeper is None or not self._sweeper.is_alive():
                self._sweeper = threading.Thread(target=self._sweep, name="ratelimit-blocks", daemon=True)
                self._sweeper.start()

    def expired(self, *, every=False):
        """Pop and return the blocks held longer than the hold time (or all of them)."""
        limit = time.monotonic() - hold_seconds()
        with self._lock:
            keys = [k for k, b in self._blocks.items() if every or b.taken_at <= limit]
            return [self._blocks.pop(k) for k in keys]

    def _sweep(self):
        while True:
            time.sleep(hold_seconds() / 2)
            blocks = self.expired()
            try:
                return_unused(blocks)
            except Exception:  # the sweeper outlives any one failure: a dead sweeper would hold counts forever
                logger.exception("could not return %d unused rate-limit counts", sum(b.left for b in blocks))

    def close(self):
        return_unused(self.expired(every=True))


_RETURN_SQL = f"""
UPDATE {TABLE} SET request_count = LEAST(request_count, %(limit)s) - %(returned)s
WHERE identifier = %(identifier)s AND endpoint = %(endpoint)s AND window_end = %(window_end)s
  AND LEAST(request_count, %(limit)s) >= %(returned)s
"""


def return_unused(blocks, using="default"):
    """Give the unused counts of `blocks` back to their buckets (only within the window they were taken in)."""
    blocks = [b for b in blocks if b.left > 0]
    if not blocks:
        return
    connection = connections[using]
    try:
        with connection.cursor() as cursor:
            for block in blocks:
                cursor.execute(_RETURN_SQL, return_params(connection, block))
    except DatabaseError:
        logger.exception("could not return %d unused rate-limit counts", sum(b.left for b in blocks))
    finally:
        if threading.current_thread() is not threading.main_thread():
            connection.close()


def return_params(connection, block):
    return {
        "identifier": block.identifier,
        "endpoint": block.scope,
        "limit": block.limit,
        "returned": block.left,
        "window_end": connection.ops.adapt_datetimefield_value(block.window_end),
    }


BLOCKS = Blocks()
atexit.register(BLOCKS.close)
