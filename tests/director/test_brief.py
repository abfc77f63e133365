"""The brief at upload: each field's default, its bounds, each invalid value a 400 naming the field, the plan rule."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction

from accounts.models import Plan
from director.models import VisionJob
from tests import photos
from tests.conftest import stored_files
from tests.factories import VisionJobFactory

DEFAULTS = {
    "brand_essence_prompt": "",
    "aspect_ratio": "16:9",
    "scene_count": 3,
    "scene_duration": 5.0,
    "resolution": "720p",
}


def post(api, **fields):
    image = SimpleUploadedFile("photo.jpg", photos.photo_bytes(), "image/jpeg")
    return api.post("/api/v1/jobs/", {"image": image, **fields}, format="multipart")


def test_without_a_brief_the_job_takes_the_defaults_and_shows_them(api):
    response = post(api)
    assert response.status_code == 201, response.json()
    assert {key: response.json()[key] for key in DEFAULTS} == DEFAULTS
    job = VisionJob.objects.get()
    assert {key: getattr(job, key) for key in DEFAULTS} == DEFAULTS
    state = api.get(f"/api/v1/jobs/{job.pk}/director/").json()
    assert {key: state[key] for key in DEFAULTS} == DEFAULTS
    assert state["cost_estimate"] == 3  # before any storyboard: the brief's scene count


VALID = [
    ("aspect_ratio", "16:9", "16:9"),
    ("aspect_ratio", "9:16", "9:16"),
    ("aspect_ratio", "1:1", "1:1"),
    ("aspect_ratio", "4:5", "4:5"),
    ("scene_count", "1", 1),
    ("scene_count", "10", 10),
    ("scene_count", "7", 7),
    ("scene_duration", "2", 2.0),
    ("scene_duration", "10", 10.0),
    ("scene_duration", "2.5", 2.5),
    ("resolution", "720p", "720p"),
    # An empty form field is a field not given (as a browser sends an untouched input): the default.
    ("aspect_ratio", "", "16:9"),
    ("scene_count", "", 3),
    ("scene_duration", "", 5.0),
    ("resolution", "", "720p"),
    ("brand_essence_prompt", "x" * 2000, "x" * 2000),
    # What counts is the text once cleaned: 2000 visible characters with zero-width spaces among them.
    ("brand_essence_prompt", "y" * 1000 + "\u200b" * 50 + "y" * 1000, "y" * 2000),
    ("brand_essence_prompt", "Lumen\u200b  Coffee\x07 for   Instagram\n", "Lumen Coffee for Instagram"),
]


@pytest.mark.parametrize(("field", "sent", "stored"), VALID, ids=[f"{f}={s[:12]!r}" for f, s, _ in VALID])
def test_each_valid_value_is_stored_and_shown(api, field, sent, stored):
    response = post(api, **{field: sent})
    assert response.status_code == 201, response.json()
    job = VisionJob.objects.get()
    assert getattr(job, field) == stored
    assert response.json()[field] == stored
    assert api.get(f"/api/v1/jobs/{job.pk}/director/").json()[field] == stored


INVALID = [
    ("aspect_ratio", "2:1"),
    ("aspect_ratio", "16x9"),
    ("aspect_ratio", "16:9 "),
    ("scene_count", "0"),
    ("scene_count", "11"),
    ("scene_count", "-1"),
    ("scene_count", "3.5"),
    ("scene_count", "three"),
    ("scene_duration", "1.9"),
    ("scene_duration", "10.01"),
    ("scene_duration", "0"),
    ("scene_duration", "nan"),
    ("scene_duration", "inf"),
    ("scene_duration", "five"),
    ("resolution", "4k"),
    ("resolution", "1080"),
    ("resolution", "720P"),
    ("brand_essence_prompt", "x" * 2001),
    ("brand_essence_prompt", "a\x00b"),
]


@pytest.mark.parametrize(("field", "sent"), INVALID, ids=[f"{f}={s[:12]!r}" for f, s in INVALID])
def test_each_invalid_value_is_a_400_naming_the_field_and_stores_nothing(api, media_root, field, sent):
    response = post(api, **{field: sent})
    assert response.status_code == 400, response.json()
    body = response.json()
    assert body["code"] == "invalid"
    assert set(body["errors"]) == {field}
    assert body["detail"].startswith(f"{field}: ")
    assert VisionJob.objects.count() == 0
    assert stored_files(media_root) == []


def test_a_range_error_says_the_range(api):
    body = post(api, scene_count="11").json()
    assert "from 1 to 10" in body["detail"]
    body = post(api, scene_duration="1").json()
    assert "from 2 to 10 seconds" in body["detail"]
    body = post(api, aspect_ratio="2:1").json()
    assert "16:9, 9:16, 1:1, 4:5" in body["detail"]


def test_1080p_on_the_free_plan_is_a_403_saying_why_and_stores_nothing(api, user, media_root):
    assert user.plan == Plan.FREE
    response = post(api, resolution="1080p")
    assert response.status_code == 403, response.json()
    body = response.json()
    assert body["code"] == "plan_required"
    assert "1080p" in body["detail"] and "Pro" in body["detail"] and "Free" in body["detail"]
    assert "720p" in body["detail"]  # what to do instead
    assert VisionJob.objects.count() == 0
    assert stored_files(media_root) == []


@pytest.mark.parametrize("plan", [Plan.PRO, Plan.ENTERPRISE])
def test_1080p_is_accepted_on_pro_and_enterprise(api, user, plan):
    user.plan = plan
    user.save(update_fields=["plan"])
    response = post(api, resolution="1080p", aspect_ratio="9:16")
    assert response.status_code == 201, response.json()
    job = VisionJob.objects.get()
    assert (job.resolution, job.aspect_ratio) == ("1080p", "9:16")


def test_every_field_at_once(api):
    response = post(
        api,
        brand_essence_prompt="Launch film for Aurora sneakers, bold and bright",
        aspect_ratio="4:5",
        scene_count="6",
        scene_duration="3.5",
    )
    assert response.status_code == 201, response.json()
    job = VisionJob.objects.get()
    assert (job.aspect_ratio, job.scene_count, job.scene_duration) == ("4:5", 6, 3.5)
    assert job.brand_essence_prompt == "Launch film for Aurora sneakers, bold and bright"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("aspect_ratio", "2:1"),
        ("scene_count", 0),
        ("scene_count", 11),
        ("scene_duration", 1.5),
        ("scene_duration", 10.5),
        ("resolution", "4k"),
        ("brand_essence_prompt", "x" * 2001),
    ],
)
def test_the_database_refuses_a_brief_out_of_bounds(db, field, value):
    job = VisionJobFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        VisionJob.objects.filter(pk=job.pk).update(**{field: value})
