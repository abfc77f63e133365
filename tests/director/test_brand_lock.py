"""The brand's essence at upload, and the BrandSemanticLock written at selection and never changed after."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from director import voices
from director.directors import ROSTER, get_director
from director.engines import get_engine
from director.lock import context_of
from director.models import PromptRecord, VisionJob
from tests.flow import choose, review, state
from tests.photos import photo_bytes

ESSENCE = {
    "product_info": "Kopi Emas cold brew, 250 ml",
    "selling_points": "twelve-hour steep; no sugar added",
    "target_audience": "office workers in Kuala Lumpur",
    "pain_points": "afternoon slump",
    "scenarios": "desk, commute",
    "cta_offer": "Beli 2 percuma 1",
}


def upload_with(api, captured, **fields):
    with captured(execute=True):
        return api.post(
            "/api/v1/jobs/",
            {"image": SimpleUploadedFile("p.jpg", photo_bytes("coffee.jpg"), "image/jpeg")} | fields,
            format="multipart",
        )


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "zh-CN", "ms"])
def test_the_pitch_names_the_product_and_its_selling_point(api, django_capture_on_commit_callbacks, language):
    response = upload_with(api, django_capture_on_commit_callbacks, language=language, **ESSENCE)
    assert response.status_code == 201, response.json()
    job = VisionJob.objects.get(pk=response.json()["id"])
    assert job.brand_essence["productInfo"] == ESSENCE["product_info"]
    assert job.brand_essence["ctaOffer"] == ESSENCE["cta_offer"]
    for pitch in api.get(f"/api/v1/jobs/{job.pk}/pitches/").json():
        magic = pitch["three_beat_pulse"]["magic"]
        assert "Kopi Emas cold brew" in magic and "twelve-hour steep" in magic, magic


@pytest.mark.django_db
def test_the_brand_fields_are_sanitised_and_bounded(api, django_capture_on_commit_callbacks):
    response = upload_with(
        api, django_capture_on_commit_callbacks, product_info="Kopi\u200b Emas\x07\n  Gold", cta_offer="x" * 81
    )
    assert response.status_code == 400
    assert "cta_offer" in response.json()["errors"] and "80" in str(response.json()["errors"]["cta_offer"])
    assert not VisionJob.objects.exists()
    response = upload_with(api, django_capture_on_commit_callbacks, product_info="Kopi\u200b Emas\x07\n  Gold")
    assert response.status_code == 201
    assert VisionJob.objects.get().brand_essence["productInfo"] == "Kopi Emas Gold"


@pytest.mark.django_db
def test_a_brand_forbidden_word_never_reaches_the_pitch(api, django_capture_on_commit_callbacks):
    upload_with(
        api, django_capture_on_commit_callbacks, product_info="Magic Dream Glow serum", selling_points="魔法般发光"
    )
    for pitch in VisionJob.objects.get().pitches:
        words = voices.forbidden_words(ROSTER[pitch["director_id"]], "en")
        assert not any(w.lower() in pitch["three_beat_pulse"]["magic"].lower() for w in words)


@pytest.mark.django_db
def test_the_lock_is_written_at_selection_in_the_originals_shape(api, run, django_capture_on_commit_callbacks):
    response = upload_with(api, django_capture_on_commit_callbacks, language="zh-TW", warmth="0.7", **ESSENCE)
    job = VisionJob.objects.get(pk=response.json()["id"])
    current = choose(api, run, job, "visionary")
    lock = current["brand_semantic_lock"]
    assert set(lock) == {"brandEssence", "culturalVoice", "directorId", "directorLens", "visualIdentity"}
    assert lock["brandEssence"]["ctaOffer"] == "Beli 2 percuma 1"
    assert lock["culturalVoice"] | {} == {
        "language": "zh-TW",
        "region": "taiwan",
        "formality": "professional",
        "warmth": 0.7,
        "voiceModifier": lock["culturalVoice"]["voiceModifier"],
    }
    assert lock["culturalVoice"]["voiceModifier"]
    assert lock["directorId"] == "visionary"
    assert lock["directorLens"]["engine"] == "luma" and lock["directorLens"]["riskLevel"] == "Experimental"
    pitch = next(p for p in job.pitches if p["director_id"] == "visionary")
    assert lock["directorLens"]["vision"] == pitch["three_beat_pulse"]["vision"]
    identity = lock["visualIdentity"]
    assert identity["mood"] == job.analysis_data["mood"]
    assert identity["mood"] in identity["invariantToken"] and identity["composition"] in identity["invariantToken"]


@pytest.mark.django_db
def test_reviews_and_rewrites_never_change_the_lock(api, run, django_capture_on_commit_callbacks):
    response = upload_with(api, django_capture_on_commit_callbacks, language="ms", **ESSENCE)
    job = VisionJob.objects.get(pk=response.json()["id"])
    current = choose(api, run, job, "newtonian")
    before = PromptRecord.objects.get(job=job).brand_semantic_lock
    scenes = current["scenes"]
    current = review(api, run, job, scenes[0]["id"], "YELLOW", current["version"], feedback="closer, warmer").json()
    current = review(api, run, job, scenes[1]["id"], "RED", current["version"]).json()
    current = review(api, run, job, scenes[2]["id"], "GREEN", current["version"]).json()
    assert state(api, job)["scenes"][0]["action_token"] != scenes[0]["action_token"]  # the rewrite happened
    assert PromptRecord.objects.get(job=job).brand_semantic_lock == before


@pytest.mark.django_db
def test_replaying_the_storyboard_from_the_lock_gives_the_same_scenes(api, run, django_capture_on_commit_callbacks):
    response = upload_with(api, django_capture_on_commit_callbacks, language="zh-CN")
    job = VisionJob.objects.get(pk=response.json()["id"])
    choose(api, run, job, "minimalist")
    record = PromptRecord.objects.get(job=job)
    VisionJob.objects.filter(pk=job.pk).update(cultural_context={"language": "ms"})  # the job's own changes...
    record.refresh_from_db()
    director = get_director(record.brand_semantic_lock["directorId"])
    analysis = record.source_analysis
    replay = voices.localise_storyboard(
        director, analysis, get_engine("storyboard_writer").write(director, analysis, scenes=3), context_of(record)
    )
    keys = ("action_token", "invariant_token", "style_token", "shot", "camera", "duration", "transition")
    assert [{k: s[k] for k in keys} for s in replay] == [{k: s[k] for k in keys} for s in record.scenes_data]
    assert "结构" in record.scenes_data[0]["style_token"]  # ...but the lock's voice, zh-CN, is what is replayed
