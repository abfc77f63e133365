"""Admin at scale: learning-event pages with 1,000,000 events and 100,000 users in PostgreSQL.

Generates the data once into a dedicated database (studio_bench; `manage.py generate_learning_events`), logs in
with Django's test Client, and times each page (median of several runs) and counts its queries, against a plain
`admin.ModelAdmin` with the same columns, filter, search and date hierarchy registered on a separate AdminSite
(Django's defaults) measured in the same run.

    .venv/bin/python benchmarks/admin_scale.py [--quick]
"""

import argparse
import datetime
import os
import statistics
import sys
import time
import types
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from studio_project.machine import machine  # noqa: E402

SERVER_URL = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
USERS, EVENTS = 100_000, 1_000_000
QUICK_USERS, QUICK_EVENTS = 10_000, 100_000
HEADING = "## Admin at scale (learning events)"


def ensure_database(name):
    import psycopg

    with psycopg.connect(f"{SERVER_URL}/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def setup_django(database):
    from django.apps import apps

    if apps.ready:  # another benchmark in this process set Django up: never generate into its database
        from django.db import connection

        if connection.settings_dict["NAME"] != database:
            raise RuntimeError(
                f"admin_scale needs its own database ({database}) but Django is already set up on "
                f"{connection.settings_dict['NAME']}; run it alone: .venv/bin/python benchmarks/admin_scale.py"
            )
        return
    os.environ["DATABASE_URL"] = f"{SERVER_URL}/{database}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")  # DEBUG off, static files without a manifest
    import django

    django.setup()


