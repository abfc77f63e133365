from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import F, Q
from tqdm import tqdm

from accounts.models import User
from audit import services as audit
from audit.models import AuditAction
from learning.models import LearningEvent
from learning.studio_head import update_profile

WRITE_BATCH = 500


class Command(BaseCommand):
    help = (
        "Rebuild users' creative profiles by replaying their learning events in time order. "
        "Users without learning consent, or without events, are left alone."
    )

    def add_arguments(self, parser):
        parser.add_argument("--user", help="Only this user (username or id).")
        parser.add_argument("--chunk-size", type=int, default=2000, help="Events fetched per database round trip.")

    def handle(self, *args, user=None, chunk_size=2000, verbosity=1, **options):
        # A reset profile is rebuilt only from the events after the reset.
        events = LearningEvent.objects.filter(user__learning_consent=True).filter(
            Q(user__profile_reset_at__isnull=True) | Q(created_at__gt=F("user__profile_reset_at"))
        )
        if user is not None:
            events = events.filter(user=self._find_user(user))
        total = events.count()
        rows = (
            events.order_by("user_id", "created_at", "id")
            .values_list("user_id", "director_pitches", "selected_director_id", "raw_scores")
            .iterator(chunk_size=chunk_size)
        )

        rebuilt = 0
        pending = []
        current, profile = None, None
        with tqdm(total=total, unit="event", disable=verbosity == 0 or total == 0) as progress:
            for user_id, shown, chosen_id, raw_scores in rows:
                if user_id != current:
                    if current is not None:
                        pending.append(User(pk=current, creative_profile=profile))
                    current, profile = user_id, None
                    if len(pending) >= WRITE_BATCH:
                        rebuilt += self._write(pending)
                        pending = []
                profile = update_profile(profile, shown, chosen_id, raw_scores)
                progress.update()
            if current is not None:
                pending.append(User(pk=current, creative_profile=profile))
            rebuilt += self._write(pending)

        noun = "profile" if rebuilt == 1 else "profiles"
        self.stdout.write(self.style.SUCCESS(f"Rebuilt {rebuilt} creative {noun} from {total} learning events."))

    def _find_user(self, value):
        found = User.objects.filter(username=value).first()
        if found is None:
            try:
                found = User.objects.filter(pk=value).first()
            except ValidationError:  # neither a username nor a user id
                found = None
        if found is None:
            raise CommandError(f"No user {value!r}.")
        if not found.learns:
            self.stdout.write(f"{found.username} has not consented to learning; their profile is left alone.")
        return found

    def _write(self, users):
        if users:
            with transaction.atomic():
                User.objects.bulk_update(users, ["creative_profile"])
                for user in users:
                    details = {"total_selections": (user.creative_profile or {}).get("totalSelections", 0)}
                    audit.record(AuditAction.PROFILE_REBUILD, user=user, entity=user, details=details)
        return len(users)
