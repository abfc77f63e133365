"""What a person sees of a render: progress that moves frame by frame, the time left, and the video's name."""

import time
from datetime import timedelta

import pytest
from django.utils import timezone

from director.models import PromptRecord
from tests import photos
from tests.director.test_workers import client_for, stage, storyboard_approved_with_no_worker
from tests.flow import approve_all, select, state, upload_idle


def rendering_job(api, upload, run, tasks_backend):
    """A job in RENDERING whose render task is queued but never run."""
    job = upload_idle(upload)
    select(api, run, job)
    approve_all(api, run, job)
    tasks_backend("django.tasks.backends.dummy.DummyBackend")
    assert run(api.post, f"/api/v1/jobs/{job.pk}/approve/").status_code == 202
    return job


def test_the_time_left_comes_from_the_pace_so_far(api, upload, run, tasks_backend):
    job = rendering_job(api, upload, run, tasks_backend)
    current = state(api, job)
    assert current["stage"] == "RENDERING"
    assert (current["render_started_at"], current["eta_seconds"]) == (None, None)  # not started

    started = timezone.now() - timedelta(seconds=30)
    PromptRecord.objects.filter(job=job).update(render_started_at=started, heartbeat_at=started, progress=0)
    assert state(api, job)["eta_seconds"] is None  # started, but no pace yet

    # A quarter done after 20 s: three quarters to go at the same pace.
    PromptRecord.objects.filter(job=job).update(progress=25, heartbeat_at=started + timedelta(seconds=20))
    current = state(api, job)
    assert current["eta_seconds"] == 60
    assert current["render_started_at"] == started.isoformat()


def test_the_render_writes_its_progress_per_percent_not_per_frame(api, upload, run, tasks_backend, settings):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from director.tasks import render_task

    job = rendering_job(api, upload, run, tasks_backend)
    record = PromptRecord.objects.get(job=job)
    frames = round(sum(s["duration"] for s in record.scenes_data) * settings.STUDIO_RENDER_FPS)

    with CaptureQueriesContext(connection) as queries:
        assert render_task.call(str(record.pk), record.render_attempts) == "completed"

    beats = [q["sql"] for q in queries if q["sql"].startswith('UPDATE "vision_job_video_prompts" SET "progress"')]
    assert 10 <= len(beats) <= 100 + 2 * 60, len(beats)  # each percent once, plus a heartbeat every 0.5 s at most
    assert len(beats) < frames
    assert PromptRecord.objects.get(pk=record.pk).progress == 100


def test_a_finished_render_has_no_time_left(api, upload, run):
    job = upload_idle(upload)
    select(api, run, job)
    approve_all(api, run, job)
    assert run(api.post, f"/api/v1/jobs/{job.pk}/approve/").status_code == 202
    final = state(api, job)
    assert final["stage"] == "COMPLETED" and final["progress"] == 100
    assert final["eta_seconds"] is None and final["render_started_at"]


@pytest.mark.parametrize(
    "uploaded,named",
    [
        ("photo.png", 'inline; filename="photo.mp4"'),
        ("café.au.lait.png", "inline; filename*=utf-8''caf%C3%A9.au.lait.mp4"),
    ],
)
def test_the_video_is_named_after_the_upload_without_its_extension(api, upload, run, uploaded, named):
    png = photos.encode(photos.photo_image(), "PNG")
    job = upload_idle(lambda: upload(png, name=uploaded, content_type="image/png"))
    select(api, run, job)
    approve_all(api, run, job)
    assert run(api.post, f"/api/v1/jobs/{job.pk}/approve/").status_code == 202
    url = state(api, job)["video_url"]

    whole = api.get(url)
    assert whole.status_code == 200 and whole["Content-Disposition"] == named
    part = api.get(url, HTTP_RANGE="bytes=0-99")
    assert part.status_code == 206 and part["Content-Disposition"] == named


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("relaxed_rates")
def test_a_real_render_reports_progress_frame_by_frame(user, start_worker):
    client = client_for(user)
    job_id = storyboard_approved_with_no_worker(client, user, start_worker)
    assert client.post(f"/api/v1/jobs/{job_id}/approve/").status_code == 202
    # Frames large enough that the 3-scene render takes a few seconds, sampled as a poller would, but faster.
    start_worker(STUDIO_RENDER_WIDTH="640", STUDIO_RENDER_HEIGHT="360", STUDIO_RENDER_FPS="24")
    seen, deadline = [], time.monotonic() + 120
    while time.monotonic() < deadline:
        record = PromptRecord.objects.values("status", "progress").get(job_id=job_id)
        seen.append(record["progress"])
        if record["status"] != "rendering":
            break
        time.sleep(0.02)

    assert stage(client, job_id)["stage"] == "COMPLETED"
    assert seen == sorted(seen), "progress went backwards"
    distinct = sorted(set(seen))
    assert len(distinct) >= 10, distinct
    assert distinct[-1] == 100
