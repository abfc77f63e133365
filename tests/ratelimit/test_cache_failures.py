"""BucketCache with the database down answers as a failed cache, so django-ratelimit decides; its range is checked."""

import pytest
from django.core.cache import caches
from django.db import DatabaseError
from django.http import HttpResponse
from django.urls import path
from django_ratelimit.decorators import ratelimit

from ratelimit.cache import raising_failures
from ratelimit.models import RateLimitBucket
from tests.ratelimit.faults import database_down


@ratelimit(key="ip", rate="5/m", method="POST")
def plain_view(request):
    return HttpResponse("ok")


urlpatterns = [path("plain/", plain_view)]


@pytest.fixture
def cache(db):
    return caches["ratelimit"]


@pytest.fixture
def down(tmp_path):
    with database_down(tmp_path):
        yield


@pytest.mark.django_db(transaction=True)
def test_with_the_database_down_it_answers_the_failure_values(down):
    cache = caches["ratelimit"]
    assert cache.add("k", 1, 60) is False
    assert cache.incr("k") is None
    assert cache.get("k", "default") == "default"
    assert cache.set("k", 1, 60) is None
    assert cache.touch("k", 60) is False
    assert cache.delete("k") is False
    cache.clear()


@pytest.mark.django_db(transaction=True)
def test_inside_raising_failures_the_database_error_is_raised(down):
    with raising_failures(), pytest.raises(DatabaseError):
        caches["ratelimit"].add("k", 1, 60)


@pytest.mark.urls(__name__)
@pytest.mark.django_db(transaction=True)
def test_a_plain_ratelimit_view_is_refused_not_a_500_when_the_database_is_down(client, down):
    assert client.post("/plain/").status_code == 403  # django-ratelimit's Ratelimited: a failed count is a refusal


@pytest.mark.urls(__name__)
@pytest.mark.django_db(transaction=True)
def test_ratelimit_fail_open_lets_a_plain_view_through_when_the_database_is_down(client, settings, down):
    settings.RATELIMIT_FAIL_OPEN = True
    assert client.post("/plain/").status_code == 200


@pytest.mark.django_db(transaction=True)
def test_the_sign_in_guard_still_refuses_with_a_503_under_fail_open(client, settings, down):
    settings.RATELIMIT_FAIL_OPEN = True
    response = client.post("/admin/login/", {"username": "mira", "password": "wrong-password"})
    assert response.status_code == 503
    assert response["Retry-After"] == "5"


@pytest.mark.parametrize("value", [-1, 2**31, 2**40])
def test_a_counter_outside_0_to_2_31_is_refused_with_a_value_error(cache, value):
    with pytest.raises(ValueError, match="from 0 to 2147483647"):
        cache.add("k", value, 60)
    with pytest.raises(ValueError, match="from 0 to 2147483647"):
        cache.set("k", value, 60)
    assert not RateLimitBucket.objects.exists()


def test_the_largest_counter_is_kept(cache):
    cache.set("k", 2**31 - 1, 60)
    assert cache.get("k") == 2**31 - 1


@pytest.mark.parametrize(("start", "delta"), [(2**31 - 1, 1), (5, 2**31 - 5), (5, -6), (0, 2**31)])
def test_an_increment_that_would_leave_the_range_is_a_value_error_and_changes_nothing(cache, start, delta):
    cache.set("k", start, 60)
    with pytest.raises(ValueError, match="0 to 2147483647"):
        cache.incr("k", delta)
    assert cache.get("k") == start


def test_an_increment_to_the_edges_of_the_range_is_kept(cache):
    cache.set("k", 5, 60)
    assert cache.incr("k", 2**31 - 6) == 2**31 - 1
    assert cache.decr("k", 2**31 - 1) == 0
