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
