"""Invalid stage strings and negative credits can't be written, by the ORM or by raw SQL."""

import pytest
from django.db import IntegrityError, connection, transaction

from accounts.models import User
from director.models import PromptRecord, VisionJob
from tests.factories import UserFactory
from tests.jobs import make_job


def test_an_invalid_job_status_fails_in_the_database(user):
    job = make_job(user)
    with pytest.raises(IntegrityError), transaction.atomic():
        VisionJob.objects.filter(pk=job.pk).update(status="analyzing")  # the original's, not ours
    job.refresh_from_db()
    assert job.status == "pending"


def test_an_invalid_record_status_fails_in_raw_sql(user):
    job = make_job(user)
    record = PromptRecord.objects.create(job=job, selected_director_id="newtonian")
    pk = record.pk.hex if connection.vendor == "sqlite" else record.pk
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE vision_job_video_prompts SET status = %s WHERE id = %s", ["STORYBOARD_REVIEW", pk])
    record.refresh_from_db()
    assert record.status == "scripting"


def test_an_uppercase_engine_fails_in_the_database(user):
    job = make_job(user)
    with pytest.raises(IntegrityError), transaction.atomic():
        PromptRecord.objects.create(job=job, selected_director_id="newtonian", production_engine="KLING")


def test_credits_can_never_go_negative(db):
    user = UserFactory(credits_remaining=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.filter(pk=user.pk).update(credits_remaining=-1)
    user.refresh_from_db()
    assert user.credits_remaining == 1


def test_a_job_has_one_prompt_record(user):
    job = make_job(user)
    PromptRecord.objects.create(job=job, selected_director_id="newtonian")
    with pytest.raises(IntegrityError), transaction.atomic():
        PromptRecord.objects.create(job=job, selected_director_id="visionary")


def test_scores_out_of_range_fail(user):
    job = make_job(user)
    with pytest.raises(IntegrityError), transaction.atomic():
        VisionJob.objects.filter(pk=job.pk).update(integrity_score=7.0)