def ensure_data(users, events):
    from django.core.management import call_command
    from django.db import connection

    from learning.management.commands.generate_learning_events import GENERATED_USERS

    call_command("migrate", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM users WHERE {GENERATED_USERS}")
        have_users = cursor.fetchone()[0]
        # Other benchmarks share this database; count only the generated users' events.
        cursor.execute(
            f"SELECT count(*) FROM learning_events e JOIN users u ON u.id = e.user_id WHERE {GENERATED_USERS}"
        )
        have_events = cursor.fetchone()[0]
    if have_users != users or have_events != events:
        print(f"generating {users:,} users and {events:,} learning events (takes a few minutes)...", flush=True)
        call_command("generate_learning_events", remove=True, verbosity=0)
        call_command("generate_learning_events", users=users, events=events, verbosity=1)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE learning_events")  # what autovacuum does soon after a bulk load


def baseline_site():
    """Django's defaults: a plain ModelAdmin with the same columns, filter, search and date hierarchy."""
    from django.contrib import admin

    from accounts.models import User
    from learning.models import LearningEvent

    site = admin.AdminSite(name="baseline")

    class PlainEventAdmin(admin.ModelAdmin):
        list_display = ["created_at", "user", "job", "selected_director_id"]
        list_filter = ["selected_director_id"]
        date_hierarchy = "created_at"
        search_fields = ["user__username", "user__email", "job__id"]
        change_list_template = "admin/change_list.html"  # Django's own, not Studio's overrides
        change_form_template = "admin/change_form.html"

    site.register(LearningEvent, PlainEventAdmin)
    site.register(User)
    return site


def install_urls(baseline):
    """Serve Studio's admin at /admin/ and `baseline` (an AdminSite with Django's defaults) at /baseline/."""
    from django.conf import settings
    from django.contrib import admin
    from django.urls import clear_url_caches, path

    module = types.ModuleType("bench_admin_urls")
    module.urlpatterns = [path("admin/", admin.site.urls), path("baseline/", baseline.urls)]
    sys.modules[module.__name__] = module
    settings.ROOT_URLCONF = module.__name__
    clear_url_caches()


def measure(client, url, runs, before=None):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # the first request in a process also compiles templates: not what is measured
    timings = []
    for _ in range(runs):
        if before:
            before()
        started = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    if before:
        before()
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return statistics.median(timings), len(queries)


def main(quick=False):
    database = "studio_bench_quick" if quick else "studio_bench"
    users, events = (QUICK_USERS, QUICK_EVENTS) if quick else (USERS, EVENTS)
    ensure_database(database)
    setup_django(database)
    ensure_data(users, events)
    install_urls(baseline_site())

    from django.core.cache import cache
    from django.test import Client

    from accounts.models import User
    from learning.admin import LearningEventAdmin
    from learning.models import LearningEvent

    staff = User.objects.filter(username="bench-admin").first() or User.objects.create_superuser(
        "bench-admin", "bench@studio.test", "bench-password"
    )
    client = Client()
    client.force_login(staff)
    event = LearningEvent.objects.order_by("-created_at").only("pk")[5000]
    searched = "gen-4242"
    per_page = LearningEventAdmin.list_per_page
    deep = 49_900  # the offset of Django's page 500 at its default 100 rows a page
    pages = [
        ("changelist", "/learning/learningevent/", "/learning/learningevent/"),
        (
            "filtered by director",
            "/learning/learningevent/?director=visionary",
            "/learning/learningevent/?selected_director_id__exact=visionary",
        ),
        (
            f"page 500 (rows {deep + 1:,}+)",
            f"/learning/learningevent/?p={deep // per_page + 1}",
            "/learning/learningevent/?p=500",
        ),
        (f"search '{searched}'", f"/learning/learningevent/?q={searched}", f"/learning/learningevent/?q={searched}"),
        (
            "an event's page",
            f"/learning/learningevent/{event.pk}/change/",
            f"/learning/learningevent/{event.pk}/change/",
        ),
    ]
    runs, baseline_runs = (3, 1) if quick else (7, 3)
    rows = []
    print(f"{'page':<28} {'ours ms':>9} {'queries':>8} {'default ms':>11} {'queries':>8} {'speed-up':>9}")
    for name, ours, theirs in pages:
        client.get("/admin" + ours)  # warm
        ms, queries = measure(client, "/admin" + ours, runs)
        base_ms, base_queries = measure(client, "/baseline" + theirs, baseline_runs)
        rows.append(_row(name, ms, base_ms, queries, base_queries))
        print(
            f"{name:<28} {ms:>9.1f} {queries:>8} {base_ms:>11.1f} {base_queries:>8} {base_ms / ms:>8.1f}x", flush=True
        )

    dashboard = "/admin/learning/learningevent/dashboard/"
    cold_ms, cold_queries = measure(client, dashboard, max(1, runs // 3), before=cache.clear)
    warm_ms, warm_queries = measure(client, dashboard, runs)
    rows.append(_row("dashboard (cached)", warm_ms, cold_ms, warm_queries, cold_queries))
    print(f"{'dashboard, cached':<28} {warm_ms:>9.1f} {warm_queries:>8} {'':>11} {'':>8}")
    print(f"{'dashboard, cold (computed)':<28} {cold_ms:>9.1f} {cold_queries:>8}   (baseline column of the row above)")

    if not quick:
        record(rows, users, events, runs, baseline_runs, per_page)
    return [r for row in rows for r in row["out"]]


def _row(name, ms, base_ms, queries, base_queries):
    return {
        "name": name,
        "ms": ms,
        "base_ms": base_ms,
        "queries": queries,
        "base_queries": base_queries,
        "out": [
            {
                "benchmark": "admin_scale",
                "metric": f"{name} ms",
                "value": ms,
                "baseline": base_ms,
                "ratio": base_ms / ms if ms else None,
                "unit": "ms",
            },
            {
                "benchmark": "admin_scale",
                "metric": f"{name} queries",
                "value": float(queries),
                "baseline": float(base_queries),
                "ratio": None,
                "unit": "queries",
            },
        ],
    }


def record(rows, users, events, runs, baseline_runs, per_page):
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    try:
        load = "load average {:.1f} {:.1f} {:.1f}".format(*os.getloadavg())
    except OSError:
        load = ""
    lines = [
        f"\n{HEADING}\n",
        f"{stamp}, {machine()}, {load}. PostgreSQL, {events:,} learning events, {users:,} users, "
        f"{events // 10:,} vision jobs. Median of {runs} runs (Django's defaults: {baseline_runs}); "
        f"test Client in-process, so each time includes rendering. Ours shows {per_page} rows a page, "
        "Django's default 100; 'page 500' is the page holding row 49,901 in both. The dashboard's baseline is "
        "its own first, uncached computation.\n",
        "| page | ours (ms) | queries | Django defaults (ms) | queries | speed-up |",
        "|---|---|---|---|---|---|",
    ]
    for row in rows:
        lines.append(
            f"| {row['name']} | {row['ms']:.1f} | {row['queries']} | {row['base_ms']:.1f} | {row['base_queries']} "
            f"| {row['base_ms'] / row['ms']:.1f}x |"
        )
    with open(ROOT / "benchmarks" / "RESULTS.md", "a") as results:
        results.write("\n".join(lines) + "\n")
    print("\nappended to benchmarks/RESULTS.md")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="10,000 users and 100,000 events, fewer runs")
    main(quick=parser.parse_args().quick)
