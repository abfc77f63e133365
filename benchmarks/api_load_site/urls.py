"""Studio's URLs plus /bench/ping/: the same authentication and throttle as the API, and no work at all."""

from django.urls import path
from rest_framework.response import Response
from rest_framework.views import APIView

from studio_project.urls import urlpatterns as studio_urlpatterns


class Ping(APIView):
    throttle_scope = "api"

    def get(self, request):
        return Response({"ok": True})


urlpatterns = [path("bench/ping/", Ping.as_view()), *studio_urlpatterns]
