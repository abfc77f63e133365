"""The state machine, one transition at a time: each legal move moves, each illegal one is refused and leaves the
row as it was, and a claim made twice (two workers) claims once."""

import json
import threading

import pytest
from django.db import connection, transaction

from director import transitions
from director.errors import InsufficientCredits, InvalidRequest, StageConflict
from director.files import mask_name
from director.models import MAX_RETRIES, JobStatus, PromptRecord, RecordStatus, SceneStatus, VisionJob
from tests.factories import PromptRecordFactory, UserFactory, VisionJobFactory, scene

pytestmark = pytest.mark.django_db

ALL_GREEN = [scene(i, SceneStatus.GREEN) for i in (1, 2, 3)]


def row(model, pk):
    """The stored row as a dict, to compare before and after a refused move."""
    return model.objects.filter(pk=pk).values().get()


def refused(call, error, model, pk):
    before = row(model, pk)
    with pytest.raises(error) as caught:
        call()
    assert row(model, pk) == before
    return caught.value


# --- analysis --------------------------------------------------------------------------------


def test_claim_analysis_moves_a_pending_job_once():
    job = VisionJobFactory(status=JobStatus.PENDING)
    assert transitions.claim_analysis(job.pk) is True
    assert transitions.claim_analysis(job.pk) is False
    assert row(VisionJob, job.pk)["status"] == JobStatus.PROCESSING


@pytest.mark.parametrize("status", [JobStatus.PROCESSING, JobStatus.CANCELLED, JobStatus.COMPLETED])
def test_claim_analysis_leaves_a_job_that_is_not_pending(status):
    job = VisionJobFactory(status=status)
    before = row(VisionJob, job.pk)
    assert transitions.claim_analysis(job.pk) is False
    assert row(VisionJob, job.pk) == before


@pytest.mark.parametrize(("flagged", "status"), [(False, JobStatus.COMPLETED), (True, JobStatus.FLAGGED)])
def test_finish_analysis_stores_the_scores(flagged, status):
    job = VisionJobFactory(status=JobStatus.PROCESSING, quality_score=None)
    analysis = {"physics": 1.0, "vibe": 2.0, "logic": 3.0, "quality": 4.0, "integrity": 0.5}
    assert transitions.finish_analysis(job.pk, analysis, [], flagged=flagged, message="m" if flagged else "")
    job.refresh_from_db()
    assert (job.status, job.quality_score, job.integrity_score, job.analysis_data) == (status, 4.0, 0.5, analysis)


def test_finish_and_fail_analysis_leave_a_cancelled_job():
    job = VisionJobFactory(status=JobStatus.CANCELLED)
    before = row(VisionJob, job.pk)
    analysis = {"physics": 1.0, "vibe": 2.0, "logic": 3.0, "quality": 4.0, "integrity": 0.5}
    assert transitions.finish_analysis(job.pk, analysis, [], flagged=False) is False
    assert transitions.fail_analysis(job.pk, "broken") is False
    assert row(VisionJob, job.pk) == before


def test_fail_analysis_fails_a_processing_job():
    job = VisionJobFactory(status=JobStatus.PROCESSING)
    assert transitions.fail_analysis(job.pk, "The Eye could not analyse this image: broken") is True
    assert row(VisionJob, job.pk)["status"] == JobStatus.FAILED


# --- user requests -------------------------------------------------------------------------------


def test_release_flagged_opens_the_lounge():
    job = VisionJobFactory(status=JobStatus.FLAGGED, error_message="flagged")
    assert transitions.release_flagged(job).status == JobStatus.COMPLETED
    assert row(VisionJob, job.pk)["error_message"] == ""


def test_release_refuses_a_job_that_is_not_flagged():
    job = VisionJobFactory(status=JobStatus.COMPLETED)
    error = refused(lambda: transitions.release_flagged(job), StageConflict, VisionJob, job.pk)
    assert error.extra["stage"] == "IDLE"


@pytest.mark.parametrize("status", [JobStatus.PENDING, JobStatus.PROCESSING, JobStatus.FLAGGED, JobStatus.COMPLETED])
def test_cancel_cancels_a_job_without_a_record(status):
    job = VisionJobFactory(status=status)
    assert transitions.cancel(job).status == JobStatus.CANCELLED


def test_cancel_of_a_render_refunds_it():
    record = PromptRecordFactory(status=RecordStatus.RENDERING, credits_used=3)
    user = record.job.user
    transitions.cancel(record.job)
    record.refresh_from_db()
    user.refresh_from_db()
    assert (record.status, record.credits_used, user.credits_remaining) == (RecordStatus.CANCELLED, 0, 13)


