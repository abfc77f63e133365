from django.core.management.base import BaseCommand
from django.utils.module_loading import import_string

# Each periodic task re-enqueues itself when it finishes; this starts the chain
# once, and is safe to run at every start (it skips a chain already queued).
PERIODIC = [
    "director.tasks.watchdog_task",
    "ratelimit.tasks.purge_buckets_task",
]


class Command(BaseCommand):
    help = "Queue the periodic tasks (render watchdog, rate-limit purge) unless they are already queued."

    def handle(self, *args, **options):
        from django.tasks import TaskResultStatus
        from django_tasks_db.models import DBTaskResult

        for path in PERIODIC:
            try:
                periodic = import_string(path)
            except ImportError:
                self.stdout.write(f"skipped {path}: not available")
                continue
            if DBTaskResult.objects.filter(status=TaskResultStatus.READY, task_path=periodic.module_path).exists():
                self.stdout.write(f"already queued: {path}")
                continue
            periodic.enqueue()
            self.stdout.write(self.style.SUCCESS(f"queued: {path}"))
