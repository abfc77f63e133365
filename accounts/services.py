from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from rest_framework.authtoken.models import Token

from accounts.models import User
from accounts.serializers import EMAIL_TAKEN, USERNAME_TAKEN


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


def update_account(*, user, **changes):
    """Write only the fields given, so a charge or a profile update committed since `user` was loaded stands.

    Returns the user as stored now.
    """
    if changes:
        for field, value in changes.items():
            setattr(user, field, value)
        try:
            with transaction.atomic():
                user.save(update_fields=[*changes, "updated_at"])
        except IntegrityError as error:
            raise _taken(error, email=changes.get("email"), user=user) from None
    user.refresh_from_db()
    return user
