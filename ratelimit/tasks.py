from datetime import timedelta

from django.conf import settings
from django.tasks import task
from django.utils import timezone

from ratelimit.buckets import purge_expired
from studio_project.periodic import schedule_next


@task
def purge_buckets_task(reschedule=True):
    """Purge expired buckets; the run in STUDIO_RATELIMIT_PURGE_INTERVAL seconds is queued first, whatever happens."""
    if reschedule:
        interval = getattr(settings, "STUDIO_RATELIMIT_PURGE_INTERVAL", 3600)
        schedule_next(purge_buckets_task, timezone.now() + timedelta(seconds=interval))
    return purge_expired()
