"""Real worker processes on PostgreSQL: the whole flow, races, duplicate delivery, a killed worker."""

import io
import signal
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import av
import numpy as np
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connections
from django.tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from rest_framework.test import APIClient

from accounts.models import User
from director.models import PromptRecord, VisionJob
from director.tasks import enqueue_render, find_stuck_work
from tests.photos import photo_bytes

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("relaxed_rates")]


def wait_for(predicate, timeout=90, what="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def stage(client, job_id):
    return client.get(f"/api/v1/jobs/{job_id}/director/").json()


def client_for(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def reviewing_job(client, user):
    """Upload, wait for IDLE, choose a director and wait for the storyboard (a worker must be running)."""
    response = client.post("/api/v1/jobs/", {"image": SimpleUploadedFile("p.jpg", photo_bytes())}, format="multipart")
    assert response.status_code == 201, response.json()
    job_id = response.json()["id"]
    wait_for(lambda: stage(client, job_id)["stage"] == "IDLE", what="IDLE")
    assert client.post(f"/api/v1/jobs/{job_id}/select-director/", {"director_id": "provocateur"}).status_code == 201
    return job_id, wait_for(
        lambda: (s := stage(client, job_id))["stage"] == "STORYBOARD_REVIEW" and s, what="STORYBOARD_REVIEW"
    )


def approve_all_scenes(client, job_id, current):
    for scene in current["scenes"]:
        response = client.post(
            f"/api/v1/jobs/{job_id}/scenes/{scene['id']}/review/",
            {"verdict": "GREEN"},
            HTTP_IF_MATCH=f'"{current["version"]}"',
        )
        assert response.status_code == 200, response.json()
        current = response.json()
    return current


def storyboard_approved_with_no_worker(client, user, start_worker):
    """A job with every scene GREEN, its worker stopped: the approval's render waits for the next worker."""
    worker = start_worker()
    job_id, current = reviewing_job(client, user)
    approve_all_scenes(client, job_id, current)
    worker.send_signal(signal.SIGTERM)
    worker.wait(10)
    return job_id


def test_the_full_flow_with_a_real_worker(user, start_worker):
    start_worker()
    client = client_for(user)
    job_id, current = reviewing_job(client, user)
    approve_all_scenes(client, job_id, current)
    assert client.post(f"/api/v1/jobs/{job_id}/approve/").status_code == 202
    final = wait_for(lambda: (s := stage(client, job_id))["stage"] in ("COMPLETED", "FAILED") and s, what="render")
    assert final["stage"] == "COMPLETED", final["error_message"]
    video = client.get(final["video_url"])
    data = b"".join(video.streaming_content)
    with av.open(io.BytesIO(data)) as container:
        stream = container.streams.video[0]
        duration = float(stream.duration * stream.time_base)
        frames = [f.to_ndarray(format="gray") for f in container.decode(stream)]
    total = sum(s["duration"] for s in final["scenes"])
    assert abs(duration - total) <= 0.1
    assert abs(len(frames) / 12 - total) <= 0.1
    moving = sum(np.abs(a.astype(int) - b.astype(int)).mean() > 0.5 for a, b in zip(frames, frames[1:], strict=False))
    assert moving > len(frames) // 2


def test_twenty_concurrent_approvals_charge_once_and_render_once(user, start_worker):
    client = client_for(user)
    job_id = storyboard_approved_with_no_worker(client, user, start_worker)

    def approve(_):
        try:
            return client_for(user).post(f"/api/v1/jobs/{job_id}/approve/").status_code
        finally:
            connections.close_all()

    with ThreadPoolExecutor(20) as pool:
        codes = list(pool.map(approve, range(20)))
    assert sorted(codes) == [202] + [409] * 19
    assert User.objects.get(pk=user.pk).credits_remaining == 7
    renders = DBTaskResult.objects.filter(task_path="director.tasks.render_task")
    assert renders.count() == 1


def test_concurrent_reviews_of_one_version_one_wins(user, start_worker):
    worker = start_worker()
    client = client_for(user)
    job_id, current = reviewing_job(client, user)
    worker.send_signal(signal.SIGTERM)
    worker.wait(10)

    def green(scene):
        try:
            return (
                client_for(user)
                .post(
                    f"/api/v1/jobs/{job_id}/scenes/{scene['id']}/review/",
                    {"verdict": "GREEN"},
                    HTTP_IF_MATCH=f'"{current["version"]}"',
                )
                .status_code
            )
        finally:
            connections.close_all()

    with ThreadPoolExecutor(9) as pool:
        codes = list(pool.map(green, current["scenes"] * 3))
    assert sorted(codes) == [200] + [412] * 8
    record = PromptRecord.objects.get(job_id=job_id)
    assert record.version == current["version"] + 1
    assert sum(s["status"] == "GREEN" for s in record.scenes_data) == 1


def test_two_workers_run_every_render_exactly_once(user, start_worker):
    first = start_worker()
    client = client_for(user)
    jobs = []
    for _ in range(3):
        job_id, current = reviewing_job(client, user)
        approve_all_scenes(client, job_id, current)
        jobs.append(job_id)
    first.send_signal(signal.SIGTERM)
    first.wait(10)
    User.objects.filter(pk=user.pk).update(credits_remaining=100)
    for job_id in jobs:
        assert client.post(f"/api/v1/jobs/{job_id}/approve/").status_code == 202
        record = PromptRecord.objects.get(job_id=job_id)
        enqueue_render(record.pk, record.render_attempts)  # a duplicate delivery of the same render
    start_worker()
    start_worker()
    for job_id in jobs:
        wait_for(lambda j=job_id: stage(client, j)["stage"] == "COMPLETED", what="COMPLETED")
    wait_for(
        lambda: not DBTaskResult.objects.filter(status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING]).exists(),
        what="queue drained",
    )
    outcomes = sorted(r.return_value for r in DBTaskResult.objects.filter(task_path="director.tasks.render_task"))
    assert outcomes == ["completed"] * 3 + ["skipped"] * 3
    assert {len(set(r.worker_ids)) for r in DBTaskResult.objects.filter(task_path="director.tasks.render_task")} == {1}


@pytest.mark.parametrize("max_attempts,expected", [(2, "COMPLETED"), (1, "FAILED")])
def test_a_killed_render_is_retried_or_failed_with_a_refund(
    user, start_worker, settings, media_root, max_attempts, expected
):
    settings.STUDIO_RENDER_STALL_SECONDS = 2
    settings.STUDIO_MAX_RENDER_ATTEMPTS = max_attempts
    first = start_worker()
    client = client_for(user)
    job_id, current = reviewing_job(client, user)
    approve_all_scenes(client, job_id, current)
    first.send_signal(signal.SIGTERM)
    first.wait(10)
    assert client.post(f"/api/v1/jobs/{job_id}/approve/").status_code == 202
    # A slow, large render so the kill lands mid-way.
    doomed = start_worker(STUDIO_RENDER_WIDTH="1920", STUDIO_RENDER_HEIGHT="1080", STUDIO_RENDER_FPS="30")
    wait_for(lambda: PromptRecord.objects.get(job_id=job_id).render_started_at, what="render start")
    wait_for(lambda: list((media_root / "tmp").glob("*.part")), what="the render writing its video")
    doomed.send_signal(signal.SIGKILL)
    doomed.wait(10)
    assert PromptRecord.objects.get(job_id=job_id).status == "rendering"
    left = sorted(p.suffix for p in (media_root / "tmp").iterdir())
    assert left == [".mp4", ".part"]  # the killed render's placeholder and PyAV's partial file
    killed = DBTaskResult.objects.get(task_path="director.tasks.render_task", status=TaskResultStatus.RUNNING)
    assert User.objects.get(pk=user.pk).credits_remaining == 7

    start_worker()
    time.sleep(settings.STUDIO_RENDER_STALL_SECONDS + 0.5)
    counts = find_stuck_work()
    assert counts["requeued" if expected == "COMPLETED" else "failed"] == 1
    assert counts["temp_files_deleted"] == 2 and counts["task_results_failed"] == 1
    final = wait_for(lambda: (s := stage(client, job_id))["stage"] in ("COMPLETED", "FAILED") and s, what="end")
    assert final["stage"] == expected
    credits = User.objects.get(pk=user.pk).credits_remaining
    assert credits == (7 if expected == "COMPLETED" else 10)
    if expected == "FAILED":
        assert "refunded" in final["error_message"]
        assert VisionJob.objects.get(pk=job_id).status == "completed"
    wait_for(
        lambda: not DBTaskResult.objects.filter(status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING]).exists(),
        what="queue drained",
    )
    assert list((media_root / "tmp").iterdir()) == []
    killed.refresh_from_db()
    assert killed.status == TaskResultStatus.FAILED
    assert killed.exception_class_path == "director.tasks.WorkerLost"
