from django.core.cache import caches
from django.urls import path
from rest_framework.response import Response
from rest_framework.throttling import UserRateThrottle
from rest_framework.views import APIView

from accounts.views import MeView
from ratelimit.throttling import StudioThrottle


class SharedCacheUserRateThrottle(UserRateThrottle):
    cache = caches["shared"]


class Ping(APIView):
    throttle_classes = []

    def get(self, request):
        return Response({"ok": True})


class DrfThrottled(Ping):
    throttle_classes = [UserRateThrottle]


class DrfSharedThrottled(Ping):
    throttle_classes = [SharedCacheUserRateThrottle]


class StudioThrottled(Ping):
    throttle_classes = [StudioThrottle]
    throttle_scope = "bench"


class StudioCounting(Ping):
    throttle_classes = [StudioThrottle]
    throttle_scope = "bench_open"


class MeUnthrottled(MeView):
    """Studio's own /api/me/ (the signed-in user's account), without a throttle."""

    throttle_classes = []


# Each pair the throughput runs compare sits side by side, the baseline first: URL resolution tries the patterns in
# order, so a view further down pays for every pattern above it (about 2 us each here), which is not the throttle's.
urlpatterns = [
    path("none/", Ping.as_view()),
    path("studio-open/", StudioCounting.as_view()),
    path("me-none/", MeUnthrottled.as_view()),
    path("me/", MeView.as_view()),  # as in Studio: StudioThrottle, scope "api"
    path("drf/", DrfThrottled.as_view()),
    path("drf-shared/", DrfSharedThrottled.as_view()),
    path("studio/", StudioThrottled.as_view()),
]
