"""Background work: analysis, remaster, storyboard, render, and the watchdog.

Each task is a thin wrapper: it claims its work with a transition (director.transitions, a conditional UPDATE),
does the work (director.lounge, director.scenes, director.production) and moves the row on with another
transition, so a task that runs twice (two workers, a re-queue) does the work once, and a job cancelled
meanwhile is left alone.

Task paths are stored in the task queue (DBTaskResult.task_path): renaming a task needs a migration that
renames the waiting rows (director/migrations/0004_rename_queued_tasks.py did analyze_job and
write_storyboard_task).
"""

import logging
import os
import time
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import router, transaction
from django.db.models import Min, Q
from django.tasks import DEFAULT_TASK_BACKEND_ALIAS, TaskResultStatus, task, task_backends
from django.tasks.signals import task_enqueued
from django.utils import timezone
from django.utils.json import normalize_json
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from director import transitions
from director.files import delete_files, mask_name, store_mask
from director.lounge import analyze_and_pitch, reuse_analysis
from director.models import PromptRecord, RecordStatus, VisionJob, render_path
from director.production import render_video
from director.scenes import remaster, write_storyboard
from studio_project.periodic import schedule_next

log = logging.getLogger(__name__)


def after_commit(enqueue, *args):
    """Queue a task (`enqueue(*args)`, one of the enqueue_* below) so that it runs only once the current
    transaction has committed.

    With the database backend (django_tasks_db, its rows in the database the change is written to) the task's
    row is written now, in the same transaction: a worker sees it only once the change it follows is committed,
    the two commit together (one flush of the write-ahead log, not two), and a rollback takes the task with it.
    Any other backend (in tests, the immediate one runs the task at once) is called after the commit.
    """
    if _queue_in_transaction():
        enqueue(*args)
    else:
        transaction.on_commit(partial(enqueue, *args))


def _queue_in_transaction():
    connection = transaction.get_connection()
    return (
        connection.in_atomic_block
        and isinstance(task_backends[DEFAULT_TASK_BACKEND_ALIAS], DatabaseBackend)
        and router.db_for_write(DBTaskResult) == connection.alias
    )


def queued_row(enqueue, record_id):
    """The task row `enqueue(record_id)` (enqueue_storyboard or enqueue_remaster) would write now, built and not
    saved, and the function to call once it is saved; None when after_commit would queue after the commit instead.

    For a caller that writes the row with others in one statement (director.commands.select_director). The row is
    the one django-tasks-db's DatabaseBackend.enqueue creates: the task validated, the fields its _task_to_db_task
    gives the row, the task_enqueued signal sent once it is written. tests/director/test_choice_statement.py
    compares the two rows column by column, so an upgrade of the library that changes them fails there.
    """
    if not _queue_in_transaction():
        return None
    task = {enqueue_storyboard: storyboard_task, enqueue_remaster: remaster_task}[enqueue]
    backend = task.get_backend()
    row_id = backend._get_id()
    if hasattr(row_id, "resolve_expression"):  # an id_function the database fills in: the backend's own insert
        return None
    backend.validate_task(task)
    row = DBTaskResult(
        id=row_id,
        args_kwargs=normalize_json({"args": (str(record_id),), "kwargs": {}}),
        priority=task.priority,
        task_path=task.module_path,
        queue_name=task.queue_name,
        run_after=task.run_after,
        backend_name=backend.alias,
    )

    def enqueued():
        task_enqueued.send(type(backend), task_result=row.task_result)

    return row, enqueued


def enqueue_analysis(job_id):
    analyze_task.enqueue(str(job_id))


def enqueue_storyboard(record_id):
    storyboard_task.enqueue(str(record_id))


def enqueue_remaster(record_id):
    remaster_task.enqueue(str(record_id))


def enqueue_render(record_id, attempt):
    render_task.enqueue(str(record_id), attempt)


# --- The Eye and the Lounge ---------------------------------------------------------

# Integrity below this flags the job and keeps the Lounge shut. The original flagged below 0.4; on this Eye's
# scale a blank frame scores exactly 0.40 (its near-uniformity term alone), while the committed photos score 1.0
# and their darkened or JPEG-wrecked variants no less than 0.47 (docs/the-eye.md).
FLAG_INTEGRITY_BELOW = 0.45


@task
def analyze_task(job_id):
    if not transitions.claim_analysis(job_id):
        return "skipped"
    job = VisionJob.objects.select_related("user").get(pk=job_id)
    source = VisionJob.objects.analysis_to_reuse(job, timezone.now())
    try:
        if source:
            analysis, pitches = reuse_analysis(job, source)
            mask_file = mask_name(job.image.name)  # copied beside this upload when the earlier one had one
        else:
            analysis, pitches, mask = analyze_and_pitch(job)
            # The mask is in place before the job shows its analysis, so whoever reads one finds the other.
            mask_file = store_mask(job.image.name, mask) if mask is not None else None
    except Exception as exc:  # any failure of the engine is a failed analysis, never placeholders
        log.exception("analysis failed for job %s", job_id)
        transitions.fail_analysis(job_id, f"The Eye could not analyse this image: {exc}")
        return "failed"
    flagged = analysis["integrity"] < FLAG_INTEGRITY_BELOW
    message = flag_message(analysis) if flagged else ""
    reused_from = source.pk if source else None
    if not transitions.finish_analysis(
        job_id, analysis, pitches, flagged=flagged, message=message, reused_from=reused_from
    ):
        delete_files([mask_file])  # cancelled or deleted meanwhile: its files went with it, this one too
        return "cancelled"
    if flagged:
        log.warning("job %s flagged: integrity %.2f", job_id, analysis["integrity"])
    return "flagged" if flagged else "completed"


