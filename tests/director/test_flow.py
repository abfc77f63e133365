"""The whole flow through the API: IDLE -> select -> review -> approve -> COMPLETED."""

import io

import av
import pytest

from accounts.models import User
from director.models import PromptRecord, VisionJob
from learning.models import LearningEvent
from tests import photos
from tests.flow import approve_all, choose, review, select, state, upload_idle


def test_a_job_reaches_idle_with_four_ranked_pitches(api, upload):
    job = upload_idle(upload)
    current = state(api, job)
    assert current["stage"] == "IDLE"
    pitches = api.get(f"/api/v1/jobs/{job.pk}/pitches/").json()
    assert [p["rank"] for p in pitches] == [1, 2, 3, 4]
    assert sorted(p["director_id"] for p in pitches) == ["minimalist", "newtonian", "provocateur", "visionary"]
    assert sum(p["probability"] for p in pitches) == pytest.approx(1, abs=1e-3)
    assert sum(p["recommended"] for p in pitches) == 1
    assert current["pitches"] == pitches


def test_the_whole_flow_ends_with_a_video(api, upload, run, user):
    job = upload_idle(upload)
    current = choose(api, run, job, "visionary")
    assert current["stage"] == "STORYBOARD_REVIEW", current
    assert len(current["scenes"]) == 3
    assert all(s["status"] == "PENDING" and s["preview_url"] for s in current["scenes"])
    preview = api.get(current["scenes"][0]["preview_url"])
    assert preview.status_code == 200 and preview["Content-Type"] == "image/jpeg"

    event = LearningEvent.objects.get()
    assert event.user_id == user.pk and event.selected_director_id == "visionary"
    assert len(event.director_pitches) == 4
    assert event.raw_scores == {"physics": job.physics_score, "vibe": job.vibe_score, "logic": job.logic_score}
    user.refresh_from_db()
    assert user.creative_profile["totalSelections"] == 1

    current = approve_all(api, run, job)
    assert current["cost_estimate"] == 3
    response = run(api.post, f"/api/v1/jobs/{job.pk}/approve/")
    assert response.status_code == 202, response.json()
    final = state(api, job)
    assert final["stage"] == "COMPLETED", final
    assert final["progress"] == 100 and final["completed_at"]
    user.refresh_from_db()
    assert user.credits_remaining == 7

    video = api.get(final["video_url"])
    assert video.status_code == 200 and video["Content-Type"] == "video/mp4"
    data = b"".join(video.streaming_content) if video.streaming else video.content
    with av.open(io.BytesIO(data)) as container:
        stream = container.streams.video[0]
        assert stream.codec_context.name == "h264"
        frames = sum(1 for _ in container.decode(stream))
    total = sum(s["duration"] for s in final["scenes"])
    assert abs(frames / 12 - total) <= 0.1

    ranged = api.get(final["video_url"], HTTP_RANGE="bytes=0-99")
    assert ranged.status_code == 206
    assert ranged["Content-Range"].startswith("bytes 0-99/")
    assert len(b"".join(ranged.streaming_content)) == 100


def test_a_weak_image_stops_at_the_quality_gate_until_remastered(api, upload, run):
    job = upload_idle(lambda: upload(photos.dark_jpeg()))
    assert job.quality_score < 7.0
    current = choose(api, run, job, "minimalist")
    assert current["stage"] == "QUALITY_FAILED"
    assert f"{job.quality_score:.1f}/10" in current["error_message"]
    assert current["scenes"] == []

    response = run(api.post, f"/api/v1/jobs/{job.pk}/remaster/")
    assert response.status_code == 202, response.json()
    current = state(api, job)
    assert current["stage"] == "STORYBOARD_REVIEW", current
    assert current["is_remastered"] is True
    assert current["quality_score"] > job.quality_score
    assert api.get(current["source_image_url"]).status_code == 200


