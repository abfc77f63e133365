"""Style presets: the six as data, premium ones for pro/enterprise only, keyword scoring, the grade on frames."""

import io

import av
import numpy as np
import pytest
from PIL import Image
from rest_framework.test import APIClient

from director import styles
from director.models import PromptRecord
from tests.factories import UserFactory
from tests.flow import approve_all, choose, select, state, upload_idle


def client(plan):
    api = APIClient()
    api.force_authenticate(UserFactory(plan=plan))
    return api


@pytest.mark.django_db
def test_styles_lists_the_six_and_what_the_plan_includes():
    free = client("free").get("/api/v1/styles/").json()
    assert [s["id"] for s in free] == [
        "luxury-gold", "tech-modern", "nature-organic", "dramatic-cinematic", "minimal-zen", "luxury-noir",
    ]  # fmt: skip
    assert {s["id"] for s in free if s["available"]} == {"luxury-gold", "tech-modern", "nature-organic"}
    assert all(s["available"] for s in client("pro").get("/api/v1/styles/").json())
    assert all(s["grade"] and s["typography"]["family"] and s["keywords"] for s in free)


def test_keyword_scoring_is_the_originals():
    noir = styles.STYLES["luxury-noir"]
    assert styles.score(noir, {"noir", "black", "dark"}) == 9  # +3 per keyword
    assert styles.score(noir, {"black", "fragrance"}) == 5  # +2 per category word
    assert styles.score(noir, {"black"}, industry="Fragrance") == 5  # +2 for the industry
    moody = {"mood": "brooding", "keywords": ["monochrome", "low-key"], "palette_names": ["black", "charcoal"]}
    assert styles.pick_style(moody, {}, "pro") == "luxury-noir"
    assert styles.pick_style(moody, {}, "free") in {"luxury-gold", "tech-modern", "nature-organic"}
    assert styles.pick_style({}, {}, "pro") == "luxury-gold"  # nothing scores: the default
    fresh = {"mood": "airy", "keywords": ["textured"]}
    assert styles.pick_style(fresh, {"productInfo": "organic green tea"}, "free") == "nature-organic"


def stats(png_bytes):
    """Mean HSV saturation (0..255) and the interquartile range of luma (contrast; robust to clipped extremes):
    measured on the decoded frame, not read from the grade."""
    image = Image.open(io.BytesIO(png_bytes)).convert("RGB")
    saturation = np.asarray(image.convert("HSV"))[..., 1].astype(float).mean()
    luma = np.asarray(image.convert("L")).astype(float)
    return saturation, np.percentile(luma, 75) - np.percentile(luma, 25)


@pytest.mark.django_db
def test_a_free_user_asking_for_a_premium_preset_gets_403_naming_the_plan(django_capture_on_commit_callbacks):
    api = client("free")
    job = upload_idle(lambda: _upload(api, django_capture_on_commit_callbacks))
    response = select(api, _run(django_capture_on_commit_callbacks), job, "newtonian", style_id="luxury-noir")
    assert response.status_code == 403
    assert response.json()["code"] == "plan_required"
    assert "Pro" in response.json()["detail"] and "Luxury Noir" in response.json()["detail"]
    assert not PromptRecord.objects.filter(job=job).exists()


@pytest.mark.django_db
def test_a_premium_preset_on_another_users_job_is_a_404_not_a_403(django_capture_on_commit_callbacks):
    owner, stranger = client("pro"), client("free")
    job = upload_idle(lambda: _upload(owner, django_capture_on_commit_callbacks))
    response = select(stranger, _run(django_capture_on_commit_callbacks), job, "newtonian", style_id="luxury-noir")
    assert response.status_code == 404, response.json()
    assert not PromptRecord.objects.filter(job=job).exists()


@pytest.mark.django_db
def test_a_pro_users_noir_previews_are_graded_noir_against_gold(django_capture_on_commit_callbacks):
    api = client("pro")
    run = _run(django_capture_on_commit_callbacks)
    measured = {}
    for style_id in ("luxury-gold", "luxury-noir"):
        job = upload_idle(lambda: _upload(api, django_capture_on_commit_callbacks))
        current = choose(api, run, job, "newtonian", style_id=style_id)
        assert current["selected_style_id"] == style_id
        assert current["brand_semantic_lock"]["visualIdentity"]["styleId"] == style_id
        frames = [api.get(s["preview_url"]) for s in current["scenes"]]
        measured[style_id] = np.mean([stats(b"".join(f.streaming_content)) for f in frames], axis=0)
    (gold_sat, gold_contrast), (noir_sat, noir_contrast) = measured["luxury-gold"], measured["luxury-noir"]
    assert noir_sat < 0.65 * gold_sat, measured  # noir: 0.35 saturation against gold's 1.1
    assert noir_contrast > 1.08 * gold_contrast, measured  # and 1.45 contrast against 1.05


