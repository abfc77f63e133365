from django.core.management.base import BaseCommand
from django.utils.module_loading import import_string

from studio_project.periodic import schedule_next

# Each periodic task queues its next run as it starts; this starts the chain once, and is safe to run at
# every start: it queues a run only when none is waiting (see studio_project.periodic).
PERIODIC = [
    "director.tasks.watchdog_task",
    "ratelimit.tasks.purge_buckets_task",
]


class Command(BaseCommand):
    help = "Queue the periodic tasks (render watchdog, rate-limit purge) unless a run of each is already waiting."

    def handle(self, *args, **options):
        for path in PERIODIC:
            try:
                periodic = import_string(path)
            except ImportError:
                self.stdout.write(f"skipped {path}: not available")
                continue
            if schedule_next(periodic):
                self.stdout.write(self.style.SUCCESS(f"queued: {path}"))
            else:
                self.stdout.write(f"already queued: {path}")
