"""Every change that moves money, consent, a profile or a job's fate writes one audit row in its own transaction:
the row commits with the change, and a change that fails leaves none."""

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from rest_framework.test import APIClient

from accounts.models import User
from accounts.services import delete_account, grant_credits, update_account
from audit.models import AuditAction, AuditLog
from director import transitions
from director.errors import InsufficientCredits
from director.models import JobStatus, PromptRecord, RecordStatus, SceneStatus, VisionJob
from learning.services import reset_profile
from tests.accounts.conftest import FACTORY_PASSWORD
from tests.factories import PromptRecordFactory, UserFactory, VisionJobFactory, scene

pytestmark = pytest.mark.django_db

ALL_GREEN = [scene(i, SceneStatus.GREEN) for i in (1, 2, 3)]
AGENT = "StudioTest/1.0 (audit)"


def actions(**filters):
    return list(AuditLog.objects.filter(**filters).order_by("created_at", "id").values_list("action", flat=True))


def client_of(user):
    client = APIClient(HTTP_USER_AGENT=AGENT, REMOTE_ADDR="203.0.113.7")
    client.force_authenticate(user)
    return client


def test_approve_writes_approve_and_charge_with_the_callers_address():
    record = PromptRecordFactory(scenes_data=ALL_GREEN)
    job, user = record.job, record.job.user
    response = client_of(user).post(f"/api/v1/jobs/{job.pk}/approve/")
    assert response.status_code == 202, response.content
    rows = list(AuditLog.objects.filter(user=user).order_by("action"))
    assert [r.action for r in rows] == [AuditAction.CHARGE, AuditAction.APPROVE]
    charge = rows[0]
    assert charge.details["credits"] == 3
    assert (charge.entity_type, charge.entity_id) == ("vision_jobs", str(job.pk))
    assert {r.ip_address for r in rows} == {"203.0.113.7"}
    assert {r.user_agent for r in rows} == {AGENT}


def test_approve_with_too_few_credits_leaves_no_row_and_no_charge():
    record = PromptRecordFactory(scenes_data=ALL_GREEN, job__user__credits_remaining=2)
    with pytest.raises(InsufficientCredits):
        transitions.approve(record.job)
    assert not AuditLog.objects.exists()
    assert User.objects.get(pk=record.job.user_id).credits_remaining == 2


def test_a_failure_after_the_change_rolls_back_its_row_with_it():
    job = VisionJobFactory(status=JobStatus.PENDING)
    with pytest.raises(RuntimeError), transaction.atomic():
        transitions.cancel(job)
        assert actions() == [AuditAction.CANCEL]  # written, inside the transaction
        raise RuntimeError("something after the change failed")
    assert not AuditLog.objects.exists()
    assert VisionJob.objects.get(pk=job.pk).status == JobStatus.PENDING


def test_cancel_of_a_render_writes_cancel_and_refund():
    record = PromptRecordFactory(status=RecordStatus.RENDERING, credits_used=3)
    transitions.cancel(record.job)
    assert sorted(actions()) == [AuditAction.REFUND, AuditAction.CANCEL]
    refund = AuditLog.objects.get(action=AuditAction.REFUND)
    assert refund.details == {"credits": 3, "why": "cancel"}
    assert refund.user_id == record.job.user_id


def test_a_refused_cancel_writes_nothing():
    record = PromptRecordFactory(status=RecordStatus.COMPLETED)
    with pytest.raises(Exception, match="Can't cancel"):
        transitions.cancel(record.job)
    assert not AuditLog.objects.exists()


def test_retry_of_a_failed_render_writes_retry_and_charge():
    record = PromptRecordFactory(status=RecordStatus.FAILED, scenes_data=ALL_GREEN)
    transitions.retry(record.job)
    assert sorted(actions()) == [AuditAction.CHARGE, AuditAction.RETRY]
    assert AuditLog.objects.get(action=AuditAction.RETRY).details == {"step": "render"}


