from django.core.management.base import BaseCommand

from ratelimit.buckets import PURGE_BATCH_SIZE, purge_expired


class Command(BaseCommand):
    help = "Delete rate-limit buckets whose window has ended, in batches. Live buckets are never touched."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=PURGE_BATCH_SIZE, help="rows per DELETE statement")

    def handle(self, *args, batch_size, **options):
        if batch_size < 1:
            self.stderr.write("--batch-size must be at least 1.")
            raise SystemExit(2)

        def progress(batch, total):
            self.stdout.write(f"  deleted {batch} (total {total})")

        deleted = purge_expired(batch_size=batch_size, progress=progress if options["verbosity"] > 1 else None)
        self.stdout.write(f"Deleted {deleted} expired rate-limit bucket{'' if deleted == 1 else 's'}.")
