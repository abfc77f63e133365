"""A counter-only Django cache over rate_limit_buckets, for django-ratelimit.

django-ratelimit counts through a cache (`add`, then `incr`); this backend makes
those the counting core's atomic statements, so plain views are limited in the
same database as the API, exactly, with no Redis. Values must be integers.
The cache's LOCATION is the `endpoint` its rows are filed under.

When the database fails, it answers as a failing cache does (what django-ratelimit
expects of memcached or Redis): `add` False, `incr` None, `get` the default,
`touch`/`delete` False; the error is logged. django-ratelimit then refuses the
request, or lets it through uncounted under RATELIMIT_FAIL_OPEN. Callers that must
refuse whatever that setting says (Studio's sign-in guards) count inside
`raising_failures()`, where the DatabaseError is raised instead.
"""

import hashlib
import logging
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import timedelta

from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache, InvalidCacheKey
from django.db import DatabaseError
from django.utils import timezone

from ratelimit import buckets
from ratelimit.models import RateLimitBucket

logger = logging.getLogger(__name__)
MAX_KEY_LENGTH = RateLimitBucket._meta.get_field("identifier").max_length
_raising = ContextVar("bucket_cache_raising", default=False)


@contextmanager
def raising_failures():
    """Inside, a BucketCache whose database fails raises the DatabaseError instead of answering like a failing cache."""
    token = _raising.set(True)
    try:
        yield
    finally:
        _raising.reset(token)


class ReadableKey:
    """RATELIMIT_HASH_ALGORITHM that keeps keys readable, so staff can find a bucket by address or username."""

    limit = 180

    def __init__(self, data):
        self.text = data.decode("utf-8", "replace")
        self.digest = hashlib.sha256(data).hexdigest()

    def hexdigest(self):
        if len(self.text) <= self.limit:
            return self.text
        return f"{self.text[: self.limit - 65]}~{self.digest}"


class BucketCache(BaseCache):
    def __init__(self, location, params):
        super().__init__(params)
        self.endpoint = location or "cache"

    def validate_key(self, key):
        if len(key) > MAX_KEY_LENGTH:
            raise InvalidCacheKey(f"Cache key is longer than {MAX_KEY_LENGTH} characters: {key[:40]}...")

    def _key(self, key, version):
        key = self.make_key(key, version=version)
        self.validate_key(key)
        return key

    def _seconds(self, timeout):
        # BaseCache.get_backend_timeout returns an absolute time; the counters want a duration.
        return self.default_timeout if timeout is DEFAULT_TIMEOUT else timeout

    def _failed(self, operation):
        """Inside an except DatabaseError: re-raise for raising_failures(), else log and let the caller answer."""
        if _raising.get():
            raise
        logger.warning("BucketCache %s in %r failed; answered as a cache miss", operation, self.endpoint, exc_info=True)

    @staticmethod
    def _counter(value):
        if isinstance(value, bool) or not isinstance(value, int):
            raise TypeError(f"BucketCache stores integer counters only, not {type(value).__name__}.")
        if not 0 <= value <= buckets.MAX_COUNTER:
            raise ValueError(f"BucketCache counters run from 0 to {buckets.MAX_COUNTER}; {value} is out of range.")
        return value

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        key, value, timeout = self._key(key, version), self._counter(value), self._seconds(timeout)
        try:
            return buckets.add_counter(key, self.endpoint, value, timeout)
        except DatabaseError:
            self._failed("add")
            return False

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        key, value, timeout = self._key(key, version), self._counter(value), self._seconds(timeout)
        try:
            buckets.set_counter(key, self.endpoint, value, timeout)
        except DatabaseError:
            self._failed("set")

    def get(self, key, default=None, version=None):
        key = self._key(key, version)
        try:
            value = buckets.read_counter(key, self.endpoint)
        except DatabaseError:
            self._failed("get")
            return default
        return default if value is None else value

    def incr(self, key, delta=1, version=None):
        """The new value; ValueError for a missing key (as every Django cache) or a result outside 0..2**31-1."""
        name, delta = key, self._delta(delta)
        key = self._key(key, version)
        try:
            value = buckets.incr_counter(key, self.endpoint, delta)
            if value is None and buckets.read_counter(key, self.endpoint) is not None:
                raise ValueError(
                    f"Adding {delta} to '{name}' would leave BucketCache's range 0 to {buckets.MAX_COUNTER}."
                )
        except DatabaseError:
            self._failed("incr")
            return None
        if value is None:
            raise ValueError(f"Key '{name}' not found")
        return value

    @staticmethod
    def _delta(delta):
        if isinstance(delta, bool) or not isinstance(delta, int):
            raise TypeError(f"BucketCache increments by whole numbers only, not {type(delta).__name__}.")
        if abs(delta) > buckets.MAX_COUNTER:
            raise ValueError(f"BucketCache counters run from 0 to {buckets.MAX_COUNTER}; cannot add {delta}.")
        return delta

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        timeout = self._seconds(timeout)
        end = buckets.NEVER if timeout is None else timezone.now() + timedelta(seconds=timeout)
        rows = RateLimitBucket.objects.live().filter(identifier=self._key(key, version), endpoint=self.endpoint)
        try:
            return rows.update(window_end=end) > 0
        except DatabaseError:
            self._failed("touch")
            return False

    def delete(self, key, version=None):
        rows = RateLimitBucket.objects.filter(identifier=self._key(key, version), endpoint=self.endpoint)
        try:
            return rows.delete()[0] > 0
        except DatabaseError:
            self._failed("delete")
            return False

    def clear(self):
        try:
            RateLimitBucket.objects.filter(endpoint=self.endpoint).delete()
        except DatabaseError:
            self._failed("clear")