def test_a_failed_render_refunds_with_a_row():
    record = PromptRecordFactory(status=RecordStatus.RENDERING, credits_used=2)
    assert transitions.fail_record(record.pk, "engine died", from_statuses=[RecordStatus.RENDERING])
    assert actions() == [AuditAction.REFUND]
    assert AuditLog.objects.get().details == {"credits": 2, "why": "failed"}


def test_remaster_requested_writes_a_row():
    record = PromptRecordFactory(status=RecordStatus.QUALITY_FAILED)
    response = client_of(record.job.user).post(f"/api/v1/jobs/{record.job.pk}/remaster/")
    assert response.status_code == 202, response.content
    assert actions(user=record.job.user) == [AuditAction.REMASTER]


def test_continue_below_the_gate_writes_a_row_with_both_scores(django_capture_on_commit_callbacks):
    record = PromptRecordFactory(
        status=RecordStatus.QUALITY_FAILED,
        is_remastered=True,
        job__quality_score=4.5,
        source_analysis={"quality": 6.25},
    )
    response = client_of(record.job.user).post(f"/api/v1/jobs/{record.job.pk}/continue/")
    assert response.status_code == 202, response.content
    row = AuditLog.objects.get(user=record.job.user)
    assert row.action == AuditAction.CONTINUE == "job.continue"
    assert row.details == {"director_id": record.selected_director_id, "quality": 4.5, "remastered_quality": 6.25}
    assert (row.ip_address, row.user_agent) == ("203.0.113.7", AGENT)


def test_a_refused_continue_writes_nothing():
    record = PromptRecordFactory(status=RecordStatus.QUALITY_FAILED)  # not remastered yet: 409
    response = client_of(record.job.user).post(f"/api/v1/jobs/{record.job.pk}/continue/")
    assert response.status_code == 409, response.content
    assert not AuditLog.objects.exists()


def test_release_of_a_flagged_job_names_the_staff_member():
    job = VisionJobFactory(status=JobStatus.FLAGGED, integrity_score=0.4)
    staff = UserFactory(is_staff=True, is_superuser=True)
    client = Client(HTTP_USER_AGENT="StaffBrowser")
    client.force_login(staff)
    response = client.post(
        "/admin/director/visionjob/", {"action": "release_action", "_selected_action": [str(job.pk)]}
    )
    assert response.status_code == 302
    row = AuditLog.objects.get()
    assert (row.action, row.user_id, row.entity_id) == (AuditAction.RELEASE, job.user_id, str(job.pk))
    assert row.details["by"] == {"id": str(staff.pk), "username": staff.username}


def test_credit_grant_writes_a_row_per_user():
    alice, bob = UserFactory(), UserFactory()
    with transaction.atomic():
        grant_credits(user=alice, amount=5)
        grant_credits(user=bob, amount=5)
    assert AuditLog.objects.filter(action=AuditAction.CREDIT_GRANT).count() == 2
    assert AuditLog.objects.get(user=alice).details == {"credits": 5}
    assert User.objects.get(pk=alice.pk).credits_remaining == alice.credits_remaining + 5


def test_consent_change_writes_a_row_only_when_it_changes():
    user = UserFactory(learning_consent=None)
    update_account(user=user, learning_consent=True)
    update_account(user=user, learning_consent=True)  # no change: no row
    update_account(user=user, email="new@example.com")
    rows = list(AuditLog.objects.filter(user=user))
    assert [(r.action, r.details) for r in rows] == [(AuditAction.CONSENT_CHANGE, {"from": None, "to": True})]


def test_consent_change_through_the_api_keeps_the_address():
    user = UserFactory(learning_consent=True)
    response = client_of(user).patch("/api/v1/me/", {"learning_consent": False}, format="json")
    assert response.status_code == 200
    row = AuditLog.objects.get(user=user)
    assert (row.action, row.ip_address, row.user_agent) == (AuditAction.CONSENT_CHANGE, "203.0.113.7", AGENT)