def test_selecting_with_remaster_skips_the_stop(api, upload, run):
    job = upload_idle(lambda: upload(photos.dark_jpeg()))
    assert choose(api, run, job, "newtonian", remaster=True)["stage"] == "STORYBOARD_REVIEW"


def test_selecting_with_remaster_still_stops_an_image_the_remaster_cannot_lift(api, upload, run):
    # The gate applies to the remastered image too: a photo blurred past repair stops, remastered, for the user.
    job = upload_idle(lambda: upload(photos.blurred_jpeg()))
    current = choose(api, run, job, "newtonian", remaster=True)
    assert (current["stage"], current["is_remastered"]) == ("QUALITY_FAILED", True)
    assert current["quality_score"] < 7.0 and current["original_quality_score"] == job.quality_score


def test_a_director_that_did_not_pitch_is_refused(api, upload, run):
    job = upload_idle(upload)
    response = select(api, run, job, "kubrick")
    assert response.status_code == 400
    assert "did not pitch" in response.json()["detail"]
    assert not PromptRecord.objects.exists() and not LearningEvent.objects.exists()


def test_selecting_twice_is_a_409_naming_the_stage(api, upload, run):
    job = upload_idle(upload)
    assert select(api, run, job).status_code == 201
    response = select(api, run, job, "visionary")
    assert response.status_code == 409
    assert "STORYBOARD_REVIEW" in response.json()["detail"]
    assert LearningEvent.objects.count() == 1


def test_without_consent_the_choice_proceeds_but_nothing_is_learned(api, upload, run, user):
    User.objects.filter(pk=user.pk).update(learning_consent=False)
    job = upload_idle(upload)
    assert select(api, run, job).status_code == 201
    assert not LearningEvent.objects.exists()
    user.refresh_from_db()
    assert user.creative_profile is None
    assert PromptRecord.objects.get().job_id == job.pk


def test_yellow_rewrites_with_feedback_and_a_new_preview(api, upload, run):
    job = upload_idle(upload)
    current = choose(api, run, job)
    scene = current["scenes"][1]
    old_preview = api.get(scene["preview_url"]).getvalue()
    response = review(api, run, job, scene["id"], "YELLOW", current["version"], "closer and warmer please")
    assert response.status_code == 200, response.json()
    new = next(s for s in response.json()["scenes"] if s["id"] == scene["id"])
    assert new["status"] == "YELLOW" and new["attempt_count"] == 1 and new["attempts_left"] == 4
    assert "closer and warmer please" in new["action_token"]
    assert new["user_feedback"] == "closer and warmer please"
    assert api.get(new["preview_url"]).getvalue() != old_preview
    assert response.json()["version"] == current["version"] + 1


def test_a_stale_version_gets_412_and_changes_nothing(api, upload, run):
    job = upload_idle(upload)
    current = choose(api, run, job)
    first, second = current["scenes"][0], current["scenes"][1]
    assert review(api, run, job, first["id"], "GREEN", current["version"]).status_code == 200
    before = PromptRecord.objects.get().scenes_data
    response = review(api, run, job, second["id"], "RED", current["version"])
    assert response.status_code == 412
    assert "Reload" in response.json()["detail"]
    assert PromptRecord.objects.get().scenes_data == before


def test_a_review_without_a_version_is_428(api, upload, run):
    job = upload_idle(upload)
    scene = choose(api, run, job)["scenes"][0]
    response = api.post(f"/api/v1/jobs/{job.pk}/scenes/{scene['id']}/review/", {"verdict": "GREEN"}, format="json")
    assert response.status_code == 428


def test_five_rewrites_per_scene_then_409_for_that_scene_only(api, upload, run):
    job = upload_idle(upload)
    current = choose(api, run, job)
    target, other = current["scenes"][0]["id"], current["scenes"][1]["id"]
    for _ in range(5):
        response = review(api, run, job, target, "RED", current["version"])
        assert response.status_code == 200
        current = response.json()
    response = review(api, run, job, target, "RED", current["version"])
    assert response.status_code == 409
    assert "5 rewrites" in response.json()["detail"]
    assert review(api, run, job, other, "RED", current["version"]).status_code == 200


