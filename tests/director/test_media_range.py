"""Range on the media routes (image, scene preview, video): positions are read by value, whatever their length.

A number of any length is a valid byte position (RFC 9110 14.1.1). Positions past the end of any stored
file (more than 18 significant digits) are treated as such: a start there is unsatisfiable (416), an end
there is clamped to the file's last byte (206). A header that does not parse as one bytes range is
ignored: the whole file, 200.
"""

import uuid

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from director.models import PromptRecord, preview_path, render_path
from tests.jobs import make_job, png_bytes

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("relaxed_rates")]

HUGE = "9" * 4301  # past int()'s default limit of 4300 digits


@pytest.fixture
def routes(user):
    """The three media routes of one job, each serving a stored file of known bytes."""
    image = png_bytes(size=(80, 60))
    job = make_job(user, data=image)
    video = bytes(range(256)) * 40
    preview = bytes(reversed(range(256))) * 30
    scene_id = str(uuid.uuid4())
    record = PromptRecord.objects.create(
        job=job,
        selected_director_id="newtonian",
        scenes_data=[
            {"id": scene_id, "preview_path": default_storage.save(preview_path(None, "p.jpg"), ContentFile(preview))}
        ],
    )
    record.video.save(render_path(None, "v.mp4"), ContentFile(video))
    base = f"/api/v1/jobs/{job.pk}"
    return {
        "image": (f"{base}/image/", image),
        "preview": (f"{base}/scenes/{scene_id}/preview/", preview),
        "video": (f"{base}/video/", video),
    }


def body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.fixture(params=["image", "preview", "video"])
def route(request, routes):
    return routes[request.param]


def test_a_start_thousands_of_digits_long_is_unsatisfiable(api, route):
    url, data = route
    response = api.get(url, HTTP_RANGE=f"bytes={HUGE}-")
    assert response.status_code == 416
    assert response["Content-Range"] == f"bytes */{len(data)}"


def test_an_end_thousands_of_digits_long_is_clamped_to_the_last_byte(api, route):
    url, data = route
    response = api.get(url, HTTP_RANGE=f"bytes=10-{HUGE}")
    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes 10-{len(data) - 1}/{len(data)}"
    assert body(response) == data[10:]


def test_a_suffix_thousands_of_digits_long_is_the_whole_file(api, route):
    url, data = route
    response = api.get(url, HTTP_RANGE=f"bytes=-{HUGE}")
    assert response.status_code == 206 and body(response) == data


def test_leading_zeros_do_not_change_a_position(api, route):
    url, data = route
    response = api.get(url, HTTP_RANGE=f"bytes={'0' * 5000}5-{'0' * 5000}9")
    assert response.status_code == 206 and body(response) == data[5:10]


@pytest.mark.parametrize("header", ["bytes=\u0661-\u0663", "bytes=\u00b2-", "items=0-9", "bytes=0-1,4-5"])
def test_a_range_that_does_not_parse_is_ignored(api, route, header):
    url, data = route
    response = api.get(url, HTTP_RANGE=header)
    assert response.status_code == 200 and body(response) == data


def test_an_unsatisfiable_range_is_a_json_416(api, route):
    url, data = route
    response = api.get(url, HTTP_RANGE=f"bytes={len(data)}-")
    assert response.status_code == 416
    assert response["Content-Type"] == "application/json"
    assert response["Content-Range"] == f"bytes */{len(data)}"
    assert response.json()["code"] == "range_not_satisfiable" and f"{len(data)} bytes" in response.json()["detail"]


def test_a_file_deleted_behind_its_job_is_a_json_404(api, user):
    job = make_job(user, data=png_bytes(size=(80, 60)))
    default_storage.delete(job.image.name)
    response = api.get(f"/api/v1/jobs/{job.pk}/image/")
    assert response.status_code == 404
    assert response.json() == {"detail": "That file is no longer stored.", "code": "not_found"}
