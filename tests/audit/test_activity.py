"""GET me/activity/: a user reads their own audit rows, newest first, paginated; never anyone else's."""

import pytest
from django.db import transaction

from accounts.services import grant_credits
from audit import services as audit
from audit.models import AuditAction
from tests.factories import UserFactory, VisionJobFactory

pytestmark = pytest.mark.django_db


def cancel_rows(user, count):
    with transaction.atomic():
        for _ in range(count):
            audit.record(AuditAction.CANCEL, user=user, entity=VisionJobFactory(user=user), details={})


def test_activity_lists_only_the_callers_rows_newest_first(api, user, other_user):
    cancel_rows(user, 2)
    cancel_rows(other_user, 3)
    response = api.get("/api/v1/me/activity/")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    assert {row["action"] for row in body["results"]} == {AuditAction.CANCEL}
    mine = {str(j.pk) for j in user.vision_jobs.all()}
    assert {row["entity_id"] for row in body["results"]} == mine
    times = [row["created_at"] for row in body["results"]]
    assert times == sorted(times, reverse=True)


def test_activity_is_paginated(api, user):
    cancel_rows(user, 25)
    first = api.get("/api/v1/me/activity/").json()
    assert (first["count"], len(first["results"])) == (25, 20)
    second = api.get(first["next"]).json()
    assert len(second["results"]) == 5
    assert not {r["id"] for r in first["results"]} & {r["id"] for r in second["results"]}


def test_a_staff_members_address_is_not_shown_to_the_user(api, user, rf):
    staff = UserFactory(is_staff=True)
    request = rf.post("/admin/", REMOTE_ADDR="198.51.100.9", HTTP_USER_AGENT="StaffBrowser")
    request.user = staff
    grant_credits(user=user, amount=4, request=request)
    row = api.get("/api/v1/me/activity/").json()["results"][0]
    assert row["details"]["credits"] == 4
    assert row["details"]["by"]["username"] == staff.username
    assert row["ip_address"] is None and row["user_agent"] == ""


def test_activity_needs_a_caller(anon, db):
    response = anon.get("/api/v1/me/activity/")
    assert response.status_code == 401
    assert response.json()["code"]
