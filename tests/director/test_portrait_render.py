"""Through the API: a portrait whose analysis names the face (and whose subject mask is stored beside the
upload) is previewed and rendered on the face, and the engine says what it is, everywhere it is shown."""

import io

import numpy as np
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image

from director.files import mask_name
from tests.director.portrait import OFF_CENTRE_SUBJECTS, decode, faces_in, off_centre
from tests.flow import approve_all, choose, state, upload_idle


def jpeg(image):
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=92)
    return buffer.getvalue()


def body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def png(image):
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def test_a_portrait_is_previewed_and_rendered_on_its_face_by_an_engine_that_says_what_it_is(api, upload, run, tmp_path):
    image, mask = off_centre()
    job = upload_idle(lambda: upload(jpeg(image), name="portrait.jpg"))
    job.analysis_data = {**job.analysis_data, "subjects": OFF_CENTRE_SUBJECTS}
    job.save(update_fields=["analysis_data"])
    default_storage.save(mask_name(job.image.name), ContentFile(png(mask)))

    pitches = state(api, job)["pitches"]
    assert {p["recommended_engine_label"] for p in pitches} <= {
        "Local renderer, Kling-style motion",
        "Local renderer, Luma-style motion",
    }
    current = choose(api, run, job, "newtonian")
    assert current["stage"] == "STORYBOARD_REVIEW", current
    assert current["production_engine"] == "kling"
    assert current["engine_label"] == "Local renderer, Kling-style motion"
    assert {s["engine_label"] for s in current["scenes"]} == {"Local renderer, Kling-style motion"}
    for scene in current["scenes"]:
        preview = np.asarray(Image.open(io.BytesIO(body(api.get(scene["preview_url"])))).convert("RGB"))
        assert faces_in(preview), scene["shot"]

    approve_all(api, run, job)
    response = run(api.post, f"/api/v1/jobs/{job.pk}/approve/")
    assert response.status_code == 202, response.json()
    final = state(api, job)
    assert final["stage"] == "COMPLETED", final
    video = api.get(final["video_url"])
    path = tmp_path / "video.mp4"
    path.write_bytes(body(video))
    frames, info = decode(path)
    start = 0
    for scene in final["scenes"]:
        count = round(scene["duration"] * info["fps"])
        for frame in (frames[start], frames[start + count // 2], frames[start + count - 1]):
            assert faces_in(frame), scene["shot"]
        start += count
    assert start == len(frames)
