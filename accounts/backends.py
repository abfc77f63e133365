"""Sign in with a username in any case, or with an email address."""

from django.contrib.auth.backends import ModelBackend

from accounts.models import User


class UsernameOrEmailBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(User.USERNAME_FIELD)
        if not username or password is None or "\x00" in username:
            return None
        candidates = list(User.objects.with_username(username)[:1])
        if "@" in username:  # usernames may hold "@" too: the name first, then the email, each on its password
            candidates += [user for user in User.objects.with_email(username)[:1] if user not in candidates]
        for user in candidates:
            if user.check_password(password) and self.user_can_authenticate(user):
                return user
        if not candidates:
            User().set_password(password)  # as slow as a wrong password (ModelBackend does the same)
        return None
