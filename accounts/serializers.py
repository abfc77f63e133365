from django.contrib.auth import password_validation
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.validators import MaxLengthValidator
from django.db.models.functions import Length
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.models import EmailRefused, User, canonical_email
from accounts.validators import skeleton, validate_username_script
from director import culture
from learning.experiments import ARMS, CARD_LAYOUT_HELP, arm_of

USERNAME_TAKEN = "That username is taken; choose another."
USERNAME_LOOKS_TAKEN = "That username looks like one that is taken; choose another."


def looks_taken(name):
    """Whether an account's name looks the same as name (the same skeleton), in any alphabet or case."""
    wanted = skeleton(name)
    lengths = {len(name), len(wanted)}
    names = User.objects.alias(length=Length("username")).filter(length__in=lengths).values_list("username", flat=True)
    return any(skeleton(other) == wanted for other in names.iterator())


EMAIL_TAKEN = "An account with that email exists; sign in with it, or use another email."


def clean_email(value, *, user=None):
    """The email as stored (NFKC, domain in IDNA ASCII lower case), refused if another account has it in any case."""
    try:
        email = canonical_email(value)
    except EmailRefused as refused:
        raise serializers.ValidationError(str(refused), code="invalid") from None
    others = User.objects.with_email(email)
    if user is not None:
        others = others.exclude(pk=user.pk)
    if others.exists():
        raise serializers.ValidationError(EMAIL_TAKEN, code="taken")
    return email


def check_password_rules(field, password, user):
    """Django's password validators, their messages as the DRF error of `field`."""
    try:
        password_validation.validate_password(password, user)
    except Exception as exc:  # django ValidationError -> DRF field error
        raise serializers.ValidationError({field: list(getattr(exc, "messages", [str(exc)]))}) from None


class CulturalContextField(culture.CulturalContextSerializer):
    """The account's default context, as stored or the default; a PATCH merges over it (user_explicit)."""

    def to_representation(self, instance):
        return super().to_representation(culture.normalised(instance))


class UserSerializer(serializers.ModelSerializer):
    cultural_context = CulturalContextField(
        required=False,
        help_text="The default language, region, formality and warmth of new jobs. Detected from the browser "
        "(source auto_browser) until you set it (user_explicit).",
    )
    card_layout = serializers.SerializerMethodField(help_text=CARD_LAYOUT_HELP)

    class Meta:
        model = User
        fields = [
            "id",
            "username",
            "email",
            "plan",
            "credits_remaining",
            "learning_consent",
            "date_joined",
            "card_layout",
            "cultural_context",
        ]
        read_only_fields = ["id", "username", "plan", "credits_remaining", "date_joined", "card_layout"]

    @extend_schema_field(serializers.ChoiceField(choices=ARMS))
    def get_card_layout(self, user):
        return arm_of(user.pk)

    def validate_cultural_context(self, value):
        current = self.instance.cultural_context if self.instance is not None else None
        return culture.explicit(current, value)

    def validate_email(self, value):
        if not value and self.instance is not None and self.instance.email:
            raise serializers.ValidationError("An account keeps an email address; give a new one instead.")
        return clean_email(value, user=self.instance) if value else value


class RegisterSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    email = serializers.EmailField(max_length=254)
    password = serializers.CharField(write_only=True, max_length=128, style={"input_type": "password"})
    learning_consent = serializers.BooleanField(required=False, allow_null=True, default=None)

    def validate_username(self, value):
        # The name as it will be stored (NFKC: "ｕ１" is "u1"), checked as stored, compared ignoring case.
        name = User.normalize_username(value)
        for validate in (UnicodeUsernameValidator(), MaxLengthValidator(150), validate_username_script):
            validate(name)
        if User.objects.with_username(name).exists():
            raise serializers.ValidationError(USERNAME_TAKEN, code="taken")
        if looks_taken(name):
            raise serializers.ValidationError(USERNAME_LOOKS_TAKEN, code="taken")
        return name

    def validate_email(self, value):
        return clean_email(value)

    def validate(self, attrs):
        candidate = User(username=attrs["username"], email=attrs.get("email", ""))
        check_password_rules("password", attrs["password"], candidate)
        return attrs


class TokenResponseSerializer(serializers.Serializer):
    token = serializers.CharField()
    user = UserSerializer()


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=254, help_text="Your username (any case) or your email address.")
    password = serializers.CharField(max_length=128, style={"input_type": "password"})


class PasswordChangeSerializer(serializers.Serializer):
    current_password = serializers.CharField(write_only=True, max_length=128, style={"input_type": "password"})
    new_password = serializers.CharField(write_only=True, max_length=128, style={"input_type": "password"})

    def validate_current_password(self, value):
        if not self.context["user"].check_password(value):
            raise serializers.ValidationError("That is not your current password.")
        return value

    def validate(self, attrs):
        user = self.context["user"]
        if attrs["new_password"] == attrs["current_password"]:
            raise serializers.ValidationError({"new_password": ["Choose a password different from the current one."]})
        check_password_rules("new_password", attrs["new_password"], user)
        return attrs


class AccountDeleteSerializer(serializers.Serializer):
    password = serializers.CharField(
        write_only=True,
        max_length=128,
        style={"input_type": "password"},
        help_text="Your current password: deleting the account and everything in it cannot be undone.",
    )

    def validate_password(self, value):
        if not self.context["user"].check_password(value):
            raise serializers.ValidationError("That is not your password; send your current password to delete it.")
        return value
