import pytest
from django.db import connection
from rest_framework.test import APIClient

from tests.factories import UserFactory


@pytest.fixture
def user(db):
    return UserFactory()


@pytest.fixture
def other_user(db):
    return UserFactory()


@pytest.fixture
def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def anon():
    return APIClient()


def is_postgres():
    return connection.vendor == "postgresql"


@pytest.fixture
def postgres(db):
    if not is_postgres():
        pytest.skip("needs PostgreSQL: set DATABASE_URL=postgres://... (CI does)")


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Each test stores its files in its own folder, so tests can count them."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


def stored_files(root):
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()) if root.exists() else []


def _reset_task_backends():
    from asgiref.local import Local
    from django.tasks import task_backends

    task_backends.__dict__.pop("settings", None)
    task_backends._connections = Local(task_backends.thread_critical)


@pytest.fixture
def tasks_backend(settings):
    """Switch the task backend for one test: tasks_backend("django.tasks.backends.dummy.DummyBackend")."""

    def _use(path):
        settings.TASKS = {"default": {"BACKEND": path}}
        _reset_task_backends()

    yield _use
    _reset_task_backends()


@pytest.fixture
def relaxed_rates(settings):
    """Limits high enough that a test about something else is never throttled."""
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {scope: "10000/min" for scope in ("generate", "refine", "upload", "api")},
    }
