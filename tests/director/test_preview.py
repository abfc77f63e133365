import io

import numpy as np
from PIL import Image

from director.directors import get_director
from director.engines import get_engine
from director.engines.preview import KeyframePreviewer


def scene(**fields):
    return {"shot": "medium", "camera": "static", "duration": 5.0, **fields}


def preview(photo, director="minimalist", **fields):
    data = KeyframePreviewer().render(photo, scene(**fields), get_director(director))
    return Image.open(io.BytesIO(data))


def pixels(image):
    return np.asarray(image.convert("RGB"), dtype=np.float64)


def test_the_engine_registry_resolves_the_keyframe_previewer():
    assert isinstance(get_engine("previewer"), KeyframePreviewer)


def test_a_preview_is_a_640x360_jpeg(photo):
    image = preview(photo)

    assert image.format == "JPEG"
    assert image.size == (640, 360)


def test_a_close_shot_differs_from_a_wide_shot(photo):
    wide, close = pixels(preview(photo, shot="wide")), pixels(preview(photo, shot="close"))

    assert np.abs(wide - close).mean() > 10


def test_a_close_shot_frames_the_focus(photo):
    """A close shot on the left of the picture shows the left of the picture, not the right."""
    close = pixels(preview(photo, shot="close", focus={"x": 0.25, "y": 0.5}))
    w, h = photo.size
    crop_h = w / 16 * 9 * 0.5  # the close window is half the widest 16:9 window

    def source_crop(cx):
        box = (cx * w - crop_h * 16 / 9 / 2, h / 2 - crop_h / 2, cx * w + crop_h * 16 / 9 / 2, h / 2 + crop_h / 2)
        return pixels(photo.resize((640, 360), Image.Resampling.LANCZOS, box=box))

    left, right = source_crop(0.25), source_crop(0.75)
    assert np.abs(close - left).mean() < 0.5 * np.abs(close - right).mean()


def test_a_warmer_adjustment_shifts_red_against_blue(photo):
    base = pixels(preview(photo))
    warm = pixels(preview(photo, grade_adjust={"warmth": 0.3}))
    cool = pixels(preview(photo, grade_adjust={"warmth": -0.3}))

    def red_minus_blue(a):
        return (a[..., 0] - a[..., 2]).mean()

    assert red_minus_blue(warm) > red_minus_blue(base) + 5
    assert red_minus_blue(cool) < red_minus_blue(base) - 5


def test_a_brighter_adjustment_lifts_the_picture(photo):
    base = pixels(preview(photo)).mean()

    assert pixels(preview(photo, grade_adjust={"brightness": 0.2})).mean() > base + 5
    assert pixels(preview(photo, grade_adjust={"brightness": -0.2})).mean() < base - 5


def test_each_director_grades_in_its_own_look(photo):
    def saturation(image):
        hsv = np.asarray(image.convert("HSV"), dtype=np.float64)
        return hsv[..., 1].mean()

    # The visionary lifts colour (1.25), the minimalist restrains it (0.8).
    assert saturation(preview(photo, "visionary")) > saturation(preview(photo, "minimalist")) * 1.1
