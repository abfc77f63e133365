"""Every state change of a vision job and its prompt record, one function each.

Each function checks the current status in the database (a conditional UPDATE or a row lock), so two racing
requests or workers can't both move a job. Functions a user's request calls raise StageConflict naming the
current stage; those a worker calls return whether the row moved. Nothing here enqueues a task or touches a
file: director.commands adds what runs on commit, director.tasks the work.
"""

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from accounts.models import User
from audit import services as audit
from audit.models import AuditAction
from director import styles
from director.directors import get_director, recommended_engine
from director.errors import InsufficientCredits, InvalidRequest, NotFound, StageConflict
from director.files import job_file_names
from director.lock import build_lock
from director.models import (
    MAX_RETRIES,
    JobStatus,
    PromptRecord,
    RecordStatus,
    SceneStatus,
    VisionJob,
    record_of,
)
from director.queries import job_with_record
from director.stages import Stage, stage_of
from learning.services import lounge_pitches
from studio_project.db import update_where

QUALITY_GATE = 7.0
ACTIVE_RECORD_STATUSES = [
    RecordStatus.SCRIPTING,
    RecordStatus.QUALITY_FAILED,
    RecordStatus.REMASTERING,
    RecordStatus.REVIEWING,
    RecordStatus.RENDERING,
]


def conflict(job, record, action):
    stage = stage_of(job, record)
    return StageConflict(f"Can't {action}: the job is in stage {stage}.", stage=stage)


def locked_job(job):
    """The job's row, locked; a job deleted meanwhile is not found (never a 500)."""
    locked = VisionJob.objects.select_for_update().filter(pk=job.pk).first()
    if locked is None:
        raise NotFound("This job was deleted.")
    return locked


def _locked_job_and_record(user, job_id):
    """`user`'s job and the user's row, locked, and the job's prompt record (None before a director is chosen), in
    one statement; the locked owner is `job.user`. Another user's job, or one deleted, is not found."""
    assert transaction.get_connection().in_atomic_block, "a row lock lasts only inside a transaction"
    locked = job_with_record(user, job_id, lock=True)
    if locked is None:
        raise NotFound("Not found.")  # the body of every 404 for an id that is not the user's
    return locked, record_of(locked)


def _locked_record(job):
    return PromptRecord.objects.select_for_update().filter(job=job).first()


def cost_estimate(job, scenes):
    """One credit a scene: the storyboard's scenes (the brief's scene_count, as written), or before the
    storyboard exists the scene_count the director will write."""
    return len(scenes) if scenes else job.scene_count


def _refund(record, why, request=None):
    """Give back what this record charged; called inside the transaction that moves its status."""
    if record.credits_used:
        User.objects.filter(pk=record.job.user_id).update(
            credits_remaining=F("credits_remaining") + record.credits_used
        )
        PromptRecord.objects.filter(pk=record.pk).update(credits_used=0)
        audit.record(
            AuditAction.REFUND,
            user=record.job.user_id,
            entity=record.job,
            details={"credits": record.credits_used, "why": why},
            request=request,
        )
        record.credits_used = 0


def _charge_for_render(record, scenes, request=None):
    """-> RENDERING, charging the user once; returns the render attempt to queue. Caller holds the record's lock."""
    cost = cost_estimate(record.job, scenes)
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
    record.refresh_from_db()
    audit.record(
        AuditAction.CHARGE,
        user=user_id,
        entity=record.job,
        details={"credits": cost, "scenes": len(scenes), "render_attempt": record.render_attempts},
        request=request,
    )
    return record.render_attempts


# --- Analysis (workers) ------------------------------------------------------------------


def claim_analysis(job_id):
    """PENDING -> PROCESSING; False when another worker claimed it or the job left PENDING."""
    return bool(
        VisionJob.objects.filter(pk=job_id, status=JobStatus.PENDING).update(
            status=JobStatus.PROCESSING, updated_at=timezone.now()
        )
    )


