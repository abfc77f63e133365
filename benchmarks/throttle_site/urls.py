from django.core.cache import caches
from django.urls import path
from rest_framework.response import Response
from rest_framework.throttling import UserRateThrottle
from rest_framework.views import APIView

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


urlpatterns = [
    path("none/", Ping.as_view()),
    path("drf/", DrfThrottled.as_view()),
    path("drf-shared/", DrfSharedThrottled.as_view()),
    path("studio/", StudioThrottled.as_view()),
    path("studio-open/", StudioCounting.as_view()),
]
