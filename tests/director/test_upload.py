"""Uploads: accepted by content, hostile input refused with a clear 4xx, nothing left behind."""

import hashlib

import pytest

from director.files import mask_name
from director.models import VisionJob
from tests import photos
from tests.conftest import stored_files

HOSTILE = {
    "zero bytes": (b"", "empty.jpg", 400, "empty"),
    "truncated jpeg": (photos.photo_bytes()[:2000], "cut.jpg", 400, "truncated"),
    "text named .jpg": (b"hello, I am not an image\n" * 20, "text.jpg", 415, "not a JPEG, PNG or WebP"),
    "svg": (b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "x.svg", 415, "not a JPEG"),
    "gif": (b"GIF89a" + b"\x01\x00\x01\x00\x80\x00\x00" + b"\x00" * 30, "a.gif", 415, "not a JPEG"),
    "png bomb": (photos.png_bomb(), "bomb.png", 400, "pixels"),
    "12 MiB": (b"\xff\xd8\xff\xe0" + b"\x00" * (12 * 1024 * 1024), "big.jpg", 413, "10 MiB"),
}


@pytest.mark.parametrize("case", HOSTILE, ids=list(HOSTILE))
def test_hostile_uploads_get_a_clear_4xx_and_leave_nothing(upload, media_root, case):
    data, name, code, words = HOSTILE[case]
    response = upload(data, name=name)
    assert response.status_code == code, response.content[:300]
    body = response.json()
    assert words.lower() in body["detail"].lower()
    assert body["code"]
    assert VisionJob.objects.count() == 0
    assert stored_files(media_root) == []


def test_a_missing_image_field_is_a_400(api):
    response = api.post("/api/v1/jobs/", {}, format="multipart")
    assert response.status_code == 400
    assert "image" in response.json()["detail"]


def test_a_photo_is_stored_hashed_and_analysed(upload, media_root, user):
    data = photos.photo_bytes()
    response = upload(data, name="../../etc/passwd\x00.jpg")
    assert response.status_code == 201, response.json()
    job = VisionJob.objects.get()
    assert job.user == user
    assert job.file_hash == hashlib.sha256(data).hexdigest()
    assert job.original_filename == "passwd.jpg"
    assert job.mime_type == "image/jpeg"
    assert "passwd" not in job.image.name and job.image.name.startswith("uploads/")
    # The immediate backend ran The Eye on commit: the job reached IDLE with its pitches.
    job.refresh_from_db()
    assert job.status == "completed", job.error_message
    assert len(job.pitches) == 4
    assert 0 <= job.quality_score <= 10
    # The upload and, beside it, the mask of the subject The Eye saw.
    assert stored_files(media_root) == sorted([job.image.name, mask_name(job.image.name)])


def test_the_declared_type_is_ignored(upload):
    response = upload(photos.photo_bytes(), name="looks.png", content_type="image/png")
    assert response.status_code == 201
    assert response.json()["mime_type"] == "image/jpeg"


@pytest.mark.parametrize(
    "data,mime",
    [
        (photos.cmyk_jpeg(), "image/jpeg"),
        (photos.png16(), "image/png"),
        (photos.encode(photos.photo_image(), "WEBP"), "image/webp"),
    ],
    ids=["cmyk jpeg", "16-bit png", "webp"],
)
def test_unusual_but_valid_images_are_analysed(upload, data, mime):
    response = upload(data, name="odd.img")
    assert response.status_code == 201, response.json()
    job = VisionJob.objects.get()
    assert job.mime_type == mime
    assert job.status == "completed", job.error_message


def test_exif_orientation_is_applied(upload):
    response = upload(photos.exif_rotated_jpeg(), name="rotated.jpg")
    assert response.status_code == 201
    assert (response.json()["width"], response.json()["height"]) == (60, 120)
