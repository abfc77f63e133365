import re

from django.contrib import admin, messages
from rest_framework.settings import api_settings

from ratelimit.buckets import parse_rate
from ratelimit.models import RateLimitBucket

_KEY_RATE = re.compile(r" (\d+)/(\d+)s ")  # django-ratelimit's keys carry their rate, e.g. "login:ip 20/60s"


def limit_of(bucket):
    rates = api_settings.DEFAULT_THROTTLE_RATES or {}
    if bucket.endpoint in rates:
        return parse_rate(rates[bucket.endpoint]).limit
    match = _KEY_RATE.search(bucket.identifier)
    return int(match.group(1)) if match else None


class StateFilter(admin.SimpleListFilter):
    title = "state"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [("live", "Live"), ("expired", "Expired")]

    def queryset(self, request, queryset):
        if self.value() == "live":
            return queryset.live()
        if self.value() == "expired":
            return queryset.expired()
        return queryset


@admin.register(RateLimitBucket)
class RateLimitBucketAdmin(admin.ModelAdmin):
    list_display = ["identifier", "endpoint", "request_count", "remaining", "live", "window_start", "window_end"]
    list_filter = ["endpoint", StateFilter]
    search_fields = ["identifier"]
    ordering = ["-window_end"]
    readonly_fields = ["identifier", "endpoint", "request_count", "window_start", "window_end"]
    actions = ["clear_buckets"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description="remaining / limit")
    def remaining(self, bucket):
        limit = limit_of(bucket)
        if limit is None:
            return "-"
        if not bucket.is_live:
            return f"{limit} / {limit}"
        left = max(0, limit - bucket.request_count)
        return f"{left} / {limit}" + (" (blocked)" if bucket.request_count > limit else "")

    @admin.display(boolean=True, description="live")
    def live(self, bucket):
        return bucket.is_live

    @admin.action(description="Clear selected buckets (unblock now)", permissions=["delete"])
    def clear_buckets(self, request, queryset):
        cleared, _ = queryset.delete()
        self.message_user(request, f"Cleared {cleared} bucket{'' if cleared == 1 else 's'}.", messages.SUCCESS)
