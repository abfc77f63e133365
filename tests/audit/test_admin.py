"""The audit log in admin: read-only, filtered by action and date, searched by user and entity, and its cost
does not grow with the table (the same pages, the same number of queries, small table or large)."""

import datetime
import re

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import formats, timezone
from django.utils.html import escape

from audit.admin import AuditLogAdmin
from audit.models import AuditAction, AuditLog
from tests.admin.builders import query_counts
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LOGS = "/admin/audit/auditlog/"
ACTIONS = list(AuditAction.values)


def make_rows(count, users, *, newest=None, start=0):
    newest = newest or timezone.now()
    rows = [
        AuditLog(
            user=users[i % len(users)],
            action=ACTIONS[i % len(ACTIONS)],
            entity_type="vision_jobs",
            entity_id=f"entity-{start + i}",
            details={"n": start + i},
            ip_address="192.0.2.1",
            created_at=newest - datetime.timedelta(hours=3) * i,
        )
        for i in range(count)
    ]
    return AuditLog.objects.bulk_create(rows)


def rows_shown(response):
    return re.findall(r'<tr><td class="field-logged_at[^"]*">', response.content.decode())


def test_the_list_is_read_only(admin_client):
    row = make_rows(1, [UserFactory()])[0]
    html = admin_client.get(LOGS).content.decode()
    assert 'name="_selected_action"' not in html  # no actions, so no checkboxes
    assert "/admin/audit/auditlog/add/" not in html
    assert admin_client.get(f"{LOGS}add/").status_code == 403
    change = admin_client.post(f"{LOGS}{row.pk}/change/", {"action": AuditAction.REFUND})
    assert change.status_code == 403
    assert admin_client.post(f"{LOGS}{row.pk}/delete/", {"post": "yes"}).status_code == 403
    assert AuditLog.objects.get(pk=row.pk).action == row.action
    page = admin_client.get(f"{LOGS}{row.pk}/change/").content.decode()
    assert row.entity_id in page
    assert 'name="_save"' not in page


def test_filter_by_action_and_date(admin_client):
    make_rows(42, [UserFactory()])
    expected = AuditLog.objects.filter(action=AuditAction.CHARGE).count()
    assert expected == 3
    assert len(rows_shown(admin_client.get(LOGS, {"action__exact": AuditAction.CHARGE}))) == expected
    day = timezone.localtime(AuditLog.objects.order_by("created_at").first().created_at)
    on_day = admin_client.get(
        LOGS, {"created_at__year": day.year, "created_at__month": day.month, "created_at__day": day.day}
    )
    assert len(rows_shown(on_day)) == sum(
        1 for r in AuditLog.objects.all() if timezone.localtime(r.created_at).date() == day.date()
    )
    assert admin_client.get(LOGS, {"created_at__year": "9999"}).status_code == 400


def test_search_by_username_email_user_id_and_entity(admin_client):
    alice = UserFactory(username="alice", email="alice@studio.test")
    bob = UserFactory(username="bob")
    make_rows(10, [alice, bob])
    assert len(rows_shown(admin_client.get(LOGS, {"q": "ali"}))) == 5
    assert len(rows_shown(admin_client.get(LOGS, {"q": "alice@studio.test"}))) == 5
    assert len(rows_shown(admin_client.get(LOGS, {"q": str(bob.pk)}))) == 5
    assert len(rows_shown(admin_client.get(LOGS, {"q": "entity-3"}))) == 1


def test_a_deleted_accounts_row_is_listed(admin_client):
    user = UserFactory()
    make_rows(1, [user])
    user.delete()
    assert "(deleted account)" in admin_client.get(LOGS).content.decode()


def test_query_count_is_the_same_for_a_small_and_a_larger_table(admin_client):
    alice = UserFactory(username="alice")
    small = make_rows(150, [alice, UserFactory()])

    def urls(pages):
        row = small[-1]
        return {
            "changelist": LOGS,
            "by action": f"{LOGS}?action__exact={AuditAction.REFUND}",
            "last page": f"{LOGS}?p={pages}",
            "search": f"{LOGS}?q=alice",
            "month": f"{LOGS}?created_at__year={row.created_at.year}&created_at__month={row.created_at.month}",
            "row page": f"{LOGS}{row.pk}/change/",
        }

    before = query_counts(admin_client, urls(3))
    make_rows(600, [UserFactory() for _ in range(5)], newest=timezone.now() - datetime.timedelta(days=400), start=150)
    assert AuditLog.objects.count() == 750
    after = query_counts(admin_client, urls(15))
    assert after == before
    # A list page: the session, the staff user, the count, the page (its rows and their users: one statement) and
    # the date hierarchy's first and last dates. PostgreSQL counts below 1,000 rows exactly after its estimate
    # (one more query; at a million rows the estimate alone). A search first looks up the matching users.
    counting = 2 if connection.vendor == "postgresql" else 1
    for name in ("changelist", "by action", "last page", "month"):
        assert before[name] == 4 + counting, (name, before[name])
    assert max(before.values()) <= 6 + counting


