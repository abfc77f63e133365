"""The watchdog clears what a killed render leaves behind: its scratch files and its task result left RUNNING."""

import os
import time
from datetime import timedelta

import pytest
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max

from director.models import JobStatus, PromptRecord, RecordStatus
from director.tasks import find_stuck_work
from tests.jobs import make_job

pytestmark = pytest.mark.django_db

STALL = 90


@pytest.fixture(autouse=True)
def stall(settings):
    settings.STUDIO_RENDER_STALL_SECONDS = STALL
    settings.STUDIO_STEP_TIMEOUT_SECONDS = 600


def rendering(user, *, started_ago, beat_ago, attempts=1):
    now = timezone.now()
    return PromptRecord.objects.create(
        job=make_job(user, status=JobStatus.COMPLETED),
        selected_director_id="provocateur",
        status=RecordStatus.RENDERING,
        render_attempts=attempts,
        render_started_at=now - timedelta(seconds=started_ago),
        heartbeat_at=now - timedelta(seconds=beat_ago),
    )


def scratch(media_root, name, age):
    folder = media_root / "tmp"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(b"\0" * 1024)
    stamp = time.time() - age
    os.utime(path, (stamp, stamp))
    return path


def running_result(task_path, args, started_ago):
    return DBTaskResult.objects.create(
        status=TaskResultStatus.RUNNING,
        started_at=timezone.now() - timedelta(seconds=started_ago),
        worker_ids=["killed-worker"],
        args_kwargs={"args": args, "kwargs": {}},
        task_path=task_path,
        backend_name="default",
        run_after=get_date_max(),
    )


def test_it_deletes_the_scratch_files_of_a_dead_render(media_root):
    video = scratch(media_root, "tmpa1b2c3.mp4", age=STALL + 30)
    part = scratch(media_root, "tmpa1b2c3.mp4.part", age=STALL + 5)
    fresh = scratch(media_root, "tmpd4e5f6.mp4.part", age=5)
    other = scratch(media_root, "notes.txt", age=10 * STALL)
    counts = find_stuck_work()
    assert counts["temp_files_deleted"] == 2
    assert not video.exists() and not part.exists()
    assert fresh.exists() and other.exists()


def test_it_keeps_the_files_of_a_render_still_in_progress(media_root, user):
    # A long render started 5 minutes ago: its placeholder .mp4 has not been written since, yet it is live.
    rendering(user, started_ago=300, beat_ago=2)
    placeholder = scratch(media_root, "tmplive.mp4", age=299)
    part = scratch(media_root, "tmplive.mp4.part", age=1)
    dead = scratch(media_root, "tmpdead.mp4.part", age=400)  # written last before the live render started
    assert find_stuck_work()["temp_files_deleted"] == 1
    assert placeholder.exists() and part.exists()
    assert not dead.exists()


def test_no_scratch_folder_is_nothing_to_do(media_root):
    assert not (media_root / "tmp").exists()
    assert find_stuck_work()["temp_files_deleted"] == 0


def test_it_fails_the_task_results_a_killed_worker_left_running(user, tasks_backend):
    tasks_backend("django.tasks.backends.dummy.DummyBackend")  # the re-queued render is not run here
    render = "director.tasks.render_task"
    requeued = rendering(user, started_ago=200, beat_ago=STALL + 10, attempts=1)
    live = rendering(user, started_ago=500, beat_ago=3, attempts=2)
    dead_render = running_result(render, [str(requeued.pk), 1], started_ago=200)
    live_render = running_result(render, [str(live.pk), 2], started_ago=500)
    gone_render = running_result(render, ["not-a-record", 1], started_ago=200)
    dead_analysis = running_result("director.tasks.analyze_task", ["x"], started_ago=700)
    slow_analysis = running_result("director.tasks.analyze_task", ["y"], started_ago=STALL + 100)
    starting = running_result(render, [str(requeued.pk), 2], started_ago=1)  # just claimed by a worker

    counts = find_stuck_work()

    assert counts["requeued"] == 1  # the stalled render, as before
    assert counts["task_results_failed"] == 3
    statuses = {r.pk: r.status for r in DBTaskResult.objects.all()}
    for failed in (dead_render, gone_render, dead_analysis):
        assert statuses[failed.pk] == TaskResultStatus.FAILED
    for alive in (live_render, slow_analysis, starting):
        assert statuses[alive.pk] == TaskResultStatus.RUNNING
    lost = DBTaskResult.objects.get(pk=dead_render.pk)
    assert lost.finished_at is not None
    assert lost.task_result.errors[0].exception_class_path == "director.tasks.WorkerLost"
    assert "worker running this task stopped" in lost.traceback
