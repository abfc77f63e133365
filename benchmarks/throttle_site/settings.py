"""Settings for benchmarks/throttle.py: Studio's settings plus three trivial API views."""

from studio_project.settings import *  # noqa: F403
from studio_project.settings import CACHES, REST_FRAMEWORK

ROOT_URLCONF = "benchmarks.throttle_site.urls"
SECURE_SSL_REDIRECT = False
LIMIT = "100/hour"
REST_FRAMEWORK = {
    **REST_FRAMEWORK,
    "DEFAULT_AUTHENTICATION_CLASSES": ["ratelimit.authentication.CountingTokenAuthentication"],
    "DEFAULT_THROTTLE_RATES": {
        **REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
        "user": LIMIT,  # DRF's UserRateThrottle
        "bench": LIMIT,  # Studio's throttle, same limit
        "bench_open": "1000000000/hour",  # Studio's throttle counting but never refusing: the throughput run
        "api": "1000000000/hour",  # the same for Studio's /api/me/
    },
}
# "default" stays Django's LocMemCache, as DRF's throttles use out of the box; "shared" is a cache
# every worker sees (Django's database cache), to show the read-then-write race on its own.
CACHES = {**CACHES, "shared": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "bench_cache"}}
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
