from django.contrib.auth import authenticate, logout, update_session_auth_hash
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import FileResponse
from django.utils import timezone
from django.utils.decorators import method_decorator
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics, permissions, serializers, status
from rest_framework.authentication import SessionAuthentication
from rest_framework.authtoken.models import Token
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.exports import build_export
from accounts.serializers import (
    AccountDeleteSerializer,
    PasswordChangeSerializer,
    RegisterSerializer,
    TokenRequestSerializer,
    TokenResponseSerializer,
    UserSerializer,
)
from accounts.services import (
    change_password,
    delete_account,
    register_user,
    revoke_token,
    rotate_token,
    update_account,
)
from director import culture
from ratelimit.authentication import CountingTokenAuthentication
from ratelimit.guards import limit_attempts
from studio_project.schema import ERROR, StudioAutoSchema


@method_decorator(limit_attempts("register", what="sign-ups", ip="register_ip"), name="post")
class RegisterView(APIView):
    permission_classes = [permissions.AllowAny]
    authentication_classes = []

    @extend_schema(request=RegisterSerializer, responses={201: TokenResponseSerializer, 400: ERROR, 429: ERROR})
    def post(self, request):
        serializer = RegisterSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            user, token = register_user(**serializer.validated_data)
        except DjangoValidationError as taken:  # lost a race for the name or the email
            raise serializers.ValidationError(serializers.as_serializer_error(taken)) from None
        culture.for_user(user, request)  # the browser's language is the account's first default
        return Response({"token": token.key, "user": UserSerializer(user).data}, status=status.HTTP_201_CREATED)


@method_decorator(limit_attempts("login", what="login attempts", ip="login_ip", username="login_username"), name="post")
class TokenView(APIView):
    permission_classes = [permissions.AllowAny]
    # Only tokens, so a wrong password is a 401 with WWW-Authenticate.
    authentication_classes = [CountingTokenAuthentication]

    @extend_schema(
        request=TokenRequestSerializer, responses={200: TokenResponseSerializer, 400: ERROR, 401: ERROR, 429: ERROR}
    )
    def post(self, request):
        serializer = TokenRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = authenticate(request, **serializer.validated_data)
        if user is None:
            raise AuthenticationFailed("Wrong username or password.")
        token, _ = Token.objects.get_or_create(user=user)
        return Response({"token": token.key, "user": UserSerializer(user).data})


@extend_schema_view(patch=extend_schema(responses={200: UserSerializer, 400: ERROR}))
class MeView(generics.RetrieveUpdateAPIView):
    serializer_class = UserSerializer
    http_method_names = ["get", "patch", "head", "options"]

    def get_object(self):
        culture.for_user(self.request.user, self.request)  # detected on the first request that shows it
        return self.request.user

    def perform_update(self, serializer):
        try:
            serializer.instance = update_account(
                user=serializer.instance, request=self.request, **serializer.validated_data
            )
        except DjangoValidationError as taken:
            raise serializers.ValidationError(serializers.as_serializer_error(taken)) from None


def _by_session(request):
    return isinstance(request.successful_authenticator, SessionAuthentication)


class TokenRevokeView(APIView):
    throttle_scope = "account"

    @extend_schema(request=None, responses={204: None})
    def post(self, request):
        revoke_token(user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class TokenRotateView(APIView):
    throttle_scope = "account"

    @extend_schema(request=None, responses={200: TokenResponseSerializer})
    def post(self, request):
        token = rotate_token(user=request.user)
        return Response({"token": token.key, "user": UserSerializer(request.user).data})


class PasswordChangeView(APIView):
    throttle_scope = "password"

    @extend_schema(request=PasswordChangeSerializer, responses={200: TokenResponseSerializer, 400: ERROR})
    def post(self, request):
        serializer = PasswordChangeSerializer(data=request.data, context={"user": request.user})
        serializer.is_valid(raise_exception=True)
        token = change_password(user=request.user, new_password=serializer.validated_data["new_password"])
        if _by_session(request):
            update_session_auth_hash(request._request, request.user)  # this browser stays signed in; others are out
        return Response({"token": token.key, "user": UserSerializer(request.user).data})


class AccountDeleteSchema(StudioAutoSchema):
    """DELETE me/ carries the password in its body: document it (drf-spectacular does so only for PUT/PATCH/POST)."""

    def _get_request_body(self, direction="request"):
        if self.method != "DELETE":
            return super()._get_request_body(direction)
        self.method = "POST"
        try:
            return super()._get_request_body(direction)
        finally:
            self.method = "DELETE"


class AccountView(MeView):
    """MeView's GET and PATCH, and DELETE: close the account, with everything in it."""

    http_method_names = [*MeView.http_method_names, "delete"]

    @property
    def throttle_scope(self):
        request = getattr(self, "request", None)
        return "password" if request is not None and request.method == "DELETE" else "api"

    def delete(self, request):
        serializer = AccountDeleteSerializer(data=request.data, context={"user": request.user})
        serializer.is_valid(raise_exception=True)
        by_session = _by_session(request)
        delete_account(user=request.user, request=request)
        if by_session:
            logout(request._request)
        return Response(status=status.HTTP_204_NO_CONTENT)

    delete.schema = AccountDeleteSchema
    delete = extend_schema(
        request=AccountDeleteSerializer,
        responses={204: None, 400: ERROR},
        description=(
            "Delete your account and everything in it: jobs, storyboards, learning events, and every stored "
            "image, preview and video. Send your current password as `password`. A render in progress is "
            "stopped. This cannot be undone; `GET me/export/` first to keep a copy."
        ),
    )(delete)


class ExportView(APIView):
    throttle_scope = "export"

    @extend_schema(
        responses={(200, "application/zip"): OpenApiTypes.BINARY},
        description=(
            "A zip of everything Studio keeps about you: `studio-export.json` (your profile, creative profile, "
            "jobs with their analysis, pitches and storyboards, and your learning events) and, under `files/`, "
            "each job's upload, remastered image, scene previews and video."
        ),
    )
    def get(self, request):
        archive = build_export(request.user)
        filename = f"studio-export-{request.user.username}-{timezone.now():%Y%m%d}.zip"
        response = FileResponse(archive, as_attachment=True, filename=filename, content_type="application/zip")
        response["Cache-Control"] = "private, no-store"
        return response
