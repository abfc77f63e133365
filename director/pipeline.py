"""Every state change of a vision job and its prompt record, one function each.

Each function checks the current status in the database (a conditional UPDATE
or a row lock), so two racing requests can't both move a job; the loser gets a
StageConflict naming the current stage. Side effects (tasks, file deletion) run
after commit.
"""

import logging
from functools import partial

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from accounts.models import User
from director import tasks
from director.errors import (
    AttemptsExhausted,
    InsufficientCredits,
    InvalidRequest,
    NotFound,
    StageConflict,
    StaleVersion,
)
from director.models import MAX_RETRIES, JobStatus, PromptRecord, RecordStatus, VisionJob, upload_path
from director.stages import Stage, stage_of
from director.uploads import EXTENSIONS

log = logging.getLogger(__name__)

QUALITY_GATE = 7.0
MAX_SCENE_ATTEMPTS = 5
ACTIVE_RECORD_STATUSES = [
    RecordStatus.SCRIPTING,
    RecordStatus.QUALITY_FAILED,
    RecordStatus.REMASTERING,
    RecordStatus.REVIEWING,
    RecordStatus.RENDERING,
]


def _conflict(job, record, action):
    stage = stage_of(job, record)
    return StageConflict(f"Can't {action}: the job is in stage {stage}.", stage=stage)


def _locked_job(job):
    """The job's row, locked; a job deleted meanwhile is not found (never a 500)."""
    locked = VisionJob.objects.select_for_update().filter(pk=job.pk).first()
    if locked is None:
        raise NotFound("This job was deleted.")
    return locked


def _record_or_none(job):
    try:
        return job.prompt_record
    except PromptRecord.DoesNotExist:
        return None


def _delete_files_on_commit(names):
    names = [n for n in names if n]
    if names:
        transaction.on_commit(partial(delete_files, names))


def delete_files(names):
    for name in names:
        try:
            default_storage.delete(name)
        except OSError:
            log.warning("could not delete stored file %s", name)


# --- Upload and analysis -------------------------------------------------------


def create_job(*, user, image):
    """Store a validated image and create its job; The Eye runs after commit."""
    name = default_storage.save(upload_path(None, f"upload.{EXTENSIONS[image.mime_type]}"), ContentFile(image.data))
    try:
        with transaction.atomic():
            job = VisionJob(
                user=user,
                original_filename=image.filename,
                mime_type=image.mime_type,
                file_size=len(image.data),
                file_hash=image.sha256,
                width=image.width,
                height=image.height,
            )
            job.image.name = name
            job.save()
            transaction.on_commit(partial(tasks.enqueue_analysis, job.pk))
    except Exception:
        delete_files([name])
        raise
    return job


def cancel(*, job):
    """Cancel from any non-terminal stage, refunding whatever was charged."""
    with transaction.atomic():
        job = _locked_job(job)
        record = PromptRecord.objects.select_for_update().filter(job=job).first()
        if job.status in (JobStatus.PENDING, JobStatus.PROCESSING, JobStatus.FLAGGED) or (
            job.status == JobStatus.COMPLETED and record is None
        ):
            VisionJob.objects.filter(pk=job.pk).update(status=JobStatus.CANCELLED, updated_at=timezone.now())
        elif record is not None and job.status == JobStatus.COMPLETED and record.status in ACTIVE_RECORD_STATUSES:
            _refund(record)
            PromptRecord.objects.filter(pk=record.pk).update(
                status=RecordStatus.CANCELLED, version=F("version") + 1, updated_at=timezone.now()
            )
        else:
            raise _conflict(job, record, "cancel")
        job.refresh_from_db()
    return job


def retry(*, job):
    """Retry a failed analysis (at most 3 times) or a failed storyboard or render."""
    with transaction.atomic():
        job = _locked_job(job)
        record = PromptRecord.objects.select_for_update().filter(job=job).first()
        if job.status == JobStatus.FAILED:
            if job.retry_count >= MAX_RETRIES:
                raise StageConflict(
                    f"This analysis already failed {MAX_RETRIES + 1} times; upload the image again.",
                    stage=Stage.FAILED,
                )
            VisionJob.objects.filter(pk=job.pk).update(
                status=JobStatus.PENDING, retry_count=F("retry_count") + 1, error_message="", updated_at=timezone.now()
            )
            transaction.on_commit(partial(tasks.enqueue_analysis, job.pk))
        elif record is not None and record.status == RecordStatus.FAILED:
            scenes = record.scenes_data or []
            if scenes and all(s["status"] == "GREEN" for s in scenes):
                _charge_and_queue_render(record, scenes)
            else:
                PromptRecord.objects.filter(pk=record.pk).update(
                    status=RecordStatus.SCRIPTING, error_message="", version=F("version") + 1
                )
                transaction.on_commit(partial(tasks.enqueue_storyboard, record.pk))
        else:
            raise _conflict(job, record, "retry")
        job.refresh_from_db()
    return job


