from django.db import models
from django.utils import timezone


class RateLimitBucketQuerySet(models.QuerySet):
    # A window is [window_start, window_end): at window_end the bucket has expired.
    def expired(self, now=None):
        return self.filter(window_end__lte=now or timezone.now())

    def live(self, now=None):
        return self.filter(window_end__gt=now or timezone.now())


class RateLimitBucket(models.Model):
    identifier = models.CharField(max_length=255)
    endpoint = models.CharField(max_length=100)
    request_count = models.IntegerField(default=0)
    window_start = models.DateTimeField()
    window_end = models.DateTimeField()
    # How many counts the last check took at once (ratelimit.blocks; 1 for a single request, 0 when refused).
    last_taken = models.PositiveIntegerField(default=0, db_default=0)

    objects = RateLimitBucketQuerySet.as_manager()

    class Meta:
        db_table = "rate_limit_buckets"
        constraints = [
            models.UniqueConstraint(
                fields=["identifier", "endpoint"], name="rate_limit_buckets_identifier_endpoint_key"
            ),
            models.CheckConstraint(
                condition=models.Q(request_count__gte=0), name="rate_limit_buckets_count_non_negative"
            ),
        ]
        indexes = [models.Index(fields=["window_end"], name="idx_rate_limit_window_end")]

    def __str__(self):
        return f"{self.identifier} @ {self.endpoint}: {self.request_count}"

    @property
    def is_live(self):
        return self.window_end > timezone.now()
