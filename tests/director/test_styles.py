"""Style presets: the six as data, premium ones for pro/enterprise only, keyword scoring, the grade on frames."""

import io

import numpy as np
import pytest
from PIL import Image
from rest_framework.test import APIClient

from director import styles
from director.models import PromptRecord
from tests.factories import UserFactory
from tests.flow import choose, select, upload_idle


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


def _upload(api, captured):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.photos import photo_bytes

    with captured(execute=True):
        return api.post(
            "/api/v1/jobs/", {"image": SimpleUploadedFile("p.jpg", photo_bytes(), "image/jpeg")}, format="multipart"
        )


def _run(captured):
    def run(method, *args, **kwargs):
        with captured(execute=True):
            return method(*args, **kwargs)

    return run