def flag_message(analysis):
    issues = " ".join(analysis.get("quality_issues") or [])
    text = (
        f"The Eye flagged this image: its integrity is {analysis['integrity']:.2f} of 1 "
        f"({FLAG_INTEGRITY_BELOW} is needed), so it does not look like an intact picture."
    )
    if issues:
        text += f" {issues}"
    return text + " Upload another image, or ask support to release this one."


# --- Storyboard and remaster --------------------------------------------------------------


def _finish_storyboard(record, scenes, from_status, **extra):
    if transitions.finish_storyboard(record, scenes, from_status, **extra):
        return "reviewing"
    delete_files([s.get("preview_path") for s in scenes] + [extra.get("remastered_image")])
    return "cancelled"


@task
def storyboard_task(record_id):
    record = PromptRecord.objects.select_related("job").filter(pk=record_id, status=RecordStatus.SCRIPTING).first()
    if record is None:
        return "skipped"
    try:
        scenes = write_storyboard(record)
    except Exception as exc:
        log.exception("storyboard failed for record %s", record_id)
        transitions.fail_record(
            record_id, f"The storyboard could not be written: {exc}", from_statuses=[RecordStatus.SCRIPTING]
        )
        return "failed"
    return _finish_storyboard(record, scenes, RecordStatus.SCRIPTING)


@task
def remaster_task(record_id):
    record = PromptRecord.objects.select_related("job").filter(pk=record_id, status=RecordStatus.REMASTERING).first()
    if record is None:
        return "skipped"
    name = None
    try:
        name, image, analysis = remaster(record)
        record.remastered_image.name = name
        record.is_remastered = True
        record.source_analysis = {**(record.job.analysis_data or {}), **analysis}
        # The gate again, on The Eye's score of the remastered image: below it the user decides.
        if analysis["quality"] < transitions.QUALITY_GATE:
            message = transitions.remastered_quality_message(record.job, analysis)
            if transitions.remaster_below_gate(record, name, record.source_analysis, message):
                return "quality_failed"
            delete_files([name])
            return "cancelled"
        scenes = write_storyboard(record, image=image)
    except Exception as exc:
        log.exception("remaster failed for record %s", record_id)
        delete_files([name])
        transitions.fail_record(record_id, f"The remaster failed: {exc}", from_statuses=[RecordStatus.REMASTERING])
        return "failed"
    return _finish_storyboard(
        record,
        scenes,
        RecordStatus.REMASTERING,
        remastered_image=name,
        is_remastered=True,
        source_analysis=record.source_analysis,
        invariant_visual_summary=analysis.get("invariant_visual_summary", record.invariant_visual_summary),
    )


# --- Production ------------------------------------------------------------------------------


class RenderAbandoned(Exception):
    """The record left RENDERING (cancelled, or re-queued by the watchdog) while this render ran."""


def _heartbeat(record_id, attempt):
    """The render's progress callback, called per frame: it writes when the percentage moved or half a second
    passed (the heartbeat, and the check that the render is still this attempt's), not once per frame."""
    written = {"percent": -1, "at": 0.0}

    def progress(done, total):
        percent = min(99, int(done * 100 / max(total, 1)))
        now = time.monotonic()
        if percent == written["percent"] and now - written["at"] < 0.5:
            return
        if not transitions.beat_render(record_id, attempt, percent):
            raise RenderAbandoned()
        written.update(percent=percent, at=now)

    return progress


@task
def render_task(record_id, attempt):
    """Claim this attempt's render, render the video, and finish: COMPLETED, or FAILED with the credits back."""
    if not transitions.claim_render(record_id, attempt):
        return "skipped"
    record = PromptRecord.objects.select_related("job").get(pk=record_id)
    name = render_path(None, "video.mp4")
    try:
        name = render_video(record, name, progress=_heartbeat(record_id, attempt))
        if not transitions.finish_render(record_id, attempt, name):
            raise RenderAbandoned()
        return "completed"
    except RenderAbandoned:
        delete_files([name])
        return "abandoned"
    except Exception as exc:
        log.exception("render failed for record %s", record_id)
        delete_files([name])
        message = f"The render failed: {exc}"
        if isinstance(exc, OSError) and exc.errno == 28:
            message = "The render failed: the video could not be stored (disk full). Your credits were refunded."
        if transitions.still_rendering(record_id, attempt).exists():
            transitions.fail_record(record_id, message, from_statuses=[RecordStatus.RENDERING])
        return "failed"


