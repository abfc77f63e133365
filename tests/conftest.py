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
