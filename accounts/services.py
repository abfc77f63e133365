from django.db import transaction
from rest_framework.authtoken.models import Token

from accounts.models import User


@transaction.atomic
def register_user(*, username, password, email="", learning_consent=None):
    user = User.objects.create_user(
        username=username, password=password, email=email, learning_consent=learning_consent
    )
    token = Token.objects.create(user=user)
    return user, token


def update_account(*, user, **changes):
    """Write only the fields given, so a charge or a profile update committed since `user` was loaded stands.

    Returns the user as stored now.
    """
    if changes:
        for field, value in changes.items():
            setattr(user, field, value)
        user.save(update_fields=[*changes, "updated_at"])
    user.refresh_from_db()
    return user
