"""The API's throttle: DRF on top of the counting core.

A view picks its scope with `throttle_scope` ("generate", "refine", "upload", "media",
"account", "password", "export" for the account's own routes, "share" for what a share link serves);
every other API view counts against "api". Rates live in
REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]; a scope whose rate is None is not throttled.

StudioThrottle keeps DRF's contract, so it composes with other throttles:
`allow_request` answers False when the request is over the limit (DRF then asks
every other throttle too and raises Throttled with the longest `wait()`), and
`studio_throttled` (called by the project's exception handler) turns that into
Studio's 429 sentence. What a request was counted and refused for is kept on the
DRF Request, one per dispatch: listed twice, a scope counts once.
"""

import logging

from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from django.db import DatabaseError
from django.dispatch import receiver
from django.utils import timezone
from rest_framework import exceptions, status
from rest_framework.settings import api_settings
from rest_framework.throttling import BaseThrottle

from ratelimit.buckets import hit, parse_rate
from ratelimit.clients import bucket_identifier

logger = logging.getLogger(__name__)

DEFAULT_SCOPE = "api"
REQUIRED_SCOPES = ("generate", "refine", "upload", "media", "account", "password", "export", "share", DEFAULT_SCOPE)


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
    """The Rate for a scope, or None when its rate is None (not throttled); a missing scope is a configuration error."""
    rates = api_settings.DEFAULT_THROTTLE_RATES or {}
    if scope not in rates:
        raise ImproperlyConfigured(f'No rate for throttle scope "{scope}" in REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"].')
    if rates[scope] is None:
        return None
    return parse_rate(rates[scope], f'DEFAULT_THROTTLE_RATES["{scope}"]')


def note_usage(request, usage):
    """Keep the numbers on the Django request; RateLimitHeadersMiddleware writes the headers."""
    http_request = getattr(request, "_request", request)
    usages = http_request.__dict__.get("ratelimit_usages")
    if usages is None:
        http_request.__dict__["ratelimit_usages"] = [usage]
    else:
        usages.append(usage)


def scope_of(view):
    return getattr(view, "throttle_scope", None) or DEFAULT_SCOPE


_RATES = {}  # scope -> Rate or None, as rate_for answers; forgotten when REST_FRAMEWORK changes
_FIRST = {}  # view class -> (its throttle_classes, the first StudioThrottle class among them, None or _PER_VIEW)
_PER_VIEW = object()  # the answer can differ between views of the class: work it out for each


@receiver(setting_changed)
def forget_rates(*, setting, **kwargs):
    if setting == "REST_FRAMEWORK":
        _RATES.clear()


def view_scope(view):
    """(scope, Rate or None) the view's requests are counted against, as StudioThrottle.scope_for and rate_for
    answer; each scope's rate is read from the settings once."""
    scope = scope_of(view)
    try:
        return scope, _RATES[scope]
    except KeyError:
        rate = _RATES[scope] = rate_for(scope)
        return scope, rate


def _default_hooks(throttle_class):
    return throttle_class.scope_for is StudioThrottle.scope_for and throttle_class.rate_for is StudioThrottle.rate_for


def _first_studio_throttle(view_class, throttle_classes):
    from rest_framework.views import APIView  # not at the top: rest_framework.views imports this module's importers

    if view_class.get_throttles is not APIView.get_throttles or not all(isinstance(t, type) for t in throttle_classes):
        return _PER_VIEW  # the throttles are made some other way, or by a factory: ask the ones made
    first = next((t for t in throttle_classes if issubclass(t, StudioThrottle)), None)
    return first if first is None or _default_hooks(first) else _PER_VIEW


