from datetime import timedelta

import pytest
from django.utils import timezone

from ratelimit.buckets import Rate, hit
from ratelimit.models import RateLimitBucket
from tests.factories import UserFactory

URL = "/admin/ratelimit/ratelimitbucket/"


@pytest.fixture
def staff_client(client, db):
    admin = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)
    return client


def old_bucket(identifier, endpoint="api"):
    now = timezone.now()
    return RateLimitBucket.objects.create(
        identifier=identifier, endpoint=endpoint, request_count=60,
        window_start=now - timedelta(hours=2), window_end=now - timedelta(hours=1),
    )  # fmt: skip


def test_it_shows_remaining_out_of_the_limit_and_whether_live(staff_client):
    for _ in range(11):
        hit("user:blocked", "generate", Rate(10, 60))
    for _ in range(3):
        hit("user:busy", "api", Rate(60, 60))
    old_bucket("user:gone")
    page = staff_client.get(URL).content.decode()
    assert "0 / 10 (blocked)" in page
    assert "57 / 60" in page
    assert "60 / 60" in page  # an expired bucket is as good as a fresh one
    assert page.count('alt="True"') == 2 and page.count('alt="False"') == 1


def test_it_searches_by_identifier_and_filters_by_endpoint_and_state(staff_client):
    hit("user:alice", "generate", Rate(10, 60))
    hit("user:bob", "upload", Rate(20, 60))
    old_bucket("user:carol")
    assert "user:alice" in staff_client.get(URL, {"q": "alice"}).content.decode()
    assert "user:bob" not in staff_client.get(URL, {"q": "alice"}).content.decode()
    assert "user:bob" in staff_client.get(URL, {"endpoint": "upload"}).content.decode()
    expired = staff_client.get(URL, {"state": "expired"}).content.decode()
    assert "user:carol" in expired and "user:alice" not in expired


def test_a_login_lockout_shows_its_limit_from_the_key(staff_client):
    RateLimitBucket.objects.create(
        identifier=":1:rl:login:username 5/60s mira 1772366460POST", endpoint="auth", request_count=6,
        window_start=timezone.now(), window_end=timezone.now() + timedelta(seconds=65),
    )  # fmt: skip
    page = staff_client.get(URL, {"q": "mira"}).content.decode()
    assert "0 / 5 (blocked)" in page


def test_the_clear_action_unblocks_a_user(staff_client):
    for _ in range(11):
        hit("user:blocked", "generate", Rate(10, 60))
    hit("user:other", "generate", Rate(10, 60))
    bucket = RateLimitBucket.objects.get(identifier="user:blocked")
    response = staff_client.post(URL, {"action": "clear_buckets", "_selected_action": [bucket.pk]}, follow=True)
    assert "Cleared 1 bucket." in response.content.decode()
    assert hit("user:blocked", "generate", Rate(10, 60)).allowed
    assert RateLimitBucket.objects.filter(identifier="user:other").exists()


def test_buckets_cannot_be_edited_by_hand(staff_client):
    hit("user:1", "api", Rate(60, 60))
    bucket = RateLimitBucket.objects.get()
    response = staff_client.post(f"{URL}{bucket.pk}/change/", {"request_count": 0})
    bucket.refresh_from_db()
    assert response.status_code == 403
    assert bucket.request_count == 1
