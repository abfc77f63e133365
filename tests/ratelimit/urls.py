"""Small API views, one per scope, so the throttle is tested on its own."""

from django.urls import path
from rest_framework import permissions
from rest_framework.response import Response
from rest_framework.views import APIView


class Generate(APIView):
    throttle_scope = "generate"

    def post(self, request):
        return Response({"ok": True})


class Upload(APIView):
    throttle_scope = "upload"

    def post(self, request):
        return Response({"ok": True})


class Other(APIView):
    def get(self, request):
        return Response({"ok": True})


class Unthrottled(APIView):
    throttle_classes = []

    def get(self, request):
        return Response({"ok": True})


class StaffOnly(APIView):
    """Counted against "generate", refused by its permission to anyone who is not staff."""

    throttle_scope = "generate"
    permission_classes = [permissions.IsAdminUser]

    def post(self, request):
        return Response({"ok": True})


SEEN = []


class WhoAmI(APIView):
    """Keeps what authentication put on the request, for the test to compare."""

    def get(self, request):
        SEEN.append((request.user, request.auth))
        return Response({"ok": True})


class Public(APIView):
    permission_classes = [permissions.AllowAny]
    authentication_classes = []

    def get(self, request):
        return Response({"ok": True})


urlpatterns = [
    path("generate/", Generate.as_view()),
    path("upload/", Upload.as_view()),
    path("other/", Other.as_view()),
    path("unthrottled/", Unthrottled.as_view()),
    path("whoami/", WhoAmI.as_view()),
    path("staff-only/", StaffOnly.as_view()),
    path("public/", Public.as_view()),
]
