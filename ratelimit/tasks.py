from datetime import timedelta

from django.conf import settings
from django.tasks import task
from django.utils import timezone

from ratelimit.buckets import purge_expired


@task
def purge_buckets_task(reschedule=True):
    """Purge expired buckets, then run again in STUDIO_RATELIMIT_PURGE_INTERVAL seconds."""
    deleted = purge_expired()
    if reschedule:
        interval = getattr(settings, "STUDIO_RATELIMIT_PURGE_INTERVAL", 3600)
        purge_buckets_task.using(run_after=timezone.now() + timedelta(seconds=interval)).enqueue()
    return deleted
