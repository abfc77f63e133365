import unicodedata
import uuid

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q, Value
from django.db.models.functions import Lower
from django.utils.translation import gettext_noop

from studio_project.fields import JSONField


class Plan(models.TextChoices):
    # Labels stay English here (the admin, the API's messages); the web studio translates them as it shows them.
    FREE = "free", gettext_noop("Free")
    PRO = "pro", gettext_noop("Pro")
    ENTERPRISE = "enterprise", gettext_noop("Enterprise")


INVISIBLE_CATEGORIES = {"Cc", "Cf", "Co", "Cs", "Cn", "Zl", "Zp", "Zs"}


class EmailRefused(ValueError):
    """An email address no account may have; the message says what to fix."""


def canonical_email(value):
    """The one stored form of an email: NFKC, trimmed, the domain in IDNA ASCII lower case.

    Raises EmailRefused for invisible or control characters, a quoted local part or a domain IDNA refuses,
    so that spellings which look alike (or mean the same) cannot be two accounts.
    """
    email = unicodedata.normalize("NFKC", value or "").strip()
    if any(unicodedata.category(char) in INVISIBLE_CATEGORIES for char in email):
        raise EmailRefused("Remove the invisible or control characters (such as spaces) from the email.")
    local, at, domain = email.rpartition("@")
    if not at:
        return email
    if '"' in local:
        raise EmailRefused("Quoted email addresses are not accepted; use an address without quotes.")
    try:
        domain = domain.encode("idna").decode("ascii")
    except UnicodeError:
        raise EmailRefused("That domain is not valid; check the part after the @.") from None
    return f"{local}@{domain.lower()}"


class StudioUserManager(UserManager):
    """Usernames and emails compare case-insensitively, the database's Lower() on both sides (as the constraints)."""

    def with_username(self, username):
        name = self.model.normalize_username(username)
        return self.alias(folded_username=Lower("username")).filter(folded_username=Lower(Value(name)))

    def get_by_natural_key(self, username):
        return self.with_username(username).get()  # createsuperuser too refuses "ADMIN" beside "admin"

    @classmethod
    def normalize_email(cls, email):
        try:
            return canonical_email(email)
        except EmailRefused:
            return super().normalize_email(email)  # the form refuses it; create_user keeps its old behaviour

    def with_email(self, email):
        try:
            email = canonical_email(email)
        except EmailRefused:
            return self.none()  # no account can have it
        if not email:
            return self.none()  # a blank email is no one's
        return self.alias(folded_email=Lower("email")).filter(folded_email=Lower(Value(email)))


class User(AbstractUser):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    email = models.EmailField("email address", blank=True)
    plan = models.CharField(max_length=20, choices=Plan.choices, default=Plan.FREE)
    credits_remaining = models.IntegerField(default=10)
    creative_profile = JSONField(null=True, blank=True)
    learning_consent = models.BooleanField(
        null=True,
        blank=True,
        help_text="Whether the Studio Head may learn from this user's choices (unset means not asked yet).",
    )
    profile_reset_at = models.DateTimeField(
        null=True, blank=True, help_text="When the user last reset their profile: a rebuild replays only later events."
    )
    cultural_context = JSONField(
        null=True,
        blank=True,
        help_text="The default language, region, formality and warmth of this user's jobs, with its source.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = StudioUserManager()

    class Meta:
        db_table = "users"
        constraints = [
            models.CheckConstraint(condition=Q(credits_remaining__gte=0), name="users_credits_non_negative"),
            models.CheckConstraint(condition=Q(plan__in=Plan.values), name="users_plan_valid"),
            models.UniqueConstraint(
                Lower("username"),
                name="users_username_folded_unique",
                violation_error_message="A user with that username already exists (names ignore case).",
            ),
            models.UniqueConstraint(
                Lower("email"),
                condition=~Q(email=""),  # accounts from before emails were required keep a blank one
                name="users_email_folded_unique",
                violation_error_message="An account with that email exists.",
            ),
        ]

    def __str__(self):
        return self.username

    @property
    def learns(self):
        return self.learning_consent is True