def job_file_names(job, record=None):
    """Every stored file of a job: its upload and, with its prompt record, the remaster, the video, the previews."""
    names = [job.image.name]
    if record is not None:
        names += [record.remastered_image.name, record.video.name]
        names += [s.get("preview_path") for s in record.scenes_data or []]
    return [name for name in names if name]


def delete_job(*, job):
    """Delete a job and its files, refunding a render it paid for.

    The job and its record are locked and read inside the transaction: an approve that commits first is seen
    (and refunded); one that comes later finds no job.
    """
    with transaction.atomic():
        job = VisionJob.objects.select_for_update().filter(pk=job.pk).first()
        if job is None:
            return
        record = PromptRecord.objects.select_for_update().filter(job=job).first()
        names = job_file_names(job, record)
        if record is not None and record.status == RecordStatus.RENDERING:
            _refund(record)
        VisionJob.objects.filter(pk=job.pk).delete()
        _delete_files_on_commit(names)


# --- The Lounge and the choice ---------------------------------------------------


def select_director(*, user, job, director_id, remaster=False):
    """IDLE -> QUALITY_CHECK, recording the choice; then the quality gate.

    The learning event, the profile update and the prompt record commit together.
    """
    from director.directors import get_director, recommended_engine
    from learning.services import lounge_pitches, record_selection

    with transaction.atomic():
        job = _locked_job(job)
        record = _record_or_none(job)
        if job.status != JobStatus.COMPLETED or record is not None:
            raise _conflict(job, record, "choose a director")
        shown = lounge_pitches(job, user) or []
        pitch = next((p for p in shown if p["director_id"] == director_id), None)
        if pitch is None:
            pitched = ", ".join(p["director_id"] for p in shown)
            raise InvalidRequest(f"'{director_id}' did not pitch for this job; choose one of: {pitched}.")
        director = get_director(director_id)
        analysis = job.analysis_data or {}
        status = RecordStatus.SCRIPTING
        if remaster:  # asked for, whatever the score
            status = RecordStatus.REMASTERING
        elif (job.quality_score or 0.0) < QUALITY_GATE:
            status = RecordStatus.QUALITY_FAILED
        try:
            with transaction.atomic():
                record = PromptRecord.objects.create(
                    job=job,
                    selected_director_id=director_id,
                    production_engine=pitch.get("recommended_engine")
                    or recommended_engine(director, pitch["biased_scores"]),
                    invariant_visual_summary=analysis.get("invariant_visual_summary", ""),
                    source_analysis=analysis,
                    status=status,
                    error_message=_quality_message(job) if status == RecordStatus.QUALITY_FAILED else "",
                )
        except IntegrityError:
            raise StageConflict("A director was already chosen for this job.", stage=Stage.QUALITY_CHECK) from None
        # Last, so the user's row lock and the weekly counter it bumps are held only until the commit.
        record_selection(user=user, job=job, shown=shown, chosen_id=director_id)
        if status == RecordStatus.SCRIPTING:
            transaction.on_commit(partial(tasks.enqueue_storyboard, record.pk))
        elif status == RecordStatus.REMASTERING:
            transaction.on_commit(partial(tasks.enqueue_remaster, record.pk))
    return record


def release_flagged(*, job):
    """FLAGGED -> the Lounge: staff looked at an image The Eye flagged and let it through."""
    with transaction.atomic():
        job = _locked_job(job)
        if job.status != JobStatus.FLAGGED:
            raise _conflict(job, _record_or_none(job), "release")
        VisionJob.objects.filter(pk=job.pk).update(
            status=JobStatus.COMPLETED, error_message="", updated_at=timezone.now()
        )
        job.refresh_from_db()
    return job


def _quality_message(job):
    issues = (job.analysis_data or {}).get("quality_issues") or []
    text = f"The Eye scored this image {job.quality_score:.1f}/10 for quality; {QUALITY_GATE:.0f} is needed."
    if issues:
        text += " " + " ".join(issues)
    return text + " Remaster it to continue."


def request_remaster(*, job):
    with transaction.atomic():
        record = PromptRecord.objects.select_for_update().select_related("job").filter(job=job).first()
        if record is None or record.status != RecordStatus.QUALITY_FAILED:
            raise _conflict(job, record, "remaster")
        PromptRecord.objects.filter(pk=record.pk).update(
            status=RecordStatus.REMASTERING, error_message="", version=F("version") + 1
        )
        transaction.on_commit(partial(tasks.enqueue_remaster, record.pk))
    record.refresh_from_db()
    return record


# --- Storyboard review --------------------------------------------------------------


