"""Admin at scale: the audit log's list with 1,000,000 rows and 10,000 users in PostgreSQL.

Generates the rows once into a dedicated database (studio_bench_audit; one INSERT ... SELECT over
generate_series), logs in with Django's test Client, and times each page (median of several runs) and counts its
queries, against a plain `admin.ModelAdmin` with the same columns, filter, search and date hierarchy registered
on a separate AdminSite (Django's defaults) measured in the same run. The Django setup and the timing are
benchmarks/admin_scale.py's.

    .venv/bin/python benchmarks/audit_scale.py [--quick]
"""

import argparse
import datetime
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from benchmarks.admin_scale import ensure_database, install_urls, measure, setup_django  # noqa: E402
from studio_project.machine import machine  # noqa: E402

USERS, ROWS = 10_000, 1_000_000
QUICK_USERS, QUICK_ROWS = 1_000, 100_000
HEADING = "## Admin at scale (audit log)"
BENCH_USERS = "username LIKE 'audit-bench-%%'"


def ensure_data(users, rows):
    from django.core.management import call_command
    from django.db import connection

    from accounts.models import User
    from audit.models import AuditAction

    call_command("migrate", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM users WHERE {BENCH_USERS}")
        have_users = cursor.fetchone()[0]
        cursor.execute("SELECT count(*) FROM audit_logs")
        have_rows = cursor.fetchone()[0]
    if have_users == users and have_rows == rows:
        return
    print(f"generating {users:,} users and {rows:,} audit rows...", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE audit_logs")
        cursor.execute(f"DELETE FROM users WHERE {BENCH_USERS}")
    User.objects.bulk_create(
        [User(username=f"audit-bench-{i}", email=f"audit-bench-{i}@bench.invalid", password="!") for i in range(users)],
        batch_size=5000,
    )
    actions = list(AuditAction.values)
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO audit_logs (id, user_id, action, entity_type, entity_id, details, ip_address, user_agent,
                                    created_at)
            SELECT gen_random_uuid(), u.id, (%s::text[])[1 + g %% %s], 'vision_jobs', md5(g::text),
                   jsonb_build_object('credits', g %% 7), '192.0.2.1'::inet, 'bench', now() - g * interval '20 seconds'
            FROM generate_series(1, %s) g
            JOIN (SELECT id, row_number() OVER (ORDER BY username) - 1 AS k FROM users WHERE {BENCH_USERS}) u
              ON u.k = g %% %s
            """,
            [actions, len(actions), rows, users],
        )
        cursor.execute("VACUUM ANALYZE audit_logs")


def baseline_site():
    """Django's defaults: a plain ModelAdmin with the same columns, filter, search and date hierarchy."""
    from django.contrib import admin

    from accounts.models import User
    from audit.models import AuditLog

    site = admin.AdminSite(name="baseline")

    class PlainAuditAdmin(admin.ModelAdmin):
        list_display = ["created_at", "action", "user", "entity_type", "entity_id", "ip_address"]
        list_filter = ["action"]
        date_hierarchy = "created_at"
        search_fields = ["user__username", "user__email", "entity_id"]
        change_list_template = "admin/change_list.html"
        change_form_template = "admin/change_form.html"

    site.register(AuditLog, PlainAuditAdmin)
    site.register(User)
    return site


def cpu_and_db_ms(client, url, runs):
    """Median CPU time of this process and database time per request: on a busy machine the wall time also counts
    waiting for a core, these two do not (much)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    cpu, db = [], []
    for _ in range(runs):
        with CaptureQueriesContext(connection) as queries:
            started = time.process_time()
            client.get(url)
            cpu.append((time.process_time() - started) * 1000)
        db.append(sum(float(q["time"]) for q in queries.captured_queries) * 1000)
    return statistics.median(cpu), statistics.median(db)


def main(quick=False):
    database = "studio_bench_audit_quick" if quick else "studio_bench_audit"
    users, rows = (QUICK_USERS, QUICK_ROWS) if quick else (USERS, ROWS)
    ensure_database(database)
    setup_django(database)
    ensure_data(users, rows)
    install_urls(baseline_site())

    from django.test import Client

    from accounts.models import User
    from audit.admin import AuditLogAdmin
    from audit.models import AuditLog

    staff = User.objects.filter(username="bench-admin").first() or User.objects.create_superuser(
        "bench-admin", "bench@studio.test", "bench-password"
    )
    client = Client()
    client.force_login(staff)
    row = AuditLog.objects.order_by("-created_at").only("pk", "created_at", "entity_id")[5000]
    month = row.created_at
    per_page = AuditLogAdmin.list_per_page
    deep = 49_900
    base = "/audit/auditlog/"
    pages = [
        ("changelist", base, base),
        ("filtered by action", f"{base}?action__exact=credits.refund", f"{base}?action__exact=credits.refund"),
        (f"page 500 (rows {deep + 1:,}+)", f"{base}?p={deep // per_page + 1}", f"{base}?p=500"),
        ("search 'audit-bench-4242'", f"{base}?q=audit-bench-4242", f"{base}?q=audit-bench-4242"),
        ("search an entity id", f"{base}?q={row.entity_id}", f"{base}?q={row.entity_id}"),
        (
            "one month",
            f"{base}?created_at__year={month.year}&created_at__month={month.month}",
            f"{base}?created_at__year={month.year}&created_at__month={month.month}",
        ),
        ("a row's page", f"{base}{row.pk}/change/", f"{base}{row.pk}/change/"),
    ]
    runs, baseline_runs = (3, 1) if quick else (7, 3)
    results = []
    print(
        f"{'page':<28} {'ours ms':>9} {'cpu ms':>7} {'db ms':>6} {'queries':>8} {'default ms':>11} {'queries':>8} "
        f"{'speed-up':>9}"
    )
    for name, ours, theirs in pages:
        client.get("/admin" + ours)  # warm
        ms, queries = measure(client, "/admin" + ours, runs)
        cpu, db = cpu_and_db_ms(client, "/admin" + ours, runs)
        base_ms, base_queries = measure(client, "/baseline" + theirs, baseline_runs)
        results.append((name, ms, cpu, db, queries, base_ms, base_queries))
        print(
            f"{name:<28} {ms:>9.1f} {cpu:>7.1f} {db:>6.1f} {queries:>8} {base_ms:>11.1f} {base_queries:>8} "
            f"{base_ms / ms:>8.1f}x",
            flush=True,
        )
    if not quick:
        record(results, users, rows, runs, baseline_runs, per_page)
    return [
        {
            "benchmark": "audit_scale",
            "metric": f"{name} ms",
            "value": ms,
            "baseline": base_ms,
            "ratio": base_ms / ms if ms else None,
            "unit": "ms",
        }
        for name, ms, _, _, _, base_ms, _ in results
    ]


def record(results, users, rows, runs, baseline_runs, per_page):
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    try:
        load = "load average {:.1f} {:.1f} {:.1f}".format(*os.getloadavg())
    except OSError:
        load = ""
    lines = [
        f"\n{HEADING}\n",
        f"{stamp}, {machine()}, {load}. PostgreSQL, {rows:,} audit rows, {users:,} users. Median of {runs} runs "
        f"(Django's defaults: {baseline_runs}); test Client in-process, so each time includes rendering. Ours shows "
        f"{per_page} rows a page, Django's default 100; 'page 500' is the page holding row 49,901 in both. CPU is "
        "this process's time per request and database the queries' time (medians of as many runs): on a loaded "
        "machine the wall time also counts the wait for a core.\n",
        "| page | ours (ms) | of which CPU here (ms) | database (ms) | queries | Django defaults (ms) | queries "
        "| speed-up |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name, ms, cpu, db, queries, base_ms, base_queries in results:
        lines.append(
            f"| {name} | {ms:.1f} | {cpu:.1f} | {db:.1f} | {queries} | {base_ms:.1f} | {base_queries} "
            f"| {base_ms / ms:.1f}x |"
        )
    with open(ROOT / "benchmarks" / "RESULTS.md", "a") as out:
        out.write("\n".join(lines) + "\n")
    print("\nappended to benchmarks/RESULTS.md")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="1,000 users and 100,000 rows, fewer runs")
    main(quick=parser.parse_args().quick)