@pytest.mark.parametrize("status", [RecordStatus.COMPLETED, RecordStatus.FAILED, RecordStatus.CANCELLED])
def test_cancel_refuses_a_finished_record(status):
    record = PromptRecordFactory(status=status)
    refused(lambda: transitions.cancel(record.job), StageConflict, PromptRecord, record.pk)
    assert row(VisionJob, record.job.pk)["status"] == JobStatus.COMPLETED


def test_cancel_refuses_a_failed_analysis():
    job = VisionJobFactory(status=JobStatus.FAILED)
    refused(lambda: transitions.cancel(job), StageConflict, VisionJob, job.pk)


def test_retry_requeues_a_failed_analysis_and_counts_it():
    job = VisionJobFactory(status=JobStatus.FAILED, error_message="broken")
    retried = transitions.retry(job)
    assert retried.step == "analysis"
    stored = row(VisionJob, job.pk)
    assert (stored["status"], stored["retry_count"], stored["error_message"]) == (JobStatus.PENDING, 1, "")


def test_retry_refuses_an_analysis_out_of_retries():
    job = VisionJobFactory(status=JobStatus.FAILED, retry_count=MAX_RETRIES)
    refused(lambda: transitions.retry(job), StageConflict, VisionJob, job.pk)


def test_retry_of_a_failed_storyboard_writes_it_again():
    record = PromptRecordFactory(status=RecordStatus.FAILED)
    retried = transitions.retry(record.job)
    assert (retried.step, row(PromptRecord, record.pk)["status"]) == ("storyboard", RecordStatus.SCRIPTING)


def test_retry_of_a_failed_render_charges_and_renders_again():
    record = PromptRecordFactory(status=RecordStatus.FAILED, scenes_data=ALL_GREEN, render_attempts=1)
    retried = transitions.retry(record.job)
    stored = row(PromptRecord, record.pk)
    assert (retried.step, retried.attempt) == ("render", 2)
    assert (stored["status"], stored["credits_used"]) == (RecordStatus.RENDERING, 3)
    assert row(type(record.job.user), record.job.user_id)["credits_remaining"] == 7


@pytest.mark.parametrize("status", [RecordStatus.REVIEWING, RecordStatus.RENDERING, RecordStatus.COMPLETED])
def test_retry_refuses_a_record_that_did_not_fail(status):
    record = PromptRecordFactory(status=status)
    refused(lambda: transitions.retry(record.job), StageConflict, PromptRecord, record.pk)


def test_approve_charges_once_and_starts_the_render():
    record = PromptRecordFactory(scenes_data=ALL_GREEN)
    approved = transitions.approve(record.job)
    assert (approved.status, approved.credits_used, approved.render_attempts) == (RecordStatus.RENDERING, 3, 1)
    refused(lambda: transitions.approve(record.job), StageConflict, PromptRecord, record.pk)
    assert row(type(record.job.user), record.job.user_id)["credits_remaining"] == 7


def test_approve_refuses_scenes_not_green():
    record = PromptRecordFactory(scenes_data=[scene(1, SceneStatus.GREEN), scene(2, SceneStatus.YELLOW), scene(3)])
    error = refused(lambda: transitions.approve(record.job), StageConflict, PromptRecord, record.pk)
    assert error.extra["scenes_not_green"] == [2, 3]


def test_approve_refuses_short_credits_and_charges_nothing():
    record = PromptRecordFactory(scenes_data=ALL_GREEN, job__user=UserFactory(credits_remaining=2))
    error = refused(lambda: transitions.approve(record.job), InsufficientCredits, PromptRecord, record.pk)
    assert error.extra["credits_missing"] == 1
    assert row(type(record.job.user), record.job.user_id)["credits_remaining"] == 2


def test_request_remaster_moves_only_a_failed_quality_check():
    record = PromptRecordFactory(status=RecordStatus.QUALITY_FAILED, error_message="too blurred")
    assert transitions.request_remaster(record.job).status == RecordStatus.REMASTERING
    refused(lambda: transitions.request_remaster(record.job), StageConflict, PromptRecord, record.pk)


def test_request_remaster_refuses_an_image_remastered_once_already():
    record = PromptRecordFactory(
        status=RecordStatus.QUALITY_FAILED, is_remastered=True, source_analysis={"quality": 5.5}, job__quality_score=4.0
    )
    error = refused(lambda: transitions.request_remaster(record.job), StageConflict, PromptRecord, record.pk)
    assert "4.0 before the remaster, 5.5 after" in str(error.detail)
    assert "POST continue/" in str(error.detail) and error.extra["stage"] == "QUALITY_FAILED"