def page_query(captured):
    return next(
        q["sql"]
        for q in captured
        if q["sql"].startswith("SELECT") and '"users"."username"' in q["sql"] and "audit_logs" in q["sql"]
    )


def test_each_row_shows_its_time_action_user_entity_and_address_with_links(admin_client):
    alice = UserFactory(username="alice")
    gone = UserFactory()
    kept, deleted = make_rows(2, [alice, gone])
    AuditLog.objects.filter(pk=kept.pk).update(entity_type="<b>jobs</b>")
    AuditLog.objects.filter(pk=deleted.pk).update(ip_address=None)
    gone.delete()
    with CaptureQueriesContext(connection) as queries:
        html = admin_client.get(LOGS).content.decode()

    def row(obj, user_cell, entity, ip):
        when = formats.localize(timezone.localtime(obj.created_at))
        return (
            f'<tr><td class="field-logged_at"><a href="{LOGS}{obj.pk}/change/">{when}</a></td>'
            f'<td class="field-action">{escape(AuditAction(obj.action).label)}</td>'
            f'<td class="field-user_link">{user_cell}</td><td class="field-entity">{entity}</td>'
            f'<td class="field-ip_address">{ip}</td></tr>'
        )

    user_cell = f'<a href="/admin/accounts/user/{alice.pk}/change/">alice</a>'
    assert row(kept, user_cell, f"&lt;b&gt;jobs&lt;/b&gt; {kept.entity_id[:8]}", "192.0.2.1") in html
    empty = admin.site.get_model_admin(AuditLog).get_empty_value_display()
    assert row(deleted, "(deleted account)", f"vision_jobs {deleted.entity_id[:8]}", empty) in html
    assert html.index(kept.entity_id[:8]) < html.index(deleted.entity_id[:8])  # newest first
    assert 'class="sortable column-logged_at sorted descending"' in html  # Django's header, sortable by time
    # The page fetches only what it shows: not the details, the user agent, nor the user's password or profile.
    sql = page_query(queries.captured_queries)
    for column in ('"details"', '"user_agent"', '"password"', '"creative_profile"'):
        assert column not in sql, column


def test_the_list_orders_by_the_columns_its_indexes_hold():
    # Every page is ordered by (created_at, id), newest first: these indexes hold a page's ids, so a deep page
    # skips rows in the index alone (the whole table, or one action).
    indexes = {
        tuple(c["columns"])
        for c in connection.introspection.get_constraints(connection.cursor(), "audit_logs").values()
    }
    assert {("created_at", "id"), ("action", "created_at", "id"), ("user_id", "created_at"), ("entity_id",)} <= indexes
    assert AuditLogAdmin.ordering == ["-created_at"]  # and the changelist adds -pk, the id


@pytest.mark.postgres
def test_a_deep_page_reads_its_ids_from_the_index_alone(admin_client, postgres):
    make_rows(300, [UserFactory()])
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE audit_logs")
    for url, index in (
        (f"{LOGS}?p=5", "idx_audit_logs_time_id"),
        (f"{LOGS}?action__exact={AuditAction.REFUND}&p=1", "idx_audit_logs_action_time_id"),
    ):
        with CaptureQueriesContext(connection) as queries:
            assert admin_client.get(url).status_code == 200
        sql = page_query(queries.captured_queries)
        with connection.cursor() as cursor:
            # As on a large table: a 300-row one would be read whole, or through a bitmap, and sorted.
            cursor.execute("SET LOCAL enable_seqscan = off; SET LOCAL enable_bitmapscan = off")
            cursor.execute(f"EXPLAIN {sql}")
            plan = "\n".join(row[0] for row in cursor.fetchall())
        assert f"Index Only Scan Backward using {index}" in plan, plan
        assert "Incremental Sort" not in plan, plan  # the index's order is the list's: no sort over skipped rows
