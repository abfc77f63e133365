"""The web studio at /studio/: one server-rendered page that talks to the API with the session cookie.

Signing in and registering are small Django forms, so the browser holds a session (and a CSRF
cookie) rather than an API token; the page's scripts then call /api/v1/ with that session.
"""

from functools import wraps

from django import forms
from django.conf import settings
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext, gettext_lazy, pgettext
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import ensure_csrf_cookie
from django.views.decorators.http import require_http_methods
from django.views.i18n import JavaScriptCatalog

from accounts.models import Plan
from accounts.serializers import RegisterSerializer, UserSerializer
from accounts.services import register_user, revoke_token
from director import brief
from ratelimit.guards import limit_attempts

ACCEPTED_TYPES = ["image/jpeg", "image/png", "image/webp"]


class RegisterForm(forms.Form):
    username = forms.CharField(
        label=gettext_lazy("Username"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "username"})
    )
    email = forms.EmailField(label=gettext_lazy("Email"), widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    password = forms.CharField(
        label=gettext_lazy("Password"),
        max_length=128,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    learning_consent = forms.BooleanField(
        required=False,
        label=gettext_lazy("Let the Studio Head learn my taste from the directors I choose"),
    )  # unticked: learning is opt-in

    def clean(self):
        # The API's own rules (unique username, password validators), so both doors agree.
        data = super().clean()
        if self.errors:
            return data
        serializer = RegisterSerializer(data={**data, "learning_consent": bool(data.get("learning_consent"))})
        if not serializer.is_valid():
            for field, messages in serializer.errors.items():
                target = field if field in self.fields else None
                for message in messages:
                    self.add_error(target, str(message))
        else:
            self.validated = serializer.validated_data
        return data


def readable_429(template, form_class):
    """Show a sign-in or sign-up refusal on the form itself, with the wait in words."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            response = view(request, *args, **kwargs)
            if response.status_code != 429:
                return response
            wait = response.headers.get("Retry-After", "60")
            page = render(
                request,
                template,
                {
                    "form": form_class(data=request.POST),
                    "limited": gettext("Too many attempts. Try again in %(seconds)s s.") % {"seconds": wait},
                },
                status=429,
            )
            page.headers["Retry-After"] = wait
            return page

        return wrapped

    return decorator


@never_cache
@require_http_methods(["GET", "POST"])
@readable_429("studio/register.html", RegisterForm)
@limit_attempts("register", what="sign-ups", ip="register_ip")
def register(request):
    if request.user.is_authenticated:
        return redirect("studio")
    form = RegisterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user, _token = register_user(**form.validated)
        except ValidationError as taken:  # lost a race for the name or the email
            form.add_error(None, taken)
        else:
            login(request, user, backend="accounts.backends.UsernameOrEmailBackend")
            return redirect("studio")
    return render(request, "studio/register.html", {"form": form}, status=400 if form.errors else 200)


def _login_form(data):
    return auth_views.AuthenticationForm(data=data)


@method_decorator(readable_429("studio/login.html", _login_form), name="dispatch")
@method_decorator(
    limit_attempts("login", what="sign-in attempts", ip="login_ip", username="login_username"), name="post"
)
class LoginView(auth_views.LoginView):
    template_name = "studio/login.html"
    redirect_authenticated_user = True

    def get_default_redirect_url(self):
        return reverse("studio")


@never_cache
@ensure_csrf_cookie
@login_required(login_url="studio-login")
def studio(request):
    config = {
        "user": UserSerializer(request.user).data,
        "api": "/api/v1/",
        "schema": reverse("schema"),
        "maxUploadBytes": settings.STUDIO_MAX_UPLOAD_BYTES,
        "acceptedTypes": ACCEPTED_TYPES,
        "loginUrl": reverse("studio-login"),
    }
    return render(
        request,
        "studio/app.html",
        {"config": config, "accept": ",".join(ACCEPTED_TYPES), "brief": brief_form(request.user)},
    )


def brief_form(user):
    """The upload form's brief: the choices and bounds the API checks, and the plan rule in words, in the page's
    language."""
    resolutions = [
        (value, label, user.plan in brief.RESOLUTION_PLANS.get(value, (user.plan,)))
        for value, label in brief.Resolution.choices
    ]
    plans = plan_names(brief.RESOLUTION_PLANS[brief.Resolution.FULL_HD])
    plan = gettext(Plan(user.plan).label)
    if all(allowed for _, _, allowed in resolutions):
        rule = gettext("Your %(plan)s plan includes 1080p.") % {"plan": plan}
    else:
        rule = gettext("1080p is for the %(plans)s plans; your plan is %(plan)s, so videos are 720p.") % {
            "plans": plans,
            "plan": plan,
        }
    return {
        "max_prompt": brief.MAX_PROMPT,
        "aspect_ratios": [(value, gettext(label)) for value, label in brief.AspectRatio.choices],
        "default_aspect": brief.AspectRatio.LANDSCAPE,
        "min_scenes": brief.MIN_SCENES,
        "max_scenes": brief.MAX_SCENES,
        "default_scenes": brief.DEFAULT_SCENES,
        "min_seconds": f"{brief.MIN_SCENE_SECONDS:g}",
        "max_seconds": f"{brief.MAX_SCENE_SECONDS:g}",
        "default_seconds": f"{brief.DEFAULT_SCENE_SECONDS:g}",
        "resolutions": resolutions,
        "default_resolution": brief.Resolution.HD,
        "plan_rule": rule,
        "only_for": pgettext("the plans a resolution is for", "(%(plans)s)") % {"plans": plans},
    }


def plan_names(plans):
    """The plans' names as one phrase in the active language: "Pro and Enterprise"."""
    names = [gettext(Plan(p).label) for p in plans]
    if len(names) == 1:
        return names[0]
    return gettext("%(first)s and %(last)s") % {"first": gettext(", ").join(names[:-1]), "last": names[-1]}


class LogoutView(auth_views.LogoutView):
    """Signing out ends the API token too: a key copied from this account stops working with the session."""

    def post(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            revoke_token(user=request.user)
        return super().post(request, *args, **kwargs)


urlpatterns = [
    path("", studio, name="studio"),
    path("login/", LoginView.as_view(), name="studio-login"),
    path("register/", register, name="studio-register"),
    path("logout/", LogoutView.as_view(next_page="studio-login"), name="studio-logout"),
    # The words the page's scripts write, in the active language (locale/<language>/LC_MESSAGES/djangojs.po);
    # only the project's catalogue, not the admin's.
    path("jsi18n/", JavaScriptCatalog.as_view(packages=["studio_project"]), name="studio-jsi18n"),
]
