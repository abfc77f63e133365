"""Run in separate OS processes by the concurrency tests (multiprocessing, spawn)."""

import os


def hammer(database_name, barrier, results, *, identifier, endpoint, limit, period, attempts):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    import django

    django.setup()
    from django.db import connection

    from ratelimit.buckets import Rate, hit

    connection.settings_dict["NAME"] = database_name  # the test database the parent created
    connection.ensure_connection()
    rate = Rate(limit, period)
    barrier.wait(timeout=60)
    admitted = sum(hit(identifier, endpoint, rate).allowed for _ in range(attempts))
    connection.close()
    results.put(admitted)


def hammer_api(database_name, barrier, results, *, token, path, attempts, environ=None):
    """Token-authenticated requests through the whole API stack; puts the status codes. `environ`: settings by
    environment variable (e.g. a scope's rate), set before Django is."""
    os.environ.update(environ or {})
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from rest_framework.test import APIClient

    settings.ROOT_URLCONF = "tests.ratelimit.urls"
    connection.settings_dict["NAME"] = database_name
    connection.ensure_connection()
    client = APIClient(HTTP_AUTHORIZATION=f"Token {token}")
    barrier.wait(timeout=60)
    statuses = [client.post(path).status_code for _ in range(attempts)]
    connection.close()
    results.put(statuses)