@pytest.mark.django_db
def test_without_a_choice_the_keywords_pick_and_the_pick_is_stored(django_capture_on_commit_callbacks):
    api = client("free")
    job = upload_idle(lambda: _upload(api, django_capture_on_commit_callbacks))
    current = choose(api, _run(django_capture_on_commit_callbacks), job, "minimalist")
    expected = styles.pick_style(job.analysis_data, job.brand_essence, "free")
    assert current["selected_style_id"] == expected
    assert PromptRecord.objects.get(job=job).selected_style_id == expected


def video_stats(data):
    """Mean HSV saturation (0..255) and contrast, the standard deviation of luma, over every decoded frame of an
    MP4: the video as a player shows it, not the grade the scene asked for."""
    saturation, contrast = [], []
    with av.open(io.BytesIO(data)) as container:
        for frame in container.decode(container.streams.video[0]):
            image = frame.to_image()
            saturation.append(np.asarray(image.convert("HSV"))[..., 1].astype(float).mean())
            contrast.append(np.asarray(image.convert("L")).astype(float).std())
            size = image.size
    return {
        "saturation": float(np.mean(saturation)),
        "contrast": float(np.mean(contrast)),
        "frames": len(contrast),
    }, size


# The presets declare noir's saturation 0.35 against gold's 1.1 (x0.32) and its contrast 1.45 against 1.05 (x1.38);
# measured, highlights and shadows clip, so the video moves less: the margins are the previews' (above).
LESS_SATURATED, MORE_CONTRAST = 0.65, 1.08


@pytest.mark.django_db
def test_a_pro_users_noir_render_measures_noir_against_gold_and_an_ungraded_render_does_not(
    settings, django_capture_on_commit_callbacks
):
    settings.STUDIO_RENDER_SIZE = (1280, 720)  # 720p, as in production
    api = client("pro")
    run = _run(django_capture_on_commit_callbacks)
    brief = {"scene_count": 1, "scene_duration": 2, "resolution": "720p"}
    measured = {}
    for name, style_id in (("luxury-gold", "luxury-gold"), ("luxury-noir", "luxury-noir"), ("ungraded", "luxury-noir")):
        job = upload_idle(lambda: _upload(api, django_capture_on_commit_callbacks, **brief))
        current = choose(api, run, job, "newtonian", style_id=style_id)
        assert [s["duration"] for s in current["scenes"]] == [2.0]
        if name == "ungraded":  # the control: the same storyboard as noir's, its scene without the preset's grade
            record = PromptRecord.objects.get(job=job)
            assert record.scenes_data[0]["style_grade"] == styles.grade_of("luxury-noir")
            record.scenes_data = [{k: v for k, v in s.items() if k != "style_grade"} for s in record.scenes_data]
            record.save(update_fields=["scenes_data"])
        approve_all(api, run, job)
        response = run(api.post, f"/api/v1/jobs/{job.pk}/approve/")  # the production render, run in-process
        assert response.status_code == 202, response.json()
        final = state(api, job)
        assert final["stage"] == "COMPLETED", final
        video = api.get(final["video_url"])
        measured[name], size = video_stats(b"".join(video.streaming_content))
        assert size == (1280, 720) and measured[name]["frames"] == 2 * 12, measured[name]
    gold, noir, ungraded = measured["luxury-gold"], measured["luxury-noir"], measured["ungraded"]
    assert noir["saturation"] < LESS_SATURATED * gold["saturation"], measured
    assert noir["contrast"] > MORE_CONTRAST * gold["contrast"], measured
    # The control: had the render left the preset's grade out, noir's video would fail both.
    assert ungraded["saturation"] >= LESS_SATURATED * gold["saturation"], measured
    assert ungraded["contrast"] <= MORE_CONTRAST * gold["contrast"], measured
    # Each preset moves its video the way it declares, against the same storyboard ungraded (gold: x1.1 saturation,
    # x1.05 contrast; noir: x0.35, x1.45).
    assert noir["saturation"] < LESS_SATURATED * ungraded["saturation"], measured
    assert noir["contrast"] > MORE_CONTRAST * ungraded["contrast"], measured
    assert gold["saturation"] > 1.03 * ungraded["saturation"] and gold["contrast"] > ungraded["contrast"], measured


def _upload(api, captured, **fields):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.photos import photo_bytes

    with captured(execute=True):
        return api.post(
            "/api/v1/jobs/",
            {"image": SimpleUploadedFile("p.jpg", photo_bytes(), "image/jpeg"), **fields},
            format="multipart",
        )


def _run(captured):
    def run(method, *args, **kwargs):
        with captured(execute=True):
            return method(*args, **kwargs)

    return run
