import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from studio_project.db import DbNow, RandomUUID
from studio_project.fields import JSONField


class AuditAction(models.TextChoices):
    """What moved money, consent, a profile or a job's fate. The values are stored; add, never rename."""

    CHARGE = "credits.charge", "Credits charged for a render"
    REFUND = "credits.refund", "Credits refunded"
    CREDIT_GRANT = "credits.grant", "Credits granted by staff"
    APPROVE = "job.approve", "Storyboard approved for rendering"
    CANCEL = "job.cancel", "Job cancelled"
    RETRY = "job.retry", "Job retried"
    REMASTER = "job.remaster", "Remaster requested"
    CONTINUE = "job.continue", "Continued below the quality gate after the remaster"
    RELEASE = "job.release", "Flagged job released by staff"
    CONSENT_CHANGE = "consent.change", "Learning consent changed"
    PROFILE_RESET = "profile.reset", "Creative profile reset"
    PROFILE_REBUILD = "profile.rebuild", "Creative profile rebuilt from learning events"
    SHARE_LINK_CREATE = "share_link.create", "Share link created"
    SHARE_LINK_REVOKE = "share_link.revoke", "Share link revoked"
    ACCOUNT_DELETE = "account.delete", "Account deleted"


class AuditLogQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(user=user)


class AuditLog(models.Model):
    """One audited change, written in the transaction that made it: the original's audit_logs columns.

    `user` is the account the change concerns; staff who made it are named in `details`. When the account is
    deleted the row stays, its user set to NULL by the database.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, db_default=RandomUUID(), editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DB_SET_NULL,
        null=True,
        blank=True,
        related_name="audit_logs",
        db_index=False,
    )
    action = models.CharField(max_length=50, choices=AuditAction.choices)
    entity_type = models.CharField(max_length=50)
    entity_id = models.CharField(max_length=64)
    details = JSONField(default=dict, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.TextField(blank=True, default="")
    created_at = models.DateTimeField(db_default=DbNow())

    objects = AuditLogQuerySet.as_manager()

    class Meta:
        db_table = "audit_logs"
        ordering = ["-created_at"]
        # The admin list pages by (created_at, id), the whole table or one action: with the id in the index a
        # page's ids come from an index-only scan, however many rows the page skips (audit/admin.py).
        indexes = [
            models.Index(fields=["user", "created_at"], name="idx_audit_logs_user_created"),
            models.Index(fields=["action", "created_at", "id"], name="idx_audit_logs_action_time_id"),
            models.Index(fields=["entity_id"], name="idx_audit_logs_entity_id"),
            models.Index(fields=["created_at", "id"], name="idx_audit_logs_time_id"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(action__in=AuditAction.values), name="audit_logs_action_valid")
        ]

    def __str__(self):
        return f"{self.action} {self.entity_type} {self.entity_id}"
