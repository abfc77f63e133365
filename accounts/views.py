from django.contrib.auth import authenticate
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.decorators import method_decorator
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics, permissions, serializers, status
from rest_framework.authtoken.models import Token
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.serializers import RegisterSerializer, TokenRequestSerializer, TokenResponseSerializer, UserSerializer
from accounts.services import register_user, update_account
from ratelimit.authentication import CountingTokenAuthentication
from ratelimit.guards import limit_attempts
from studio_project.schema import ERROR


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
        return Response({"token": token.key, "user": UserSerializer(user).data}, status=status.HTTP_201_CREATED)


@method_decorator(
    limit_attempts("login", what="login attempts", ip="login_ip", username="login_username"), name="post"
)
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
        return self.request.user

    def perform_update(self, serializer):
        try:
            serializer.instance = update_account(user=serializer.instance, **serializer.validated_data)
        except DjangoValidationError as taken:
            raise serializers.ValidationError(serializers.as_serializer_error(taken)) from None
