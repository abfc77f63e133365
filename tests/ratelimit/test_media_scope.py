"""The media routes (image, scene preview, video) count against their own scope, "media" (STUDIO_RATE_MEDIA)."""

import uuid
from datetime import UTC, datetime

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from director.models import PromptRecord, preview_path, render_path
from tests.jobs import make_job

pytestmark = pytest.mark.django_db
T0 = datetime(2026, 3, 1, 12, 0, 0, tzinfo=UTC)


@pytest.fixture
def media_urls(user):
    job = make_job(user)
    scene_id = str(uuid.uuid4())
    record = PromptRecord.objects.create(
        job=job,
        selected_director_id="newtonian",
        scenes_data=[
            {"id": scene_id, "preview_path": default_storage.save(preview_path(None, "p.jpg"), ContentFile(b"p"))}
        ],
    )
    record.video.save(render_path(None, "v.mp4"), ContentFile(b"v" * 100))
    base = f"/api/v1/jobs/{job.pk}"
    return [f"{base}/image/", f"{base}/scenes/{scene_id}/preview/", f"{base}/video/"]


@pytest.fixture
def media_rate(settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "media": "3/min"},
    }


def test_the_media_scope_has_a_generous_default(api, media_urls):
    response = api.get(media_urls[0])
    assert response.status_code == 200
    assert response["RateLimit-Policy"] == '"media";q=600;w=60'


def test_past_the_media_limit_is_a_429_with_retry_after(api, media_urls, media_rate):
    with time_machine.travel(T0, tick=False) as clock:
        for url in media_urls:  # image, preview and video share the one count
            assert api.get(url, HTTP_RANGE="bytes=0-0").status_code == 206
        clock.shift(20)
        response = api.get(media_urls[2], HTTP_RANGE="bytes=0-0")
    assert response.status_code == 429
    assert response["Retry-After"] == "40"
    assert response.json() == {
        "detail": "Too many requests for media: limit 3 per 60 s. Try again in 40 s.",
        "code": "throttled",
    }


def test_the_media_count_leaves_the_api_scope_alone(api, media_urls, media_rate):
    for _ in range(4):
        api.get(media_urls[0])
    assert api.get(media_urls[0]).status_code == 429
    assert api.get("/api/v1/jobs/").status_code == 200
