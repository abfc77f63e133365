"""`remaster: true` is what the user asked for: honoured whatever The Eye's score."""

from director.models import PromptRecord, RecordStatus
from tests.flow import select, state, upload_idle


def test_remaster_true_remasters_a_sharp_photo(api, upload, run):
    job = upload_idle(upload)
    assert job.quality_score >= 7.0  # the astronaut passes the gate as shot
    response = select(api, run, job, "visionary", remaster=True)
    assert response.status_code == 201, response.json()
    assert response.json()["stage"] == "REMASTERING"
    after = state(api, job)
    assert after["stage"] == "STORYBOARD_REVIEW"
    assert after["is_remastered"] is True
    assert after["source_image_url"].endswith("?source=remastered")
    record = PromptRecord.objects.get(job=job)
    assert record.is_remastered and record.remastered_image
    assert api.get(after["source_image_url"]).status_code == 200


def test_without_remaster_a_sharp_photo_goes_straight_to_the_storyboard(api, upload, run):
    job = upload_idle(upload)
    response = select(api, run, job, "visionary")
    assert response.status_code == 201, response.json()
    assert response.json()["stage"] == "QUALITY_CHECK"
    record = PromptRecord.objects.get(job=job)
    assert record.status == RecordStatus.REVIEWING and not record.is_remastered