def test_profile_reset_and_rebuild_write_rows(django_capture_on_commit_callbacks):
    user = UserFactory(creative_profile={"totalSelections": 3})
    reset_profile(user)
    assert actions(user=user) == [AuditAction.PROFILE_RESET]
    from tests.admin.builders import make_events  # the admin's builder of realistic events

    make_events(4, users=[user])
    User.objects.filter(pk=user.pk).update(profile_reset_at=None)
    call_command("rebuild_creative_profiles", user=user.username, verbosity=0)
    assert actions(user=user) == [AuditAction.PROFILE_RESET, AuditAction.PROFILE_REBUILD]
    assert AuditLog.objects.get(action=AuditAction.PROFILE_REBUILD).details == {"total_selections": 4}


def test_account_deletion_keeps_its_row_with_the_user_null():
    user = UserFactory()
    VisionJobFactory(user=user)
    delete_account(user=user)
    assert not User.objects.filter(pk=user.pk).exists()
    row = AuditLog.objects.get(action=AuditAction.ACCOUNT_DELETE)
    assert row.user_id is None
    assert row.entity_id == str(user.pk)
    assert row.details == {"jobs": 1}


def test_account_deletion_through_the_api_is_audited():
    user = UserFactory()
    client = client_of(user)
    response = client.delete("/api/v1/me/", {"password": FACTORY_PASSWORD}, format="json")
    assert response.status_code == 204
    row = AuditLog.objects.get()
    assert (row.action, row.user_id, row.ip_address) == (AuditAction.ACCOUNT_DELETE, None, "203.0.113.7")


def test_earlier_rows_of_a_deleted_account_stay_with_the_user_null():
    record = PromptRecordFactory(status=RecordStatus.RENDERING, credits_used=3)
    user = record.job.user
    transitions.cancel(record.job)
    delete_account(user=user)
    assert AuditLog.objects.count() == 3
    assert not AuditLog.objects.exclude(user=None).exists()
    assert PromptRecord.objects.count() == 0


def test_share_link_create_and_revoke_write_a_row_each_and_a_second_revoke_none():
    record = PromptRecordFactory(status=RecordStatus.COMPLETED, scenes_data=ALL_GREEN, video="renders/ab/v.mp4")
    job, client = record.job, client_of(record.job.user)
    created = client.post(f"/api/v1/jobs/{job.pk}/share/", {}, format="json")
    assert created.status_code == 201, created.content
    link_id = created.json()["id"]
    for _ in range(2):
        assert client.delete(f"/api/v1/jobs/{job.pk}/share/{link_id}/").status_code == 204
    rows = list(AuditLog.objects.filter(user=job.user).order_by("created_at", "id"))
    assert [r.action for r in rows] == ["share_link.create", "share_link.revoke"]
    assert {(r.entity_type, r.entity_id) for r in rows} == {("share_links", link_id)}
    assert {r.details["job_id"] for r in rows} == {str(job.pk)}
    assert rows[0].details["expires_at"] == created.json()["expires_at"].replace("Z", "+00:00")
    assert {r.ip_address for r in rows} == {"203.0.113.7"}


def test_sharing_a_job_without_a_video_writes_nothing():
    record = PromptRecordFactory(status=RecordStatus.REVIEWING)
    response = client_of(record.job.user).post(f"/api/v1/jobs/{record.job.pk}/share/", {}, format="json")
    assert response.status_code == 409, response.content
    assert not AuditLog.objects.exists()


def test_staff_deleting_an_account_in_admin_is_audited_with_the_user_null():
    user = UserFactory()
    VisionJobFactory(user=user)
    staff = UserFactory(is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(staff)
    response = client.post(f"/admin/accounts/user/{user.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    row = AuditLog.objects.get(action=AuditAction.ACCOUNT_DELETE)
    assert (row.user_id, row.entity_id, row.details["jobs"]) == (None, str(user.pk), 1)
    assert row.details["by"]["username"] == staff.username
