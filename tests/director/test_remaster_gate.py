"""The quality gate again after the remaster: The Eye scores the remastered image; below 7.0 the job stops at
QUALITY_FAILED once more (remastered, both scores shown) until the user continues below the gate or cancels."""

from accounts.models import User
from director.models import PromptRecord, RecordStatus
from tests import photos
from tests.flow import select, state, upload_idle


def remastered_below_gate(api, upload, run):
    """A photo blurred past repair, through the gate, remastered, and stopped at the gate again."""
    job = upload_idle(lambda: upload(photos.blurred_jpeg()))
    assert select(api, run, job, "minimalist").status_code == 201
    response = run(api.post, f"/api/v1/jobs/{job.pk}/remaster/")
    assert response.status_code == 202, response.json()
    return job, state(api, job)


def test_a_photo_still_below_the_gate_after_the_remaster_stops_with_both_scores(api, upload, run, user):
    job, current = remastered_below_gate(api, upload, run)

    assert current["stage"] == "QUALITY_FAILED", current
    assert current["is_remastered"] is True
    assert current["original_quality_score"] == job.quality_score < 7.0
    assert current["quality_score"] < 7.0
    record = PromptRecord.objects.get(job=job)
    assert current["quality_score"] == record.source_analysis["quality"]  # The Eye's score of the remastered image
    assert f"scores {current['quality_score']:.1f}/10" in current["error_message"]
    assert f"it was {job.quality_score:.1f}" in current["error_message"]
    assert "Continue anyway" in current["error_message"]
    assert current["scenes"] == [] and current["source_image_url"].endswith("?source=remastered")
    assert api.get(current["source_image_url"]).status_code == 200
    assert User.objects.get(pk=user.pk).credits_remaining == 10  # nothing charged before approval


def test_continuing_below_the_gate_writes_the_storyboard_from_the_remastered_image(api, upload, run, user):
    job, stopped = remastered_below_gate(api, upload, run)

    response = run(api.post, f"/api/v1/jobs/{job.pk}/continue/")

    assert response.status_code == 202, response.json()
    assert response.json()["stage"] == "QUALITY_CHECK"
    assert response.headers["ETag"] == f'"{response.json()["version"]}"'
    current = state(api, job)
    assert current["stage"] == "STORYBOARD_REVIEW", current
    assert len(current["scenes"]) == 3 and all(s["preview_url"] for s in current["scenes"])
    assert current["is_remastered"] is True and current["source_image_url"].endswith("?source=remastered")
    assert (current["quality_score"], current["original_quality_score"]) == (
        stopped["quality_score"],
        stopped["original_quality_score"],
    )
    assert current["error_message"] is None
    assert User.objects.get(pk=user.pk).credits_remaining == 10


def test_a_photo_the_remaster_lifts_past_the_gate_goes_on_to_the_storyboard(api, upload, run):
    job = upload_idle(lambda: upload(photos.dark_jpeg()))
    assert job.quality_score < 7.0
    assert select(api, run, job, "visionary").status_code == 201

    response = run(api.post, f"/api/v1/jobs/{job.pk}/remaster/")

    assert response.status_code == 202, response.json()
    current = state(api, job)
    assert current["stage"] == "STORYBOARD_REVIEW", current
    assert current["is_remastered"] is True and len(current["scenes"]) == 3
    assert current["original_quality_score"] == job.quality_score
    assert current["quality_score"] >= 7.0 > job.quality_score


def test_continue_out_of_order_is_a_409_naming_the_stage(api, upload, run):
    job = upload_idle(lambda: upload(photos.blurred_jpeg()))
    response = run(api.post, f"/api/v1/jobs/{job.pk}/continue/")
    assert response.status_code == 409
    assert response.json()["code"] == "stage_conflict" and response.json()["stage"] == "IDLE"
    assert "continue below the quality gate" in response.json()["detail"]

    assert select(api, run, job, "minimalist").status_code == 201
    response = run(api.post, f"/api/v1/jobs/{job.pk}/continue/")
    assert response.status_code == 409  # below the gate, but not remastered yet
    assert "remaster the image first" in response.json()["detail"]
    assert PromptRecord.objects.get(job=job).status == RecordStatus.QUALITY_FAILED


def test_a_remastered_image_is_not_remastered_twice(api, upload, run):
    job, current = remastered_below_gate(api, upload, run)

    response = run(api.post, f"/api/v1/jobs/{job.pk}/remaster/")

    assert response.status_code == 409
    assert "remastered already" in response.json()["detail"] and "POST continue/" in response.json()["detail"]
    assert state(api, job)["version"] == current["version"]


def test_a_remastered_image_below_the_gate_can_be_cancelled(api, upload, run):
    job, _ = remastered_below_gate(api, upload, run)

    response = run(api.post, f"/api/v1/jobs/{job.pk}/cancel/")

    assert response.status_code == 200 and response.json()["stage"] == "CANCELLED"
    assert run(api.post, f"/api/v1/jobs/{job.pk}/continue/").status_code == 409
