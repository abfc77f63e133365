"""System checks for the sign-in guards: django-ratelimit must count in a shared, atomic cache.

The same conditions as django-ratelimit's own cache check (E001-E003), which only
knows memcached and Redis by name and so warns about any other backend; this one
also knows Studio's database-backed BucketCache.
"""

from django.conf import settings
from django.core import checks

SHARED_ATOMIC_BACKENDS = {
    "ratelimit.cache.BucketCache",
    "django.core.cache.backends.memcached.PyMemcacheCache",
    "django.core.cache.backends.memcached.PyLibMCCache",
    "django.core.cache.backends.redis.RedisCache",
    "django_redis.cache.RedisCache",
}


@checks.register(checks.Tags.caches)
def check_ratelimit_cache(app_configs, **kwargs):
    errors = []
    name = getattr(settings, "RATELIMIT_USE_CACHE", "default")
    config = getattr(settings, "CACHES", {}).get(name)
    if config is None:
        return [
            checks.Error(
                f'RATELIMIT_USE_CACHE="{name}" is not in CACHES; the sign-in guards cannot count.',
                id="ratelimit.E001",
            )
        ]
    backend = config.get("BACKEND", "")
    if backend not in SHARED_ATOMIC_BACKENDS:
        errors.append(
            checks.Error(
                f"Cache backend {backend} for RATELIMIT_USE_CACHE is not both shared between processes and "
                "atomic, so django-ratelimit's counts would be wrong.",
                hint='Use "ratelimit.cache.BucketCache" (counts in the database), memcached or Redis.',
                id="ratelimit.E002",
            )
        )
    if getattr(settings, "RATELIMIT_FAIL_OPEN", False):
        errors.append(
            checks.Error(
                "RATELIMIT_FAIL_OPEN lets @ratelimit views through uncounted when the database fails "
                "(the sign-in guards refuse with a 503 regardless).",
                hint="Remove it: a failed count must refuse the request.",
                id="ratelimit.E003",
            )
        )
    return errors