def finish_analysis(job_id, analysis, pitches, *, flagged, message="", reused_from=None):
    """PROCESSING -> COMPLETED (the Lounge) or FLAGGED; False when the job was cancelled meanwhile.

    `reused_from` is the earlier job whose analysis was copied instead of running The Eye.
    """
    now = timezone.now()
    return bool(
        VisionJob.objects.filter(pk=job_id, status=JobStatus.PROCESSING).update(
            analysis_reused_from_id=reused_from,
            status=JobStatus.FLAGGED if flagged else JobStatus.COMPLETED,
            analysis_data=analysis,
            pitches=pitches,
            physics_score=analysis["physics"],
            vibe_score=analysis["vibe"],
            logic_score=analysis["logic"],
            quality_score=analysis["quality"],
            integrity_score=analysis["integrity"],
            error_message=message,
            processed_at=now,
            updated_at=now,
        )
    )


def fail_analysis(job_id, message):
    """PROCESSING -> FAILED; False when the job left PROCESSING."""
    return bool(
        VisionJob.objects.filter(pk=job_id, status=JobStatus.PROCESSING).update(
            status=JobStatus.FAILED, error_message=message, updated_at=timezone.now()
        )
    )


def fail_interrupted_analyses(before, now):
    """PROCESSING -> FAILED for every analysis not heard from since `before`; returns how many."""
    return VisionJob.objects.filter(status=JobStatus.PROCESSING, updated_at__lt=before).update(
        status=JobStatus.FAILED, error_message="The analysis was interrupted; retry it.", updated_at=now
    )


# --- User requests ------------------------------------------------------------------------


def open_lounge(job):
    """Note when the owner was first served the pitches (once: later reads leave the first time)."""
    if job.lounge_opened_at is None:
        now = timezone.now()
        if VisionJob.objects.filter(pk=job.pk, lounge_opened_at__isnull=True).update(lounge_opened_at=now):
            job.lounge_opened_at = now


def release_flagged(job, request=None):
    """FLAGGED -> COMPLETED (the Lounge): staff looked at an image The Eye flagged and let it through."""
    with transaction.atomic():
        job = locked_job(job)
        if job.status != JobStatus.FLAGGED:
            raise conflict(job, record_of(job), "release")
        VisionJob.objects.filter(pk=job.pk).update(
            status=JobStatus.COMPLETED, error_message="", updated_at=timezone.now()
        )
        audit.record(
            AuditAction.RELEASE,
            user=job.user_id,
            entity=job,
            details={"integrity": job.integrity_score},
            request=request,
        )
        job.refresh_from_db()
    return job


def cancel(job, request=None):
    """Any non-terminal stage -> CANCELLED, refunding whatever was charged."""
    with transaction.atomic():
        job = locked_job(job)
        record = _locked_record(job)
        stage = stage_of(job, record)
        if job.status in (JobStatus.PENDING, JobStatus.PROCESSING, JobStatus.FLAGGED) or (
            job.status == JobStatus.COMPLETED and record is None
        ):
            VisionJob.objects.filter(pk=job.pk).update(status=JobStatus.CANCELLED, updated_at=timezone.now())
        elif record is not None and job.status == JobStatus.COMPLETED and record.status in ACTIVE_RECORD_STATUSES:
            _refund(record, "cancel", request)
            PromptRecord.objects.filter(pk=record.pk).update(
                status=RecordStatus.CANCELLED, version=F("version") + 1, updated_at=timezone.now()
            )
        else:
            raise conflict(job, record, "cancel")
        audit.record(AuditAction.CANCEL, user=job.user_id, entity=job, details={"from_stage": stage}, request=request)
        job.refresh_from_db()
    return job


class Retried:
    """What a retry moved, so the caller queues the matching task: "analysis", "storyboard" or "render"."""

    def __init__(self, job, step, record=None, attempt=None):
        self.job, self.step, self.record, self.attempt = job, step, record, attempt


