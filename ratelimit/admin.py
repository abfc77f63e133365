from django.contrib import admin

from ratelimit.models import RateLimitBucket


@admin.register(RateLimitBucket)
class RateLimitBucketAdmin(admin.ModelAdmin):
    list_display = ["identifier", "endpoint", "request_count", "window_start", "window_end"]
    list_filter = ["endpoint"]
    search_fields = ["identifier"]