def test_remaster_below_gate_stops_a_remastering_record_with_the_new_analysis():
    record = PromptRecordFactory(status=RecordStatus.REMASTERING, scenes_data=[], version=2)
    analysis = {"quality": 5.5, "invariant_visual_summary": "a sharper lighthouse"}
    assert transitions.remaster_below_gate(record, "uploads/ab/r.png", analysis, "still soft") is True
    stored = row(PromptRecord, record.pk)
    assert (stored["status"], stored["is_remastered"], stored["remastered_image"]) == (
        RecordStatus.QUALITY_FAILED,
        True,
        "uploads/ab/r.png",
    )
    assert (stored["source_analysis"], stored["error_message"], stored["version"]) == (analysis, "still soft", 3)
    assert stored["invariant_visual_summary"] == "a sharper lighthouse"
    # Cancelled meanwhile: nothing moves.
    cancelled = PromptRecordFactory(status=RecordStatus.CANCELLED)
    before = row(PromptRecord, cancelled.pk)
    assert transitions.remaster_below_gate(cancelled, "uploads/ab/s.png", analysis, "still soft") is False
    assert row(PromptRecord, cancelled.pk) == before


def test_continue_below_gate_moves_only_a_remastered_image_below_the_gate():
    record = PromptRecordFactory(status=RecordStatus.QUALITY_FAILED, is_remastered=True, error_message="soft")
    moved = transitions.continue_below_gate(record.job)
    assert (moved.status, moved.error_message, moved.is_remastered) == (RecordStatus.SCRIPTING, "", True)
    error = refused(lambda: transitions.continue_below_gate(record.job), StageConflict, PromptRecord, record.pk)
    assert error.extra["stage"] == "QUALITY_CHECK"


def test_continue_below_gate_needs_the_remaster_first():
    record = PromptRecordFactory(status=RecordStatus.QUALITY_FAILED, error_message="too blurred")
    error = refused(lambda: transitions.continue_below_gate(record.job), StageConflict, PromptRecord, record.pk)
    assert "remaster the image first" in str(error.detail)


@pytest.mark.parametrize("status", [RecordStatus.REVIEWING, RecordStatus.REMASTERING, RecordStatus.CANCELLED])
def test_continue_below_gate_refuses_every_other_stage(status):
    record = PromptRecordFactory(status=status, is_remastered=True)
    refused(lambda: transitions.continue_below_gate(record.job), StageConflict, PromptRecord, record.pk)


@pytest.mark.parametrize(
    ("quality", "remaster", "status"),
    [
        (8.0, False, RecordStatus.SCRIPTING),
        (5.0, False, RecordStatus.QUALITY_FAILED),
        (8.0, True, RecordStatus.REMASTERING),
    ],
)
def test_choosing_a_director_starts_the_record_the_quality_gate_says(quality, remaster, status):
    job = VisionJobFactory(quality_score=quality)
    with transaction.atomic():
        record, shown = transitions.choose(user=job.user, job_id=job.pk, director_id="visionary", remaster=remaster)
    assert (record.status, record.production_engine, len(shown)) == (status, "luma", 2)
    assert record._state.adding and not PromptRecord.objects.filter(job=job).exists()  # built; the caller saves it


def test_choosing_refuses_a_second_choice_and_an_unpitched_director():
    job = VisionJobFactory()
    with transaction.atomic():
        with pytest.raises(InvalidRequest):
            transitions.choose(user=job.user, job_id=job.pk, director_id="nobody")
        record, _ = transitions.choose(user=job.user, job_id=job.pk, director_id="newtonian")
        record.save(force_insert=True)
    with transaction.atomic(), pytest.raises(StageConflict):
        transitions.choose(user=job.user, job_id=job.pk, director_id="visionary")
    assert PromptRecord.objects.get(job=job).selected_director_id == "newtonian"


def test_save_review_needs_the_version_reviewed():
    record = PromptRecordFactory(version=4)
    greened = [scene(1, SceneStatus.GREEN), scene(2), scene(3)]
    before = row(PromptRecord, record.pk)
    assert transitions.save_review(record, greened, version=3) is False
    assert row(PromptRecord, record.pk) == before
    assert transitions.save_review(record, greened, version=4) is True
    stored = row(PromptRecord, record.pk)
    assert (stored["version"], stored["scenes_data"][0]["status"]) == (5, "GREEN")


