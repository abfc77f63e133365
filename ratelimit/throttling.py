"""The API's throttle: DRF on top of the counting core.

A view picks its scope with `throttle_scope` ("generate", "refine", "upload", and
"account", "password", "export" for the account's own routes);
every other API view counts against "api". Rates live in
REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"].
"""

import logging

from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError
from rest_framework import exceptions, status
from rest_framework.settings import api_settings
from rest_framework.throttling import BaseThrottle

from ratelimit.buckets import hit, parse_rate
from ratelimit.clients import bucket_identifier

logger = logging.getLogger(__name__)

DEFAULT_SCOPE = "api"
REQUIRED_SCOPES = ("generate", "refine", "upload", "account", "password", "export", DEFAULT_SCOPE)


class RateLimited(exceptions.Throttled):
    """429 with our own sentence; DRF turns `wait` into Retry-After."""

    def __init__(self, wait, detail):
        super().__init__(detail=detail)
        self.wait = max(1, int(wait))


class RateLimitUnavailable(exceptions.APIException):
    """The limiter could not count: refuse rather than let the request through uncounted."""

    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_detail = "Rate limiting is unavailable, so the request was not accepted; try again in a moment."
    default_code = "service_unavailable"
    wait = 5


def rate_for(scope):
    rates = api_settings.DEFAULT_THROTTLE_RATES or {}
    if scope not in rates:
        raise ImproperlyConfigured(f'No rate for throttle scope "{scope}" in REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"].')
    return parse_rate(rates[scope], f'DEFAULT_THROTTLE_RATES["{scope}"]')


def record_usage(request, usage):
    """Keep the numbers on the Django request; RateLimitHeadersMiddleware writes the headers."""
    http_request = getattr(request, "_request", request)
    if not hasattr(http_request, "ratelimit_usages"):
        http_request.ratelimit_usages = []
    http_request.ratelimit_usages.append(usage)


def scope_of(view):
    return getattr(view, "throttle_scope", None) or DEFAULT_SCOPE


def counted_scope(view):
    """The scope this view's StudioThrottle will count against, or None when the view is not throttled by it."""
    if view is None or not any(isinstance(throttle, StudioThrottle) for throttle in view.get_throttles()):
        return None
    return scope_of(view)


_COUNTED = "ratelimit_counted"


def remember_count(request, identifier, scope, usage):
    """A count already made for this request (by the authentication that looked up its user): the throttle uses it.

    Its headers go out whatever happens next, even if a permission check refuses the request before the throttle.
    """
    record_usage(request, usage)
    setattr(getattr(request, "_request", request), _COUNTED, (identifier, scope, usage))


def take_count(request, identifier, scope):
    counted = getattr(request, "_request", request).__dict__.pop(_COUNTED, None)
    if counted is not None and counted[:2] == (identifier, scope):
        return counted[2]
    return None


class StudioThrottle(BaseThrottle):
    def allow_request(self, request, view):
        scope = scope_of(view)
        rate = rate_for(scope)
        identifier = bucket_identifier(request)
        usage = take_count(request, identifier, scope)
        if usage is None:
            try:
                usage = hit(identifier, scope, rate)
            except DatabaseError:
                logger.exception("rate limit check failed for scope %s; refusing the request", scope)
                raise RateLimitUnavailable() from None
            record_usage(request, usage)
        if not usage.allowed:
            wait = usage.retry_after
            raise RateLimited(
                wait, f"Too many requests for {scope}: limit {rate.limit} per {rate.period} s. Try again in {wait} s."
            )
        return True
