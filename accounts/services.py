from functools import partial

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from rest_framework.authtoken.models import Token

from accounts.models import User
from accounts.serializers import EMAIL_TAKEN, USERNAME_TAKEN
from audit import services as audit
from audit.models import AuditAction
from director.files import delete_files, job_file_names
from director.models import PromptRecord, VisionJob
from ratelimit.clients import user_identifier
from ratelimit.models import RateLimitBucket


def _taken(error, *, username=None, email=None, user=None):
    """Name the field a unique constraint refused (a concurrent request took it first), or re-raise."""
    mine = user.pk if user is not None else None
    if username is not None and User.objects.with_username(username).exclude(pk=mine).exists():
        return ValidationError({"username": USERNAME_TAKEN}, code="taken")
    if email and User.objects.with_email(email).exclude(pk=mine).exists():
        return ValidationError({"email": EMAIL_TAKEN}, code="taken")
    raise error


def register_user(*, username, password, email="", learning_consent=None):
    """Create the account and its token; a name or email taken meanwhile is a ValidationError, not a 500."""
    try:
        with transaction.atomic():
            user = User.objects.create_user(
                username=username, password=password, email=email, learning_consent=learning_consent
            )
            token = Token.objects.create(user=user)
    except IntegrityError as error:
        raise _taken(error, username=username, email=email) from None
    return user, token


def update_account(*, user, request=None, **changes):
    """Write only the fields given, so a charge or a profile update committed since `user` was loaded stands.

    A change of learning consent is audited with it. Returns the user as stored now.
    """
    if changes:
        try:
            with transaction.atomic():
                consent_before = user.learning_consent  # as the request loaded it: no lock that would hold a charge
                for field, value in changes.items():
                    setattr(user, field, value)
                user.save(update_fields=[*changes, "updated_at"])
                if "learning_consent" in changes and changes["learning_consent"] != consent_before:
                    audit.record(
                        AuditAction.CONSENT_CHANGE,
                        user=user,
                        entity=user,
                        details={"from": consent_before, "to": changes["learning_consent"]},
                        request=request,
                    )
        except IntegrityError as error:
            raise _taken(error, email=changes.get("email"), user=user) from None
    user.refresh_from_db()
    return user


@transaction.atomic
def grant_credits(*, user, amount, request=None):
    """Add credits atomically (never a read-modify-write in Python), audited with the staff member who gave them."""
    if amount <= 0:
        raise ValueError("amount must be positive")
    User.objects.filter(pk=user.pk).update(credits_remaining=F("credits_remaining") + amount)
    audit.record(AuditAction.CREDIT_GRANT, user=user, entity=user, details={"credits": amount}, request=request)


def revoke_token(*, user):
    """Delete the user's API token: a request still sending it is a 401 from now on."""
    Token.objects.filter(user=user).delete()


@transaction.atomic
def rotate_token(*, user):
    """A new API token for the user; the old key stops working in the same transaction."""
    # The user's row lock makes two rotations at once take turns (each deletes, then creates, the one token).
    User.objects.select_for_update().filter(pk=user.pk).exists()
    Token.objects.filter(user=user).delete()
    return Token.objects.create(user=user)


@transaction.atomic
def change_password(*, user, new_password):
    """Set a new password and rotate the API token with it: whoever held the old token or password is out."""
    user.set_password(new_password)
    user.save(update_fields=["password", "updated_at"])
    return rotate_token(user=user)


def delete_account(*, user, request=None):
    """Delete the user and everything of theirs: jobs, prompt records and learning events (the database
    cascades), the API token, their rate-limit buckets, and after commit every stored file of their jobs.

    The user's jobs and prompt records are locked first, so work finishing meanwhile (a storyboard, a
    render) either lands before the file names are read or finds its row gone and deletes its own file.
    A render in progress is abandoned; nothing is refunded, as the account it would go to is gone. The audit
    row of the deletion stays, its user set to NULL by the database as the user goes.
    """
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=user.pk).exists()
        jobs = list(VisionJob.objects.select_for_update().filter(user=user).only("pk", "image"))
        records = {
            record.job_id: record
            for record in PromptRecord.objects.select_for_update()
            .filter(job__user=user)
            .only("job_id", "remastered_image", "video", "scenes_data")
        }
        names = [name for job in jobs for name in job_file_names(job, records.get(job.pk))]
        RateLimitBucket.objects.filter(identifier=user_identifier(user)).delete()
        audit.record(AuditAction.ACCOUNT_DELETE, user=user, entity=user, details={"jobs": len(jobs)}, request=request)
        User.objects.filter(pk=user.pk).delete()
        transaction.on_commit(partial(delete_files, names))