def test_approve_needs_every_scene_green(api, upload, run):
    job = upload_idle(upload)
    select(api, run, job)
    response = run(api.post, f"/api/v1/jobs/{job.pk}/approve/")
    assert response.status_code == 409
    assert "GREEN" in response.json()["detail"]


def test_approve_without_enough_credits_is_402_and_charges_nothing(api, upload, run, user):
    job = upload_idle(upload)
    select(api, run, job)
    approve_all(api, run, job)
    User.objects.filter(pk=user.pk).update(credits_remaining=2)
    response = run(api.post, f"/api/v1/jobs/{job.pk}/approve/")
    assert response.status_code == 402
    assert "1 more needed" in response.json()["detail"]
    user.refresh_from_db()
    assert user.credits_remaining == 2
    assert state(api, job)["stage"] == "STORYBOARD_REVIEW"


def test_approving_twice_charges_once(api, upload, run, user, tasks_backend):
    job = upload_idle(upload)
    select(api, run, job)
    approve_all(api, run, job)
    tasks_backend("django.tasks.backends.dummy.DummyBackend")
    assert run(api.post, f"/api/v1/jobs/{job.pk}/approve/").status_code == 202
    response = run(api.post, f"/api/v1/jobs/{job.pk}/approve/")
    assert response.status_code == 409
    assert "RENDERING" in response.json()["detail"]
    user.refresh_from_db()
    assert user.credits_remaining == 7


def test_cancel_during_review_refunds_nothing_and_cancels(api, upload, run, user):
    job = upload_idle(upload)
    select(api, run, job)
    response = run(api.post, f"/api/v1/jobs/{job.pk}/cancel/")
    assert response.status_code == 200
    assert response.json()["stage"] == "CANCELLED"
    assert run(api.post, f"/api/v1/jobs/{job.pk}/cancel/").status_code == 409


def test_delete_removes_the_job_and_its_files(api, upload, run, media_root):
    from tests.conftest import stored_files

    job = upload_idle(upload)
    select(api, run, job)
    assert len(stored_files(media_root)) == 5  # the upload, its subject mask, three previews
    response = run(api.delete, f"/api/v1/jobs/{job.pk}/")
    assert response.status_code == 204
    assert not VisionJob.objects.exists()
    assert stored_files(media_root) == []


def test_other_users_jobs_are_404(api, upload, other_user):
    from rest_framework.test import APIClient

    job = upload_idle(upload)
    stranger = APIClient()
    stranger.force_authenticate(other_user)
    for path in ["", "director/", "pitches/", "image/", "video/"]:
        assert stranger.get(f"/api/v1/jobs/{job.pk}/{path}").status_code == 404
    assert stranger.post(f"/api/v1/jobs/{job.pk}/select-director/", {"director_id": "newtonian"}).status_code == 404
    assert stranger.get("/api/v1/jobs/").json()["count"] == 0


def test_feedback_of_only_control_characters_is_a_400(api, upload, run):
    job = upload_idle(upload)
    current = choose(api, run, job)
    scene = current["scenes"][0]
    response = review(api, run, job, scene["id"], "YELLOW", current["version"], "\x01\x02\x7f")
    assert response.status_code == 400
    assert "feedback" in response.json()["detail"]
    assert state(api, job)["version"] == current["version"]


def test_feedback_over_500_characters_is_a_400(api, upload, run):
    job = upload_idle(upload)
    current = choose(api, run, job)
    response = review(api, run, job, current["scenes"][0]["id"], "YELLOW", current["version"], "x" * 501)
    assert response.status_code == 400
    assert "500" in response.json()["detail"]
