"""What the throttle works out once (each scope's rate, each view class's throttle) still follows the settings and
the view, and a count held for a token still lands in its owner's bucket."""

import pytest
from django.urls import path
from rest_framework.authtoken.models import Token
from rest_framework.response import Response
from rest_framework.test import APIClient
from rest_framework.views import APIView

from accounts.models import User
from ratelimit.blocks import BLOCKS
from ratelimit.models import RateLimitBucket
from ratelimit.throttling import StudioThrottle, counted_scope
from tests.ratelimit.urls import Generate

pytestmark = pytest.mark.urls(__name__)


class ScopeFromTheRequest(StudioThrottle):
    """Its own scope_for: the throttle is asked on every request, not looked up once for the view class."""

    def scope_for(self, view):
        return view.request.query_params.get("scope", "generate")


class AsksItsThrottle(Generate):
    throttle_classes = [ScopeFromTheRequest]


class ScopeAsAProperty(APIView):
    @property
    def throttle_scope(self):
        return self.request.query_params.get("scope", "generate")

    def post(self, request):
        return Response({"ok": True})


class MadeByAFactory(Generate):
    throttle_classes = [lambda: StudioThrottle()]  # DRF calls each entry: not only classes


urlpatterns = [
    path("generate/", Generate.as_view()),
    path("as-upload/", Generate.as_view(throttle_scope="upload")),  # one view's own scope, not its class's
    path("asks/", AsksItsThrottle.as_view()),
    path("property/", ScopeAsAProperty.as_view()),
    path("factory/", MadeByAFactory.as_view()),
]


@pytest.fixture(autouse=True)
def no_blocks_left():
    BLOCKS.expired(every=True)
    yield
    BLOCKS.expired(every=True)


@pytest.fixture
def rates(settings):
    def set_rates(**scopes):
        settings.REST_FRAMEWORK = {
            **settings.REST_FRAMEWORK,
            "DEFAULT_THROTTLE_RATES": {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], **scopes},
        }

    return set_rates


def client_of(user):
    return APIClient(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")


def limit_header(response):
    return response["RateLimit-Policy"]


@pytest.mark.django_db
def test_a_changed_rate_is_used_at_once(user, rates):
    client = client_of(user)
    rates(generate="5/min")
    assert limit_header(client.post("/generate/")) == '"generate";q=5;w=60'
    rates(generate="7/hour")
    assert limit_header(client.post("/generate/")) == '"generate";q=7;w=3600'
    rates(generate=None)  # not throttled: no count, no headers
    response = client.post("/generate/")
    assert response.status_code == 200 and "RateLimit" not in response


@pytest.mark.django_db
def test_a_view_made_with_its_own_scope_counts_against_it(user, rates):
    rates(generate="5/min", upload="9/min")
    client = client_of(user)
    assert limit_header(client.post("/as-upload/")) == '"upload";q=9;w=60'
    assert limit_header(client.post("/generate/")) == '"generate";q=5;w=60'
    assert counted_scope(Generate(throttle_scope="upload"))[0] == "upload"


@pytest.mark.django_db
@pytest.mark.parametrize("route", ["/asks/", "/property/"])
def test_a_scope_worked_out_per_request_is_asked_for_each_request(user, rates, route):
    rates(generate="5/min", upload="9/min")
    client = client_of(user)
    assert limit_header(client.post(route)) == '"generate";q=5;w=60'
    assert limit_header(client.post(f"{route}?scope=upload")) == '"upload";q=9;w=60'
    assert limit_header(client.post(route)) == '"generate";q=5;w=60'


@pytest.mark.django_db
def test_a_held_count_is_not_spent_for_someone_the_token_no_longer_names(postgres, user, rates):
    rates(generate="1000/hour")  # blocks of 16: the first request leaves 15 counts held for the token
    client = client_of(user)
    assert client.post("/generate/").status_code == 200
    mine = RateLimitBucket.objects.get(identifier=f"user:{user.pk}", endpoint="generate")
    assert mine.request_count == 16
    other = User.objects.create(username="the-new-owner")
    Token.objects.filter(user=user).update(user=other)  # the same key now names another account
    response = client.post("/generate/")
    assert response.status_code == 200
    theirs = RateLimitBucket.objects.get(identifier=f"user:{other.pk}", endpoint="generate")
    assert theirs.request_count >= 1  # counted for the account the token names now
    mine.refresh_from_db()
    assert mine.request_count == 16  # and nothing more taken from the first owner's bucket


@pytest.mark.django_db
def test_throttles_made_by_a_factory_are_asked(user, rates):
    rates(generate="5/min")
    client = client_of(user)
    remaining = [client.post("/factory/")["RateLimit"] for _ in range(3)]
    assert [int(header.split("r=")[1].split(";")[0]) for header in remaining] == [4, 3, 2]  # one count each