def counted_scope(view):
    """(scope, rate) this view's StudioThrottle counts against, or None when it does not count the request.

    Which of the view's throttle classes is the first StudioThrottle is worked out once per view class and
    `throttle_classes` list (a view or class given another list is looked at again; a list changed in place is
    not). When that class works out its scope or rate itself, or the view makes its throttles its own way, the
    throttles are made and asked, as DRF makes them.
    """
    if view is None:
        return None
    throttle_classes = view.throttle_classes
    found = _FIRST.get(type(view))
    if found is None or found[0] is not throttle_classes:
        found = _FIRST[type(view)] = (throttle_classes, _first_studio_throttle(type(view), throttle_classes))
    if found[1] is None:
        return None
    if found[1] is not _PER_VIEW:
        counted = view_scope(view)
        return None if counted[1] is None else counted
    for throttle in view.get_throttles():
        if isinstance(throttle, StudioThrottle):
            scope = throttle.scope_for(view)
            rate = throttle.rate_for(scope) if scope is not None else None
            return None if rate is None else (scope, rate)
    return None


def _counts(request):
    """{(identifier, scope): Usage} for this dispatch. On the DRF Request itself: a Django request can be dispatched
    again (tests do), and each dispatch is a request of its own."""
    return vars(request).setdefault("_ratelimit_counts", {})


def _refusals(request):
    return vars(request).setdefault("_ratelimit_refusals", {})


def remember_count(request, identifier, scope, usage, user=None):
    """A count already made for this request (by the authentication that looked up its user): the throttle uses it.

    Its headers go out whatever happens next, even if a permission check refuses the request before the throttle.
    With `user`, the identifier is `user`'s, and the throttle need not work it out again while that user is the
    request's.
    """
    note_usage(request, usage)
    _counts(request)[identifier, scope] = usage
    if user is not None:
        request.__dict__["_ratelimit_user"] = (user, identifier)


class StudioThrottle(BaseThrottle):
    """Counts a request against its scope; False when over the limit, with `wait()` the seconds until it is not."""

    usage = None  # the last check's Usage, for wait()

    def scope_for(self, view):
        return scope_of(view)

    def rate_for(self, scope):
        return rate_for(scope)

    def identifier_for(self, request):
        return bucket_identifier(request)

    def now(self):
        return timezone.now()

    def allow_request(self, request, view):
        self.usage = None
        cls = type(self)
        if _default_hooks(cls):
            scope, rate = view_scope(view)
        else:
            scope = self.scope_for(view)
            rate = self.rate_for(scope) if scope is not None else None
        if rate is None:
            return True
        known = request.__dict__.get("_ratelimit_user")
        if known is not None and known[0] is request.__dict__.get("_user") and cls.identifier_for is _IDENTIFIER_FOR:
            identifier = known[1]  # the authentication's count was for this very user: its identifier
        else:
            identifier = self.identifier_for(request)
        counts = _counts(request)
        usage = counts.get((identifier, scope))
        if usage is None:  # not counted yet for this request: by the token lookup, or by this scope listed twice
            try:
                usage = hit(identifier, scope, rate, now=self.now())
            except DatabaseError:
                logger.exception("rate limit check failed for scope %s; refusing the request", scope)
                raise RateLimitUnavailable() from None
            counts[identifier, scope] = usage
            note_usage(request, usage)
        self.usage = usage
        if not usage.allowed:
            _refusals(request)[scope] = usage
        return usage.allowed

    def wait(self):
        """Seconds until the next request can be admitted: 0 while some are left; None if nothing was counted."""
        if self.usage is None:
            return None
        return 0 if self.usage.allowed and self.usage.remaining else self.usage.retry_after


_IDENTIFIER_FOR = StudioThrottle.identifier_for


def studio_throttled(request, exc):
    """DRF's Throttled for a request StudioThrottle refused, as Studio's 429: which limit, and when to come back.

    `exc.wait` is the longest wait of every throttle that refused (Retry-After); anything else is returned as it is.
    """
    if isinstance(exc, RateLimited) or not isinstance(exc, exceptions.Throttled) or request is None:
        return exc
    refused = vars(request).get("_ratelimit_refusals")
    if not refused:
        return exc
    scope, usage = max(refused.items(), key=lambda item: item[1].retry_after)
    wait = max(exc.wait or 0, usage.retry_after)
    return RateLimited(
        wait, f"Too many requests for {scope}: limit {usage.limit} per {usage.period} s. Try again in {max(1, wait)} s."
    )
