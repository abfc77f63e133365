import pytest
from django.contrib.auth.models import Permission
from django.core.cache import cache
from django.test import Client

from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def evaluation_file(settings, tmp_path):
    """Each test has its own (missing) stored evaluation, never the one a local run left in var/."""
    settings.STUDIO_EVALUATION_FILE = tmp_path / "evaluation" / "studio_head.json"
    return settings.STUDIO_EVALUATION_FILE


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def superuser(db):
    return UserFactory(is_staff=True, is_superuser=True, username="boss")


@pytest.fixture
def admin_client(superuser):
    client = Client()
    client.force_login(superuser)
    return client


def staff_client(*codenames):
    user = UserFactory(is_staff=True)
    user.user_permissions.set(Permission.objects.filter(codename__in=codenames))
    client = Client()
    client.force_login(user)
    return client


EVENTS = "/admin/learning/learningevent/"
DASHBOARD = "/admin/learning/learningevent/dashboard/"
EXPORT = "/admin/learning/learningevent/export.csv"