# --- Watchdog ------------------------------------------------------------------------------------


class WorkerLost(Exception):
    """The worker running a task stopped (killed, or its machine went away) before the task finished."""


def find_stuck_work():
    """Re-queue or fail work whose worker died, and clear what it left behind. Returns counts per action."""
    now = timezone.now()
    stall = timedelta(seconds=settings.STUDIO_RENDER_STALL_SECONDS)
    counts = {"requeued": 0, "failed": 0, "analyses_failed": 0, "storyboards_failed": 0}
    stuck = PromptRecord.objects.filter(status=RecordStatus.RENDERING, heartbeat_at__lt=now - stall)
    for record in stuck.only("pk", "render_attempts"):
        if record.render_attempts < settings.STUDIO_MAX_RENDER_ATTEMPTS:
            if transitions.requeue_render(record.pk, record.render_attempts, now):
                enqueue_render(record.pk, record.render_attempts + 1)
                counts["requeued"] += 1
        elif transitions.fail_record(
            record.pk,
            "The render stopped responding and was stopped. Your credits were refunded; retry to render again.",
            from_statuses=[RecordStatus.RENDERING],
        ):
            counts["failed"] += 1
    slow = now - timedelta(seconds=settings.STUDIO_STEP_TIMEOUT_SECONDS)
    counts["analyses_failed"] = transitions.fail_interrupted_analyses(slow, now)
    for record_id in PromptRecord.objects.filter(
        Q(status=RecordStatus.SCRIPTING) | Q(status=RecordStatus.REMASTERING), updated_at__lt=slow
    ).values_list("pk", flat=True):
        if transitions.fail_record(
            record_id,
            "Writing the storyboard was interrupted; retry it.",
            from_statuses=[RecordStatus.SCRIPTING, RecordStatus.REMASTERING],
        ):
            counts["storyboards_failed"] += 1
    counts["temp_files_deleted"] = delete_stale_render_files(now, stall)
    counts["task_results_failed"] = fail_lost_task_results(now, stall, slow)
    return counts


def delete_stale_render_files(now, stall):
    """Delete the scratch files (MEDIA_ROOT/tmp: the .mp4 and PyAV's .mp4.part) of renders whose worker died.

    A file is stale when it has not been written for the stall time and is older than the start of every
    render still in progress (a live render creates its files after it starts).
    """
    cutoff = now - stall
    live = PromptRecord.objects.filter(status=RecordStatus.RENDERING, render_started_at__isnull=False)
    first_live = live.aggregate(first=Min("render_started_at"))["first"]
    if first_live is not None:
        cutoff = min(cutoff, first_live - timedelta(seconds=1))
    try:
        entries = list(os.scandir(os.path.join(settings.MEDIA_ROOT, "tmp")))
    except FileNotFoundError:
        return 0
    deleted = 0
    for entry in entries:
        if not entry.name.endswith((".mp4", ".part")) or not entry.is_file(follow_symlinks=False):
            continue
        try:
            if entry.stat().st_mtime < cutoff.timestamp():
                os.unlink(entry.path)
                deleted += 1
        except FileNotFoundError:  # its render finished meanwhile
            continue
    return deleted


def _render_is_alive(args_kwargs, now, stall):
    args, kwargs = args_kwargs.get("args") or [], args_kwargs.get("kwargs") or {}
    record_id = args[0] if args else kwargs.get("record_id")
    attempt = args[1] if len(args) > 1 else kwargs.get("attempt")
    try:
        return transitions.still_rendering(record_id, attempt).filter(heartbeat_at__gte=now - stall).exists()
    except (ValueError, TypeError, ValidationError):
        return False


def fail_lost_task_results(now, stall, slow):
    """Mark FAILED the task results left RUNNING by a worker that died.

    A render's is lost when its render no longer heartbeats (or was re-queued, failed or cancelled);
    any other task's when it has run longer than STUDIO_STEP_TIMEOUT_SECONDS.
    """
    running = DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING, started_at__lt=now - stall)
    lost = [
        result.pk
        for result in running.only("pk", "task_path", "args_kwargs", "started_at")
        if not (
            _render_is_alive(result.args_kwargs, now, stall)
            if result.task_path == render_task.module_path
            else result.started_at >= slow
        )
    ]
    if not lost:
        return 0
    return DBTaskResult.objects.filter(pk__in=lost, status=TaskResultStatus.RUNNING).update(
        status=TaskResultStatus.FAILED,
        finished_at=now,
        return_value=None,
        exception_class_path=f"{WorkerLost.__module__}.{WorkerLost.__qualname__}",
        traceback="The worker running this task stopped before it finished; the watchdog marked it failed.",
    )


@task
def watchdog_task(reschedule=True):
    """Find stuck work; the next run is queued first, so neither an error nor a killed worker ends the chain."""
    if reschedule:
        schedule_next(watchdog_task, timezone.now() + timedelta(seconds=settings.STUDIO_WATCHDOG_INTERVAL))
    return find_stuck_work()