def retry(job, request=None):
    """FAILED -> PENDING (an analysis, at most MAX_RETRIES times), SCRIPTING (a storyboard) or RENDERING."""
    with transaction.atomic():
        job = locked_job(job)
        record = _locked_record(job)
        if job.status == JobStatus.FAILED:
            if job.retry_count >= MAX_RETRIES:
                raise StageConflict(
                    f"This analysis already failed {MAX_RETRIES + 1} times; upload the image again.",
                    stage=Stage.FAILED,
                )
            VisionJob.objects.filter(pk=job.pk).update(
                status=JobStatus.PENDING, retry_count=F("retry_count") + 1, error_message="", updated_at=timezone.now()
            )
            result = Retried(job, "analysis")
        elif record is not None and record.status == RecordStatus.FAILED:
            scenes = record.scenes_data or []
            if scenes and all(s["status"] == SceneStatus.GREEN for s in scenes):
                result = Retried(job, "render", record, _charge_for_render(record, scenes, request))
            else:
                PromptRecord.objects.filter(pk=record.pk).update(
                    status=RecordStatus.SCRIPTING, error_message="", version=F("version") + 1
                )
                result = Retried(job, "storyboard", record)
        else:
            raise conflict(job, record, "retry")
        audit.record(AuditAction.RETRY, user=job.user_id, entity=job, details={"step": result.step}, request=request)
        job.refresh_from_db()
    return result


def delete_job(job):
    """Delete a job, refunding a render it paid for; returns the stored files to delete, or None if already gone.

    The job and its record are locked and read inside the transaction: an approve that commits first is seen
    (and refunded); one that comes later finds no job.
    """
    with transaction.atomic():
        job = VisionJob.objects.select_for_update().filter(pk=job.pk).first()
        if job is None:
            return None
        record = _locked_record(job)
        names = job_file_names(job, record)
        if record is not None and record.status == RecordStatus.RENDERING:
            _refund(record, "delete")
        VisionJob.objects.filter(pk=job.pk).delete()
    return names


def _quality_message(job):
    issues = (job.analysis_data or {}).get("quality_issues") or []
    text = f"The Eye scored this image {job.quality_score:.1f}/10 for quality; {QUALITY_GATE:.0f} is needed."
    if issues:
        text += " " + " ".join(issues)
    return text + " Remaster it to continue."


def choose(*, user, job_id, director_id, remaster=False, style_id=None, request=None):
    """The prompt record an IDLE job gets when `user` chooses `director_id` for their own job `job_id` (anyone
    else's is NotFound), built and not yet saved: SCRIPTING, QUALITY_FAILED (below the quality gate) or
    REMASTERING (asked for). Returns (record, pitches shown).

    Runs inside the caller's transaction, which saves the record and records the choice with it (director.commands
    .select_director writes both in one statement). The job's row and its owner's are read and locked together
    (the order delete_job, cancel and approve take them in: job, then user); `record.job.user` is the owner as
    locked, for learning.services.learned_choice. The job's lock makes a second record impossible; should the
    database refuse one anyway, the caller's whole transaction is rolled back (director.commands.select_director
    answers that as a StageConflict). A remaster asked with the choice writes its audit row here.
    """
    assert transaction.get_connection().in_atomic_block, "choose must run inside a transaction"
    job, record = _locked_job_and_record(user, job_id)
    if job.status != JobStatus.COMPLETED or record is not None:
        raise conflict(job, record, "choose a director")
    if style_id:  # after the job's lookup and stage: another's job is a 404, a chosen one a 409, as without a preset
        styles.check_allowed(style_id, job.user.plan)  # a 403 naming the plan that includes it
    shown = lounge_pitches(job, job.user) or []
    pitch = next((p for p in shown if p["director_id"] == director_id), None)
    if pitch is None:
        pitched = ", ".join(p["director_id"] for p in shown)
        raise InvalidRequest(f"'{director_id}' did not pitch for this job; choose one of: {pitched}.")
    analysis = job.analysis_data or {}
    # The preset, chosen or picked by keywords, is part of the lock's visual identity from the start.
    style_id = style_id or styles.pick_style(analysis, job.brand_essence, job.user.plan)
    status = RecordStatus.SCRIPTING
    if remaster:  # asked for, whatever the score
        status = RecordStatus.REMASTERING
    elif (job.quality_score or 0.0) < QUALITY_GATE:
        status = RecordStatus.QUALITY_FAILED
    record = PromptRecord(
        job=job,
        selected_director_id=director_id,
        production_engine=pitch.get("recommended_engine")
        or recommended_engine(get_director(director_id), pitch["biased_scores"]),
        invariant_visual_summary=(analysis.get("localised") or {}).get("summary")  # in the job's language
        or analysis.get("invariant_visual_summary", ""),
        source_analysis=analysis,
        selected_style_id=style_id,
        brand_semantic_lock=build_lock(
            job=job, director_id=director_id, pitch=pitch, analysis=analysis, style_id=style_id
        ),
        status=status,
        error_message=_quality_message(job) if status == RecordStatus.QUALITY_FAILED else "",
    )
    VisionJob.prompt_record.related.set_cached_value(job, record)  # job.prompt_record is the record just made
    if remaster:
        audit.record(
            AuditAction.REMASTER,
            user=job.user_id,
            entity=job,
            details={"director_id": director_id, "asked": "with the choice"},
            request=request,
        )
    return record, shown


