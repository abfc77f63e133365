"""The brief through the flow: the director writes scene_count scenes of scene_duration, and approval charges
exactly scene_count credits (refunded when the render fails)."""

import io

import av
from django.core.files.uploadedfile import SimpleUploadedFile

from director.models import VisionJob
from tests import photos
from tests.flow import approve_all, choose, state


def upload_brief(api, run, **brief):
    image = SimpleUploadedFile("photo.jpg", photos.photo_bytes(), "image/jpeg")
    response = run(api.post, "/api/v1/jobs/", {"image": image, **brief}, format="multipart")
    assert response.status_code == 201, response.json()
    job = VisionJob.objects.get(pk=response.json()["id"])
    assert job.status == "completed", job.error_message
    return job


def test_the_storyboard_has_scene_count_scenes_of_scene_duration_and_costs_scene_count(api, run, user):
    job = upload_brief(api, run, scene_count="4", scene_duration="2.5")
    assert state(api, job)["cost_estimate"] == 4  # shown in the Lounge, before a director is chosen
    current = choose(api, run, job, "minimalist")
    assert current["stage"] == "STORYBOARD_REVIEW", current
    assert [s["sequence_index"] for s in current["scenes"]] == [1, 2, 3, 4]
    assert [s["duration"] for s in current["scenes"]] == [2.5] * 4
    assert current["cost_estimate"] == 4
    approve_all(api, run, job)
    user.refresh_from_db()
    before = user.credits_remaining
    response = run(api.post, f"/api/v1/jobs/{job.pk}/approve/")
    assert response.status_code == 202, response.json()
    assert response.json()["credits_used"] == 4
    final = state(api, job)
    assert final["stage"] == "COMPLETED", final
    user.refresh_from_db()
    assert before - user.credits_remaining == 4
    video = api.get(final["video_url"])
    data = b"".join(video.streaming_content)
    with av.open(io.BytesIO(data)) as container:
        frames = sum(1 for _ in container.decode(container.streams.video[0]))
    assert abs(frames / 12 - 4 * 2.5) <= 1 / 12 + 1e-9  # 12 fps in tests: within one frame


def test_one_scene_and_ten_scenes(api, run):
    one = upload_brief(api, run, scene_count="1", scene_duration="10")
    scenes = choose(api, run, one, "newtonian")["scenes"]
    assert [(s["sequence_index"], s["duration"]) for s in scenes] == [(1, 10.0)]
    ten = upload_brief(api, run, scene_count="10", scene_duration="2")
    current = choose(api, run, ten, "provocateur")
    assert len(current["scenes"]) == 10 and {s["duration"] for s in current["scenes"]} == {2.0}
    assert current["cost_estimate"] == 10


def test_short_credits_for_the_brief_are_a_402_and_nothing_is_charged(api, run, user):
    job = upload_brief(api, run, scene_count="8", scene_duration="2")
    choose(api, run, job, "visionary")
    approve_all(api, run, job)
    user.credits_remaining = 7
    user.save(update_fields=["credits_remaining"])
    response = run(api.post, f"/api/v1/jobs/{job.pk}/approve/")
    assert response.status_code == 402, response.json()
    assert response.json()["credits_needed"] == 8 and response.json()["credits_missing"] == 1
    user.refresh_from_db()
    assert user.credits_remaining == 7


def test_a_failed_render_refunds_exactly_scene_count(api, run, user, settings):
    job = upload_brief(api, run, scene_count="5", scene_duration="2")
    choose(api, run, job, "newtonian")
    approve_all(api, run, job)
    engines = {name: "tests.director.engines.FailingRenderer" for name in settings.STUDIO_ENGINES["production"]}
    settings.STUDIO_ENGINES = {**settings.STUDIO_ENGINES, "production": engines}
    user.refresh_from_db()
    before = user.credits_remaining
    response = run(api.post, f"/api/v1/jobs/{job.pk}/approve/")
    assert response.status_code == 202 and response.json()["credits_used"] == 5
    final = state(api, job)
    assert final["stage"] == "FAILED" and "encoder stopped" in final["error_message"]
    assert final["credits_used"] == 0
    user.refresh_from_db()
    assert user.credits_remaining == before


def test_the_prompt_reaches_the_pitches_and_the_storyboard_and_survives_a_rewrite(api, run):
    job = upload_brief(api, run, brand_essence_prompt="Teaser for Lumen Coffee, calm and dreamy, for Instagram")
    pitches = api.get(f"/api/v1/jobs/{job.pk}/pitches/").json()
    for pitch in pitches:
        assert "Lumen Coffee" in pitch["three_beat_pulse"]["vision"], pitch
    newtonian = next(p for p in pitches if p["director_id"] == "newtonian")
    assert "dream" not in str(newtonian).lower()  # "Dream" is the Newtonian's forbidden word
    current = choose(api, run, job, "newtonian")
    for scene in current["scenes"]:
        assert "Lumen Coffee, for Instagram" in scene["action_token"] and "calm" in scene["action_token"]
        assert "dream" not in scene["action_token"].lower()
    first = current["scenes"][0]
    response = run(
        api.post,
        f"/api/v1/jobs/{job.pk}/scenes/{first['id']}/review/",
        {"verdict": "RED"},
        HTTP_IF_MATCH=f'"{current["version"]}"',
    )
    assert response.status_code == 200, response.json()
    assert "Lumen Coffee" in response.json()["scenes"][0]["action_token"]
