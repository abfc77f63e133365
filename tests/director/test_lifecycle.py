"""Failure, retry, cancel and the watchdog, without a worker process."""

import subprocess
from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import User
from director.models import JobStatus, PromptRecord, RecordStatus, VisionJob
from director.tasks import find_stuck_work
from tests.flow import approve_all, select, state, upload_idle


@pytest.fixture
def failing_eye(settings):
    settings.STUDIO_ENGINES = {**settings.STUDIO_ENGINES, "eye": "tests.director.engines.FailingEye"}


def test_a_failed_analysis_is_failed_never_placeholders(api, upload, failing_eye):
    response = upload()
    assert response.status_code == 201
    job = VisionJob.objects.get()
    assert job.status == JobStatus.FAILED
    assert "sensor returned no data" in job.error_message
    assert job.quality_score is None and job.physics_score is None and job.pitches is None
    current = state(api, job)
    assert current["stage"] == "FAILED"
    assert api.get(f"/api/v1/jobs/{job.pk}/pitches/").status_code == 409


def test_a_failed_analysis_can_be_retried_three_times(api, upload, run, failing_eye):
    upload()
    job = VisionJob.objects.get()
    for attempt in range(1, 4):
        response = run(api.post, f"/api/v1/jobs/{job.pk}/retry/")
        assert response.status_code == 202
        job.refresh_from_db()
        assert job.retry_count == attempt and job.status == JobStatus.FAILED
    response = run(api.post, f"/api/v1/jobs/{job.pk}/retry/")
    assert response.status_code == 409
    assert "upload the image again" in response.json()["detail"]


def test_retry_of_a_healthy_job_is_409(api, upload, run):
    job = upload_idle(upload)
    response = run(api.post, f"/api/v1/jobs/{job.pk}/retry/")
    assert response.status_code == 409
    assert "IDLE" in response.json()["detail"]


def test_cancel_while_pending_stops_the_analysis(api, upload, run, tasks_backend):
    tasks_backend("django.tasks.backends.dummy.DummyBackend")
    response = upload()
    job = VisionJob.objects.get(pk=response.json()["id"])
    assert job.status == JobStatus.PENDING
    assert run(api.post, f"/api/v1/jobs/{job.pk}/cancel/").json()["stage"] == "CANCELLED"
    # The analysis task, when it finally runs, leaves the cancelled job alone.
    from director.tasks import analyze_task

    assert analyze_task.call(str(job.pk)) == "skipped"
    job.refresh_from_db()
    assert job.status == JobStatus.CANCELLED and job.pitches is None


def test_cancel_while_rendering_refunds(api, upload, run, user, tasks_backend):
    job = upload_idle(upload)
    select(api, run, job)
    approve_all(api, run, job)
    tasks_backend("django.tasks.backends.dummy.DummyBackend")
    assert run(api.post, f"/api/v1/jobs/{job.pk}/approve/").status_code == 202
    assert User.objects.get(pk=user.pk).credits_remaining == 7
    assert run(api.post, f"/api/v1/jobs/{job.pk}/cancel/").json()["stage"] == "CANCELLED"
    assert User.objects.get(pk=user.pk).credits_remaining == 10
    record = PromptRecord.objects.get()
    assert record.credits_used == 0
    from director.tasks import render_task

    assert render_task.call(str(record.pk), record.render_attempts) == "skipped"


def test_the_watchdog_requeues_then_fails_with_a_refund(api, upload, run, user, tasks_backend, settings):
    settings.STUDIO_MAX_RENDER_ATTEMPTS = 2
    job = upload_idle(upload)
    select(api, run, job)
    approve_all(api, run, job)
    tasks_backend("django.tasks.backends.dummy.DummyBackend")
    run(api.post, f"/api/v1/jobs/{job.pk}/approve/")
    long_ago = timezone.now() - timedelta(seconds=settings.STUDIO_RENDER_STALL_SECONDS + 5)
    PromptRecord.objects.update(heartbeat_at=long_ago, render_started_at=long_ago)
    assert find_stuck_work()["requeued"] == 1
    record = PromptRecord.objects.get()
    assert record.render_attempts == 2 and record.render_started_at is None
    assert find_stuck_work()["requeued"] == 0  # fresh heartbeat: nothing to do
    PromptRecord.objects.update(heartbeat_at=long_ago)
    assert find_stuck_work()["failed"] == 1
    record.refresh_from_db()
    assert record.status == RecordStatus.FAILED and "refunded" in record.error_message
    assert User.objects.get(pk=user.pk).credits_remaining == 10

    # A failed render can be retried: charged again, rendered again.
    tasks_backend("django.tasks.backends.immediate.ImmediateBackend")
    response = run(api.post, f"/api/v1/jobs/{job.pk}/retry/")
    assert response.status_code == 202
    assert state(api, job)["stage"] == "COMPLETED"
    assert User.objects.get(pk=user.pk).credits_remaining == 7


@pytest.fixture
def full_renders_disk(media_root):
    """A real, tiny filesystem mounted where videos are stored: storing one fails with ENOSPC."""
    renders = media_root / "renders"
    renders.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=16k", "tmpfs", str(renders)], capture_output=True)
    if mounted.returncode != 0:
        pytest.skip(f"needs permission to mount a tmpfs: {mounted.stderr.decode().strip()}")
    yield renders
    subprocess.run(["umount", str(renders)], check=True)


def test_a_full_disk_fails_the_render_cleanly_with_a_refund(api, upload, run, user, full_renders_disk):
    job = upload_idle(upload)
    select(api, run, job)
    approve_all(api, run, job)
    run(api.post, f"/api/v1/jobs/{job.pk}/approve/")
    current = state(api, job)
    assert current["stage"] == "FAILED"
    assert "disk full" in current["error_message"]
    assert User.objects.get(pk=user.pk).credits_remaining == 10
    assert list(full_renders_disk.rglob("*.mp4")) == []
