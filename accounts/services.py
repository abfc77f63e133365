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
