"""Password-guessing guards for the sign-in and sign-up views, on django-ratelimit.

django-ratelimit does the windowing and keys; it counts through the "ratelimit"
cache (ratelimit.cache.BucketCache), i.e. in rate_limit_buckets. POSTs only.
Rates: settings.STUDIO_AUTH_RATES. When the count cannot be taken the attempt is
refused with a 503, RATELIMIT_FAIL_OPEN or not: BucketCache raises inside
`raising_failures()` instead of answering like a failed cache.
"""

import logging
import unicodedata
from functools import wraps

from django.conf import settings
from django.db import DatabaseError
from django.http import HttpResponse
from django_ratelimit.core import get_usage
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request

from ratelimit.buckets import Usage, parse_rate
from ratelimit.cache import raising_failures
from ratelimit.clients import client_ip
from ratelimit.throttling import RateLimited, RateLimitUnavailable, note_usage

logger = logging.getLogger(__name__)


CONTROL_CHARACTERS = "Remove the control characters (such as NUL) from the username."


class ControlCharacters(ValueError):
    """A username no account can have; it must not become a bucket key (PostgreSQL refuses a NUL in text)."""


def _typed_username(request):
    data = request.data if isinstance(request, Request) else request.POST
    value = data.get("username") if hasattr(data, "get") else None
    if not isinstance(value, str):
        return ""
    value = value.strip()  # a pasted name's trailing newline is forgiven, as the forms strip it
    if any(unicodedata.category(char) == "Cc" for char in value):
        raise ControlCharacters(CONTROL_CHARACTERS)
    return value


def _username_keys(request):
    """One key per account the typed name can sign in to, so every spelling of an account shares its count.

    The sign-in backend tries the username (NFKC, any case) and then the email: each account found is
    counted. A name that finds no account is counted under its NFKC case-folded form, the same work either way.
    """
    from accounts.models import User  # ratelimit is loaded before the accounts app's models

    value = _typed_username(request)
    if not value:
        return []
    found = list(User.objects.with_username(value).values_list("pk", flat=True)[:1])
    if "@" in value:
        found += [pk for pk in User.objects.with_email(value).values_list("pk", flat=True)[:1] if pk not in found]
    if not found:
        return ["name:" + User.normalize_username(value).casefold()]
    return [f"user:{pk}" for pk in found]


def _count(request, group, limits):
    """Count this attempt against every limit; return the Usage records."""
    usages = []
    for kind, rate_name in limits.items():
        # no username given: the request fails validation; never one shared "" bucket
        values = [client_ip(request)] if kind == "ip" else _username_keys(request)
        for value in filter(None, values):
            usage = _count_one(request, group, kind, rate_name, value)
            if usage is not None:  # None: RATELIMIT_ENABLE = False
                usages.append(usage)
    return usages


def _count_one(request, group, kind, rate_name, value):
    rate = parse_rate(settings.STUDIO_AUTH_RATES[rate_name], f'STUDIO_AUTH_RATES["{rate_name}"]')
    found = get_usage(
        request,
        group=f"{group}:{kind} ",
        key=lambda _group, _request, value=value: f" {value} ",
        rate=(rate.limit, rate.period),
        method="POST",
        increment=True,
    )
    if found is None:
        return None
    if found["limit"] == 0 and found["time_left"] == -1:  # django-ratelimit's "the cache failed"
        raise DatabaseError("the rate limit counter could not be read")
    return Usage(f"{group}-{kind}", rate.limit, rate.period, found["count"], max(0, found["time_left"]))


def limit_attempts(group, *, what, **limits):
    """Decorate a view (or, with method_decorator, a view method) to limit POSTs.

    limits maps "ip" and/or "username" to a key of STUDIO_AUTH_RATES. Views sharing
    a group share the counts (the admin login and the token endpoint are both "login").
    """

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method != "POST":
                return view(request, *args, **kwargs)
            try:
                with raising_failures():
                    usages = _count(request, group, limits)
            except ControlCharacters:
                if isinstance(request, Request):
                    raise ValidationError({"username": [CONTROL_CHARACTERS]}) from None
                return HttpResponse(
                    f"username: {CONTROL_CHARACTERS}", status=400, content_type="text/plain; charset=utf-8"
                )
            except DatabaseError:
                logger.exception("attempt limit check failed for %s; refusing the request", group)
                if isinstance(request, Request):
                    raise RateLimitUnavailable() from None
                return HttpResponse(
                    RateLimitUnavailable.default_detail, status=503, headers={"Retry-After": "5"},
                    content_type="text/plain; charset=utf-8",
                )  # fmt: skip
            for usage in usages:
                note_usage(request, usage)
            blocked = [usage for usage in usages if not usage.allowed]
            if not blocked:
                return view(request, *args, **kwargs)
            wait = max(usage.retry_after for usage in blocked)
            detail = f"Too many {what}; try again in {wait} s."
            if isinstance(request, Request):
                raise RateLimited(wait, detail)
            return HttpResponse(
                detail, status=429, headers={"Retry-After": str(wait)}, content_type="text/plain; charset=utf-8"
            )

        return wrapped

    return decorator
