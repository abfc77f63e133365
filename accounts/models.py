import uuid

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import F, Q


class Plan(models.TextChoices):
    FREE = "free", "Free"
    PRO = "pro", "Pro"
    ENTERPRISE = "enterprise", "Enterprise"


class User(AbstractUser):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    email = models.EmailField("email address", blank=True)
    plan = models.CharField(max_length=20, choices=Plan.choices, default=Plan.FREE)
    credits_remaining = models.IntegerField(default=10)
    creative_profile = models.JSONField(null=True, blank=True)
    learning_consent = models.BooleanField(
        null=True,
        blank=True,
        help_text="Whether the Studio Head may learn from this user's choices (unset means not asked yet).",
    )
    profile_reset_at = models.DateTimeField(
        null=True, blank=True, help_text="When the user last reset their profile: a rebuild replays only later events."
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "users"
        constraints = [
            models.CheckConstraint(condition=Q(credits_remaining__gte=0), name="users_credits_non_negative"),
            models.CheckConstraint(condition=Q(plan__in=Plan.values), name="users_plan_valid"),
        ]

    def __str__(self):
        return self.username

    @property
    def learns(self):
        return self.learning_consent is True


def grant_credits(user, amount):
    """Add credits atomically (never a read-modify-write in Python)."""
    if amount <= 0:
        raise ValueError("amount must be positive")
    User.objects.filter(pk=user.pk).update(credits_remaining=F("credits_remaining") + amount)
