"""What a user (or staff) asks of a vision job: one state change each, and what runs once it commits.

The state change is director.transitions' (guarded in the database, raising StageConflict); this module adds the
side effects that run once it commits: the task that does the next step (director.tasks.after_commit), the stored
files to delete (transaction.on_commit).
"""

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction

from accounts.models import User
from director import tasks, transitions
from director.brief import Brief, check_plan
from director.errors import AttemptsExhausted, NotFound, StageConflict, StaleVersion
from director.files import delete_files, delete_files_on_commit
from director.models import (
    MAX_SCENE_ATTEMPTS,
    PromptRecord,
    RecordStatus,
    SceneStatus,
    VisionJob,
    record_of,
    upload_path,
)
from director.scenes import rewrite_scene
from director.stages import Stage
from director.uploads import EXTENSIONS
from learning.services import learned_choice
from studio_project.db import write_together

# The task that runs each step a transition leads to.
NEXT_TASK = {
    RecordStatus.SCRIPTING: tasks.enqueue_storyboard,
    RecordStatus.REMASTERING: tasks.enqueue_remaster,
}


def create_job(*, user, image, brief=None, cultural_context=None, brand_essence=None):
    """Store a validated image and create its job with the brief, its cultural context and brand essence; The Eye
    runs after commit.

    A brief the user's plan does not include is refused (PlanRequired) before anything is stored.
    """
    brief = brief or Brief()
    check_plan(user, brief.resolution)
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
                **brief.as_fields(),
                cultural_context=cultural_context,
                brand_essence=brand_essence,
            )
            job.image.name = name
            job.save()
            tasks.after_commit(tasks.enqueue_analysis, job.pk)
    except Exception:
        delete_files([name])
        raise
    return job


def cancel(*, job, request=None):
    """Cancel from any non-terminal stage, refunding whatever was charged; a running task finds it and stops."""
    return transitions.cancel(job, request)


def retry(*, job, request=None):
    """Retry a failed analysis (at most 3 times) or a failed storyboard or render, queueing its task."""
    with transaction.atomic():
        retried = transitions.retry(job, request)
        if retried.step == "analysis":
            tasks.after_commit(tasks.enqueue_analysis, retried.job.pk)
        elif retried.step == "storyboard":
            tasks.after_commit(tasks.enqueue_storyboard, retried.record.pk)
        else:
            tasks.after_commit(tasks.enqueue_render, retried.record.pk, retried.attempt)
    return retried.job


def delete_job(*, job):
    """Delete a job and, after commit, its files, refunding a render it paid for."""
    with transaction.atomic():
        names = transitions.delete_job(job)
        delete_files_on_commit(names or [])


def release_flagged(*, job, request=None):
    """A flagged job goes to the Lounge: staff looked at the image and let it through."""
    return transitions.release_flagged(job, request)


def select_director(*, user, job_id, director_id, remaster=False, style_id=None, request=None):
    """IDLE -> QUALITY_CHECK for `user`'s job `job_id`, learning from the choice; then the storyboard or the remaster
    is queued. The job is read once, locked (another user's job is NotFound).

    The prompt record, the learning event, the profile update and the next step's task row are written together,
    in one transaction and (on PostgreSQL) one statement (studio_project.db.write_together). The returned record
    is what was stored, with the job (as locked) cached on it: the answer is built from them without reading them
    again.
    """
    try:
        with transaction.atomic():
            record, shown = transitions.choose(
                user=user, job_id=job_id, director_id=director_id, remaster=remaster, style_id=style_id, request=request
            )
            job = record.job
            inserts, updates = [record], []
            learned = learned_choice(user=job.user, job=job, shown=shown, chosen_id=director_id)
            if learned is not None:
                event, profile = learned
                inserts.append(event)
                updates.append((User, job.user_id, {"creative_profile": profile}))
            next_task = NEXT_TASK.get(record.status)
            queued = next_task and tasks.queued_row(next_task, record.pk)
            if queued:
                inserts.append(queued[0])
            write_together(transaction.get_connection(), inserts, updates)
            if queued:
                queued[1]()
            elif next_task:
                tasks.after_commit(next_task, record.pk)
    except IntegrityError:
        # Rolled back whole. The job's lock rules out a second record; if one was made anyway, say so.
        if PromptRecord.objects.filter(job_id=job_id).exists():
            raise StageConflict("A director was already chosen for this job.", stage=Stage.QUALITY_CHECK) from None
        raise
    return record


def request_remaster(*, job, request=None):
    """QUALITY_FAILED -> REMASTERING, the remaster queued after commit."""
    with transaction.atomic():
        record = transitions.request_remaster(job, request)
        tasks.after_commit(tasks.enqueue_remaster, record.pk)
    return record


def continue_below_gate(*, job, request=None):
    """QUALITY_FAILED after the remaster -> SCRIPTING; the storyboard (remastered image) queued after commit."""
    with transaction.atomic():
        record = transitions.continue_below_gate(job, request)
        tasks.after_commit(tasks.enqueue_storyboard, record.pk)
    return record


def _stale(record, version):
    return StaleVersion(
        f"The storyboard changed (version {record.version}, you sent {version}). Reload it and review again.",
        current_version=record.version,
    )


def review_scene(*, job, scene_id, verdict, feedback, version):
    """GREEN approves; YELLOW rewrites with feedback; RED regenerates. Optimistic: stale versions get 412.

    `job` comes with its prompt record read with it (director.queries.job_with_record); the guarded save checks
    the version and status again, so a record that moved since is never overwritten. The rewrite (a new preview)
    is written before the guarded save; a save that loses deletes it. Returns the record as saved.
    """
    record = record_of(job)
    if record is None or record.status != RecordStatus.REVIEWING:
        raise transitions.conflict(job, record, "review a scene")
    if record.version != version:
        raise _stale(record, version)
    scenes = [dict(s) for s in record.scenes_data]
    index = next((i for i, s in enumerate(scenes) if s["id"] == str(scene_id)), None)
    if index is None:
        raise NotFound("No scene with that id in this storyboard.")
    scene = scenes[index]
    new_files = []
    old_files = []
    if verdict == SceneStatus.GREEN:
        scene = {**scene, "status": SceneStatus.GREEN}
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
    if not transitions.save_review(record, scenes, version):
        delete_files(new_files)
        record.refresh_from_db()
        if record.status != RecordStatus.REVIEWING:
            raise transitions.conflict(job, record, "review a scene")
        raise _stale(record, version)
    delete_files(old_files)
    return record


def approve(*, job, request=None):
    """STORYBOARD_REVIEW -> RENDERING: every scene GREEN, credits deducted once, render queued after commit."""
    with transaction.atomic():
        record = transitions.approve(job, request)
        tasks.after_commit(tasks.enqueue_render, record.pk, record.render_attempts)
    return record
