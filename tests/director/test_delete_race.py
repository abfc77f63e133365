"""Approve racing delete: either the delete wins (approve answers 404 or 409) or approve wins and the delete
refunds. Credits are never lost and nothing answers 500. Real threads, each on its own PostgreSQL connection."""

import random
import threading
import time
import uuid
from collections import Counter

import pytest
from django.db import connection
from rest_framework.test import APIClient

from accounts.models import User
from director.models import PromptRecord, RecordStatus, VisionJob
from tests.flow import approve_all, choose, upload_idle

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

TRIALS = 50
MAX_OFFSET_MS = 15


def approvable_copies(job, count):
    """`count` copies of a job whose storyboard is all GREEN, each in STORYBOARD_REVIEW."""
    record = PromptRecord.objects.get(job=job)
    assert record.status == RecordStatus.REVIEWING
    assert all(scene["status"] == "GREEN" for scene in record.scenes_data)
    copies = []
    for _ in range(count):
        copy = VisionJob.objects.get(pk=job.pk)
        copy.pk = uuid.uuid4()
        copy._state.adding = True
        copy.save()
        twin = PromptRecord.objects.get(pk=record.pk)
        twin.pk, twin.job = uuid.uuid4(), copy
        twin._state.adding = True
        twin.save()
        copies.append(copy)
    return copies


def client_for(user):
    client = APIClient()
    client.force_authenticate(user)
    client.raise_request_exception = False  # a 500 is an answer to count, not an exception in a thread
    return client


def race(user, job, delay_approve, delay_delete):
    barrier, answers = threading.Barrier(2), {}

    def call(name, delay, send):
        try:
            barrier.wait()
            time.sleep(delay)
            answers[name] = send(client_for(user)).status_code
        finally:
            connection.close()

    threads = [
        threading.Thread(
            target=call, args=("approve", delay_approve, lambda c: c.post(f"/api/v1/jobs/{job.pk}/approve/"))
        ),
        threading.Thread(target=call, args=("delete", delay_delete, lambda c: c.delete(f"/api/v1/jobs/{job.pk}/"))),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return answers


def test_approve_racing_delete_never_loses_credits_or_answers_500(
    postgres,
    api,
    user,
    upload,
    run,
    tasks_backend,
    relaxed_rates,
):
    job = upload_idle(upload)
    choose(api, run, job)
    approve_all(api, run, job)
    tasks_backend("django.tasks.backends.dummy.DummyBackend")  # no render: every charge must come back
    User.objects.filter(pk=user.pk).update(credits_remaining=100)
    copies = approvable_copies(job, TRIALS)

    rng = random.Random(20261201)
    outcomes = Counter()
    for copy in copies:
        offset = rng.uniform(0, MAX_OFFSET_MS) / 1000
        delays = (offset, 0.0) if rng.random() < 0.5 else (0.0, offset)
        answers = race(user, copy, *delays)
        assert answers.get("delete") == 204, answers
        assert answers.get("approve") in (202, 404, 409), answers
        outcomes[answers["approve"]] += 1
        assert not VisionJob.objects.filter(pk=copy.pk).exists()
        assert User.objects.get(pk=user.pk).credits_remaining == 100, (answers, outcomes)

    print(f"approve answers over {TRIALS} races: {dict(outcomes)}")
    assert sum(outcomes.values()) == TRIALS
