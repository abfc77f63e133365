"""A counter-only Django cache over rate_limit_buckets, for django-ratelimit.

django-ratelimit counts through a cache (`add`, then `incr`); this backend makes
those the counting core's atomic statements, so plain views are limited in the
same database as the API, exactly, with no Redis. Values must be integers.
The cache's LOCATION is the `endpoint` its rows are filed under.
"""

import hashlib
from datetime import timedelta

from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache, InvalidCacheKey
from django.utils import timezone

from ratelimit import buckets
from ratelimit.models import RateLimitBucket

MAX_KEY_LENGTH = RateLimitBucket._meta.get_field("identifier").max_length


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

    @staticmethod
    def _counter(value):
        if isinstance(value, bool) or not isinstance(value, int):
            raise TypeError(f"BucketCache stores integer counters only, not {type(value).__name__}.")
        return value

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return buckets.add_counter(self._key(key, version), self.endpoint, self._counter(value), self._seconds(timeout))

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        buckets.set_counter(self._key(key, version), self.endpoint, self._counter(value), self._seconds(timeout))

    def get(self, key, default=None, version=None):
        value = buckets.read_counter(self._key(key, version), self.endpoint)
        return default if value is None else value

    def incr(self, key, delta=1, version=None):
        value = buckets.incr_counter(self._key(key, version), self.endpoint, delta)
        if value is None:
            raise ValueError(f"Key '{key}' not found")
        return value

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        timeout = self._seconds(timeout)
        end = buckets.NEVER if timeout is None else timezone.now() + timedelta(seconds=timeout)
        rows = RateLimitBucket.objects.live().filter(identifier=self._key(key, version), endpoint=self.endpoint)
        return rows.update(window_end=end) > 0

    def delete(self, key, version=None):
        rows = RateLimitBucket.objects.filter(identifier=self._key(key, version), endpoint=self.endpoint)
        return rows.delete()[0] > 0

    def clear(self):
        RateLimitBucket.objects.filter(endpoint=self.endpoint).delete()