def _scores(job, record):
    after = (record.source_analysis or {}).get("quality")
    return f"{job.quality_score or 0.0:.1f} before the remaster, {after or 0.0:.1f} after"


def remastered_quality_message(job, analysis):
    """Why a remastered image is still below the gate, and what the user can do: go on, or cancel."""
    issues = analysis.get("quality_issues") or []
    text = (
        f"Remastered, the image scores {analysis['quality']:.1f}/10 for quality "
        f"(it was {job.quality_score or 0.0:.1f}); {QUALITY_GATE:.0f} is needed."
    )
    if issues:
        text += " " + " ".join(issues)
    return text + " Continue anyway to write the storyboard from the remastered image, or cancel."


def request_remaster(job, request=None):
    """QUALITY_FAILED -> REMASTERING, once: a remastered image that is still below the gate is not remastered again."""
    with transaction.atomic():
        record = PromptRecord.objects.select_for_update().select_related("job").filter(job=job).first()
        if record is None or record.status != RecordStatus.QUALITY_FAILED:
            raise conflict(job, record, "remaster")
        if record.is_remastered:
            raise StageConflict(
                f"This image was remastered already (quality {_scores(record.job, record)}); a second remaster "
                "would not add what the first could not. Continue below the quality gate (POST continue/) or cancel.",
                stage=Stage.QUALITY_FAILED,
            )
        PromptRecord.objects.filter(pk=record.pk).update(
            status=RecordStatus.REMASTERING, error_message="", version=F("version") + 1
        )
        audit.record(
            AuditAction.REMASTER,
            user=record.job.user_id,
            entity=record.job,
            details={"director_id": record.selected_director_id, "quality": record.job.quality_score},
            request=request,
        )
    record.refresh_from_db()
    return record


def continue_below_gate(job, request=None):
    """QUALITY_FAILED after the remaster -> SCRIPTING: the user asked to go on with the remastered image."""
    with transaction.atomic():
        record = PromptRecord.objects.select_for_update().select_related("job").filter(job=job).first()
        if record is None or record.status != RecordStatus.QUALITY_FAILED:
            raise conflict(job, record, "continue below the quality gate")
        if not record.is_remastered:
            raise StageConflict(
                "Can't continue below the quality gate before the remaster: remaster the image first "
                "(POST remaster/), or cancel.",
                stage=Stage.QUALITY_FAILED,
            )
        PromptRecord.objects.filter(pk=record.pk).update(
            status=RecordStatus.SCRIPTING, error_message="", version=F("version") + 1, updated_at=timezone.now()
        )
        audit.record(
            AuditAction.CONTINUE,
            user=record.job.user_id,
            entity=record.job,
            details={
                "director_id": record.selected_director_id,
                "quality": record.job.quality_score,
                "remastered_quality": (record.source_analysis or {}).get("quality"),
            },
            request=request,
        )
    record.refresh_from_db()
    return record


def save_review(record, scenes, version):
    """A reviewed storyboard (REVIEWING stays REVIEWING, version + 1); False when the version or status moved.

    On success `record` holds what was stored (its scenes, version and updated_at), so it need not be read again.
    """
    now = timezone.now()
    saved = update_where(
        transaction.get_connection(),
        PromptRecord,
        record.pk,
        {"scenes_data": scenes, "updated_at": now},
        increment=("version",),
        where={"version": version, "status": RecordStatus.REVIEWING},
    )
    if saved:
        record.scenes_data, record.version, record.updated_at = scenes, version + 1, now
    return bool(saved)


