"""Settings for benchmarks/api_load.py: Studio's settings plus one trivial token-authenticated API view."""

from studio_project.settings import *  # noqa: F403

ROOT_URLCONF = "benchmarks.api_load_site.urls"
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