def review_scene(*, job, scene_id, verdict, feedback, version):
    """GREEN approves; YELLOW rewrites with feedback; RED regenerates. Optimistic: stale versions get 412."""
    from director.scenes import rewrite_scene

    record = PromptRecord.objects.filter(job=job).first()
    if record is None or record.status != RecordStatus.REVIEWING:
        raise _conflict(job, record, "review a scene")
    if record.version != version:
        raise StaleVersion(
            f"The storyboard changed (version {record.version}, you sent {version}). Reload it and review again.",
            current_version=record.version,
        )
    scenes = [dict(s) for s in record.scenes_data]
    index = next((i for i, s in enumerate(scenes) if s["id"] == str(scene_id)), None)
    if index is None:
        raise NotFound("No scene with that id in this storyboard.")
    scene = scenes[index]
    new_files = []
    old_files = []
    if verdict == "GREEN":
        scene = {**scene, "status": "GREEN"}
    else:
        if scene["attempt_count"] >= MAX_SCENE_ATTEMPTS:
            raise AttemptsExhausted(
                f"Scene {scene['sequence_index']} has used all {MAX_SCENE_ATTEMPTS} rewrites; approve it (GREEN).",
                scene_id=scene["id"],
            )
        scene = rewrite_scene(record, scene, verdict=verdict, feedback=feedback)
        new_files.append(scene.get("preview_path"))
        old_files.append(scenes[index].get("preview_path"))
    scenes[index] = scene
    updated = PromptRecord.objects.filter(pk=record.pk, version=version, status=RecordStatus.REVIEWING).update(
        scenes_data=scenes, version=F("version") + 1, updated_at=timezone.now()
    )
    if not updated:
        delete_files(new_files)
        record.refresh_from_db()
        if record.status != RecordStatus.REVIEWING:
            raise _conflict(job, record, "review a scene")
        raise StaleVersion(
            f"The storyboard changed (version {record.version}, you sent {version}). Reload it and review again.",
            current_version=record.version,
        )
    delete_files(old_files)
    record.refresh_from_db()
    return record


# --- Production ------------------------------------------------------------------------


def approve(*, job):
    """STORYBOARD_REVIEW -> RENDERING: every scene GREEN, credits deducted once, render queued after commit."""
    with transaction.atomic():
        # Job, then record: the order delete_job and cancel lock them in.
        job = _locked_job(job)
        record = PromptRecord.objects.select_for_update().filter(job=job).first()
        if record is None or record.status != RecordStatus.REVIEWING:
            raise _conflict(job, record, "approve")
        scenes = record.scenes_data or []
        pending = [s["sequence_index"] for s in scenes if s["status"] != "GREEN"]
        if not scenes or pending:
            raise StageConflict(
                f"Every scene must be GREEN before approval; not yet: {', '.join(map(str, pending))}.",
                stage=Stage.STORYBOARD_REVIEW,
                scenes_not_green=pending,
            )
        _charge_and_queue_render(record, scenes)
        record.refresh_from_db()  # under the lock: a delete right after the commit can't make this fail
    return record


def cost_estimate(scenes):
    return len(scenes)


def _charge_and_queue_render(record, scenes):
    cost = cost_estimate(scenes)
    user_id = record.job.user_id
    charged = User.objects.filter(pk=user_id, credits_remaining__gte=cost).update(
        credits_remaining=F("credits_remaining") - cost
    )
    if not charged:
        have = User.objects.values_list("credits_remaining", flat=True).get(pk=user_id)
        raise InsufficientCredits(
            f"Rendering costs {cost} credits and you have {have}; {cost - have} more needed.",
            credits_needed=cost,
            credits_remaining=have,
            credits_missing=cost - have,
        )
    now = timezone.now()
    PromptRecord.objects.filter(pk=record.pk).update(
        status=RecordStatus.RENDERING,
        credits_used=cost,
        progress=0,
        render_attempts=F("render_attempts") + 1,
        render_started_at=None,
        heartbeat_at=now,
        error_message="",
        version=F("version") + 1,
        updated_at=now,
    )
    record.refresh_from_db(fields=["render_attempts"])
    transaction.on_commit(partial(tasks.enqueue_render, record.pk, record.render_attempts))


def _refund(record):
    """Give back what this record charged; called inside the transaction that moves its status."""
    if record.credits_used:
        User.objects.filter(pk=record.job.user_id).update(
            credits_remaining=F("credits_remaining") + record.credits_used
        )
        PromptRecord.objects.filter(pk=record.pk).update(credits_used=0)
        record.credits_used = 0


def fail_record(record_id, message, *, from_statuses):
    """Move a record to FAILED (refunding) if it is still in one of `from_statuses`."""
    with transaction.atomic():
        record = PromptRecord.objects.select_for_update().select_related("job").filter(pk=record_id).first()
        if record is None or record.status not in from_statuses:
            return False
        _refund(record)
        PromptRecord.objects.filter(pk=record.pk).update(
            status=RecordStatus.FAILED,
            error_message=message[:2000],
            version=F("version") + 1,
            updated_at=timezone.now(),
        )
    return True
