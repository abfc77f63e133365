"""Deleting a user removes exactly their jobs, prompt records and events, in the database."""

from accounts.models import User
from director.models import PromptRecord, VisionJob
from learning.models import LearningEvent
from tests.factories import LearningEventFactory, PromptRecordFactory, UserFactory
from tests.jobs import make_job


def _populate(user):
    job = make_job(user)
    PromptRecordFactory(job=job)
    LearningEventFactory(job=job)
    return job


def test_deleting_a_user_cascades_in_the_database(db):
    doomed, kept = UserFactory(), UserFactory()
    _populate(doomed)
    _populate(doomed)
    kept_job = _populate(kept)

    # A raw DELETE: no Django collector, so only the database's ON DELETE CASCADE acts.
    User.objects.filter(pk=doomed.pk)._raw_delete(using="default")

    assert not VisionJob.objects.filter(user_id=doomed.pk).exists()
    assert not LearningEvent.objects.filter(user_id=doomed.pk).exists()
    assert list(VisionJob.objects.values_list("pk", flat=True)) == [kept_job.pk]
    assert PromptRecord.objects.get().job_id == kept_job.pk
    assert LearningEvent.objects.get().user_id == kept.pk


def test_deleting_a_job_cascades_to_its_record_and_events(db):
    user = UserFactory()
    job = _populate(user)
    other = _populate(user)
    VisionJob.objects.filter(pk=job.pk)._raw_delete(using="default")
    assert PromptRecord.objects.get().job_id == other.pk
    assert LearningEvent.objects.get().job_id == other.pk
    assert User.objects.filter(pk=user.pk).exists()


def test_the_event_defaults_come_from_the_database(db):
    user = UserFactory()
    job = make_job(user)
    event = LearningEventFactory(job=job)
    event.refresh_from_db()
    assert event.created_at is not None
