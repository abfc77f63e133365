import uuid

from django.conf import settings
from django.db import models

from studio_project.db import DbNow, RandomUUID
from studio_project.fields import JSONField


class LearningEventQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(user=user)


class LearningEvent(models.Model):
    """One choice in the Director's Lounge: an append-only audit row.

    Columns, types, defaults and index names are exactly the seed's.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, db_default=RandomUUID(), editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.DB_CASCADE, related_name="learning_events", db_index=False
    )
    job = models.ForeignKey(
        "director.VisionJob", on_delete=models.DB_CASCADE, related_name="learning_events", db_index=False
    )
    raw_scores = JSONField()
    director_pitches = JSONField()
    selected_director_id = models.CharField(max_length=50)
    learning_delta = JSONField()
    created_at = models.DateTimeField(db_default=DbNow())

    objects = LearningEventQuerySet.as_manager()

    class Meta:
        db_table = "learning_events"
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["user"], name="idx_learning_events_user_id"),
            models.Index(fields=["job"], name="idx_learning_events_job_id"),
            models.Index(fields=["selected_director_id"], name="idx_learning_events_director"),
            models.Index(fields=["created_at"], name="idx_learning_events_created_at"),
        ]

    def __str__(self):
        return f"{self.selected_director_id} by {self.user.username}"


class LearningWeek(models.Model):
    """Choices per week and director, kept by database triggers on learning_events.

    Any insert or delete of an event (the API, a bulk load, a cascade) updates
    these counters in the same transaction, so the dashboard reads a few rows
    instead of scanning the events.
    """

    week = models.DateField(help_text="The Monday (UTC) the week starts on.")
    director_id = models.CharField(max_length=50)
    choices = models.IntegerField(default=0)
    overrides = models.IntegerField(default=0)

    class Meta:
        db_table = "learning_weekly_stats"
        constraints = [models.UniqueConstraint(fields=["week", "director_id"], name="learning_week_director_key")]

    def __str__(self):
        return f"{self.week} {self.director_id}: {self.choices}"