def test_delete_job_refunds_a_render_and_names_its_files():
    record = PromptRecordFactory(status=RecordStatus.RENDERING, credits_used=3)
    job, user = record.job, record.job.user
    assert transitions.delete_job(job) == [job.image.name, mask_name(job.image.name)]
    assert not VisionJob.objects.filter(pk=job.pk).exists()
    assert row(type(user), user.pk)["credits_remaining"] == 13
    assert transitions.delete_job(job) is None


# --- storyboard and production (workers) ---------------------------------------------------------


def test_finish_storyboard_moves_only_from_the_status_it_wrote_for():
    record = PromptRecordFactory(status=RecordStatus.SCRIPTING, scenes_data=[])
    assert transitions.finish_storyboard(record, ALL_GREEN, RecordStatus.REMASTERING) is False
    assert transitions.finish_storyboard(record, ALL_GREEN, RecordStatus.SCRIPTING) is True
    assert row(PromptRecord, record.pk)["status"] == RecordStatus.REVIEWING


def test_fail_record_refunds_and_leaves_other_statuses():
    record = PromptRecordFactory(status=RecordStatus.RENDERING, credits_used=3)
    assert transitions.fail_record(record.pk, "broken", from_statuses=[RecordStatus.SCRIPTING]) is False
    assert transitions.fail_record(record.pk, "broken", from_statuses=[RecordStatus.RENDERING]) is True
    stored = row(PromptRecord, record.pk)
    assert (stored["status"], stored["credits_used"], stored["error_message"]) == (RecordStatus.FAILED, 0, "broken")
    assert row(type(record.job.user), record.job.user_id)["credits_remaining"] == 13


def test_a_render_is_claimed_once_per_attempt_and_finished_by_its_attempt():
    record = PromptRecordFactory(status=RecordStatus.RENDERING, render_attempts=2)
    assert transitions.claim_render(record.pk, 1) is False
    assert transitions.claim_render(record.pk, 2) is True
    assert transitions.claim_render(record.pk, 2) is False
    assert transitions.beat_render(record.pk, 2, 40) is True
    assert transitions.finish_render(record.pk, 1, "renders/v.mp4") is False
    assert transitions.finish_render(record.pk, 2, "renders/v.mp4") is True
    stored = row(PromptRecord, record.pk)
    assert (stored["status"], stored["video"], stored["progress"]) == (RecordStatus.COMPLETED, "renders/v.mp4", 100)
    assert transitions.beat_render(record.pk, 2, 50) is False


def test_requeue_moves_a_stalled_render_to_its_next_attempt_once():
    record = PromptRecordFactory(status=RecordStatus.RENDERING, render_attempts=1)
    assert transitions.claim_render(record.pk, 1)
    now = record.updated_at
    assert transitions.requeue_render(record.pk, 1, now) is True
    assert transitions.requeue_render(record.pk, 1, now) is False
    stored = row(PromptRecord, record.pk)
    assert (stored["render_attempts"], stored["render_started_at"]) == (2, None)
    assert transitions.finish_render(record.pk, 1, "renders/old.mp4") is False


# --- two workers at once (PostgreSQL: real concurrent transactions) --------------------------------


def race(count, claim):
    barrier, results = threading.Barrier(count), []

    def run():
        try:
            barrier.wait()
            results.append(claim())
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_eight_workers_claim_an_analysis_once(postgres):
    job = VisionJobFactory(status=JobStatus.PENDING)
    assert sorted(race(8, lambda: transitions.claim_analysis(job.pk))) == [False] * 7 + [True]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_eight_workers_claim_a_render_once(postgres):
    record = PromptRecordFactory(status=RecordStatus.RENDERING, render_attempts=1)
    assert sorted(race(8, lambda: transitions.claim_render(record.pk, 1))) == [False] * 7 + [True]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_eight_approvals_at_once_charge_once(postgres):
    record = PromptRecordFactory(scenes_data=ALL_GREEN)

    def approve():
        try:
            transitions.approve(record.job)
        except StageConflict:
            return False
        return True

    assert sorted(race(8, approve)) == [False] * 7 + [True]
    assert row(type(record.job.user), record.job.user_id)["credits_remaining"] == 7


def test_scene_statuses_are_stored_as_the_plain_strings_clients_read():
    record = PromptRecordFactory(scenes_data=ALL_GREEN)
    pk = record.pk if connection.vendor == "postgresql" else record.pk.hex
    with connection.cursor() as cursor:
        cursor.execute("SELECT scenes_data FROM vision_job_video_prompts WHERE id = %s", [pk])
        stored = cursor.fetchone()[0]
    assert '"status": "GREEN"' in (stored if isinstance(stored, str) else json.dumps(stored))
    assert SceneStatus.values == ["PENDING", "GREEN", "YELLOW", "RED"]