def approve(job, request=None):
    """REVIEWING -> RENDERING: every scene GREEN, credits deducted once. Returns the record (its render attempt)."""
    with transaction.atomic():
        # Job, then record: the order delete_job and cancel lock them in.
        job = locked_job(job)
        record = _locked_record(job)
        if record is None or record.status != RecordStatus.REVIEWING:
            raise conflict(job, record, "approve")
        scenes = record.scenes_data or []
        pending = [s["sequence_index"] for s in scenes if s["status"] != SceneStatus.GREEN]
        if not scenes or pending:
            raise StageConflict(
                f"Every scene must be GREEN before approval; not yet: {', '.join(map(str, pending))}.",
                stage=Stage.STORYBOARD_REVIEW,
                scenes_not_green=pending,
            )
        audit.record(
            AuditAction.APPROVE, user=job.user_id, entity=job, details={"scenes": len(scenes)}, request=request
        )
        _charge_for_render(record, scenes, request)  # refreshes the record under the lock
    return record


# --- Storyboard and remaster (workers) ----------------------------------------------------


def finish_storyboard(record, scenes, from_status, **extra):
    """SCRIPTING or REMASTERING -> REVIEWING with the written scenes; False when the record left `from_status`."""
    return bool(
        PromptRecord.objects.filter(pk=record.pk, status=from_status).update(
            status=RecordStatus.REVIEWING,
            scenes_data=scenes,
            version=F("version") + 1,
            updated_at=timezone.now(),
            **extra,
        )
    )


def remaster_below_gate(record, remastered_image, analysis, message):
    """REMASTERING -> QUALITY_FAILED, remastered and re-scored but still below the gate; False when the record
    left REMASTERING (cancelled) meanwhile."""
    return bool(
        PromptRecord.objects.filter(pk=record.pk, status=RecordStatus.REMASTERING).update(
            status=RecordStatus.QUALITY_FAILED,
            is_remastered=True,
            remastered_image=remastered_image,
            source_analysis=analysis,
            invariant_visual_summary=analysis.get("invariant_visual_summary", record.invariant_visual_summary),
            error_message=message,
            version=F("version") + 1,
            updated_at=timezone.now(),
        )
    )


def fail_record(record_id, message, *, from_statuses):
    """-> FAILED (refunding) if the record is still in one of `from_statuses`; returns whether it moved."""
    with transaction.atomic():
        record = PromptRecord.objects.select_for_update().select_related("job").filter(pk=record_id).first()
        if record is None or record.status not in from_statuses:
            return False
        _refund(record, "failed")
        PromptRecord.objects.filter(pk=record.pk).update(
            status=RecordStatus.FAILED,
            error_message=message[:2000],
            version=F("version") + 1,
            updated_at=timezone.now(),
        )
    return True


# --- Production (workers) -----------------------------------------------------------------


def still_rendering(record_id, attempt):
    """The record, while it is RENDERING this attempt (not cancelled, failed or re-queued since)."""
    return PromptRecord.objects.filter(pk=record_id, status=RecordStatus.RENDERING, render_attempts=attempt)


def claim_render(record_id, attempt):
    """Start this attempt's render; False when it was started already, or the record left this attempt."""
    now = timezone.now()
    return bool(
        still_rendering(record_id, attempt)
        .filter(render_started_at__isnull=True)
        .update(render_started_at=now, heartbeat_at=now)
    )


def beat_render(record_id, attempt, percent):
    """The heartbeat with the progress; False when the record left this attempt (the render should stop)."""
    return bool(still_rendering(record_id, attempt).update(progress=percent, heartbeat_at=timezone.now()))


def finish_render(record_id, attempt, video):
    """RENDERING -> COMPLETED with the stored video; False when the record left this attempt."""
    now = timezone.now()
    return bool(
        still_rendering(record_id, attempt).update(
            status=RecordStatus.COMPLETED,
            video=video,
            progress=100,
            completed_at=now,
            heartbeat_at=now,
            version=F("version") + 1,
            updated_at=now,
        )
    )


def requeue_render(record_id, attempt, now):
    """A stalled render -> the next attempt (RENDERING, not started); False when it moved meanwhile."""
    return bool(
        still_rendering(record_id, attempt).update(
            render_attempts=F("render_attempts") + 1, render_started_at=None, heartbeat_at=now, progress=0
        )
    )
