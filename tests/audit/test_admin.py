"""The audit log in admin: read-only, filtered by action and date, searched by user and entity, and its cost
does not grow with the table (the same pages, the same number of queries, small table or large)."""

import datetime
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from audit.models import AuditAction, AuditLog
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


def query_counts(client, urls):
    counts = {}
    for name, url in urls.items():
        client.get(url)  # warm the per-process caches
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, (name, response.status_code)
        counts[name] = len(queries)
    return counts


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
    assert max(before.values()) <= 9
