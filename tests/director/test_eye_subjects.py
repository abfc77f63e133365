"""The Eye sees what is in real photographs: faces where a person sees them, a cat's face, and nothing it didn't find.

The reference boxes and points here were marked by hand on the photographs (an independent measure), not taken
from the detector's output.
"""

import io
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageEnhance, ImageFilter, ImageOps

from director.engines.eye import LocalEye
from director.engines.eye.detect import LABELS, iou

IMAGES = Path(__file__).resolve().parent.parent / "images"
WITHOUT_A_FACE = ("coffee.jpg", "rocket.jpg", "coins.jpg", "retina.jpg", "page.png", "chelsea.jpg")
WITHOUT_A_CAT = ("astronaut.jpg", "coffee.jpg", "rocket.jpg", "coins.jpg", "retina.jpg", "page.png")
ALL = ("astronaut.jpg", "chelsea.jpg", "coffee.jpg", "rocket.jpg", "coins.jpg", "retina.jpg", "page.png")

# Eileen Collins' face in astronaut.jpg (512 x 512), marked by hand: cheek to cheek, hairline to chin.
ASTRONAUT_FACE = [174 / 512, 72 / 512, 278 / 512, 178 / 512]
# Chelsea (451 x 300): her eyes and her nose, marked by hand; all three lie on her face.
CHELSEA_FEATURES = [(170 / 451, 112 / 300), (318 / 451, 135 / 300), (258 / 451, 242 / 300)]


def photo(name):
    with Image.open(IMAGES / name) as image:
        return image.convert("RGB")


@pytest.fixture(scope="module")
def eye():
    return LocalEye()


@pytest.fixture(scope="module")
def seen(eye):
    return {name: eye.analyze(photo(name)) for name in ALL}


def labelled(analysis, label):
    return [s for s in analysis["subjects"] if s["label"] == label]


def inside(point, box, margin=0.0):
    x, y = point
    return box[0] - margin <= x <= box[2] + margin and box[1] - margin <= y <= box[3] + margin


def test_the_astronauts_face_is_found_where_a_person_sees_it(seen):
    result = seen["astronaut.jpg"]
    faces = labelled(result, "face")
    assert len(faces) == 1, result["subjects"]
    assert result["subjects"][0]["label"] == "face"
    assert iou(faces[0]["box"], ASTRONAUT_FACE) >= 0.6, faces[0]["box"]
    assert 0.5 <= faces[0]["confidence"] <= 1.0


@pytest.mark.parametrize(
    "spoil",
    [
        lambda i: i.filter(ImageFilter.GaussianBlur(4)),
        lambda i: ImageEnhance.Brightness(i).enhance(0.15),
        lambda i: jpeg(i, 8),
    ],
    ids=["blurred", "dark", "jpeg-8"],
)
def test_the_face_is_still_found_in_a_spoilt_copy(eye, spoil):
    faces = labelled(eye.analyze(spoil(photo("astronaut.jpg"))), "face")
    assert len(faces) == 1 and iou(faces[0]["box"], ASTRONAUT_FACE) >= 0.6


def jpeg(image, quality):
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=quality)
    buffer.seek(0)
    with Image.open(buffer) as decoded:
        return decoded.convert("RGB")


def test_the_face_follows_the_picture_when_it_is_mirrored(eye):
    faces = labelled(eye.analyze(ImageOps.mirror(photo("astronaut.jpg"))), "face")
    left, top, right, bottom = ASTRONAUT_FACE
    assert len(faces) == 1 and iou(faces[0]["box"], [1 - right, top, 1 - left, bottom]) >= 0.6


def test_a_portrait_scaled_up_to_12_megapixels_still_shows_its_face(eye):
    big = photo("astronaut.jpg").resize((4000, 4000), Image.Resampling.BICUBIC)
    faces = labelled(eye.analyze(big), "face")
    assert len(faces) == 1 and iou(faces[0]["box"], ASTRONAUT_FACE) >= 0.6


@pytest.mark.parametrize("name", WITHOUT_A_FACE)
def test_no_face_is_claimed_in_a_photo_without_one(seen, name):
    assert labelled(seen[name], "face") == [], seen[name]["subjects"]


def test_chelseas_face_is_a_cat_face(seen):
    result = seen["chelsea.jpg"]
    cats = labelled(result, "cat face")
    assert len(cats) == 1 and result["subjects"][0]["label"] == "cat face", result["subjects"]
    for point in CHELSEA_FEATURES:
        assert inside(point, cats[0]["box"]), (point, cats[0]["box"])
    assert "cat face" in result["focal_point"]["label"]


@pytest.mark.parametrize("name", WITHOUT_A_CAT)
def test_no_cat_is_claimed_where_there_is_none(seen, name):
    assert labelled(seen[name], "cat face") == []


@pytest.mark.parametrize("name", ALL)
def test_subjects_have_the_documented_shape_and_the_focal_point_lies_on_the_first(seen, name):
    result = seen[name]
    assert result["subjects"], name
    for subject in result["subjects"]:
        assert set(subject) == {"label", "box", "confidence"}
        assert subject["label"] in LABELS
        left, top, right, bottom = subject["box"]
        assert 0.0 <= left < right <= 1.0 and 0.0 <= top < bottom <= 1.0
        assert 0.0 <= subject["confidence"] <= 1.0
    focal = result["focal_point"]
    assert inside((focal["x"], focal["y"]), result["subjects"][0]["box"], margin=0.01), (focal, result["subjects"])
    assert isinstance(result["text"], list) and all(isinstance(line, str) for line in result["text"])


def test_a_photo_with_nothing_recognised_names_its_salient_subject(seen):
    # The espresso in the cup and the spoon's bowl, marked by hand (600 x 400): the salient region holds both.
    result = seen["coffee.jpg"]
    assert [s["label"] for s in result["subjects"]] == ["subject"]
    assert inside((295 / 600, 150 / 400), result["subjects"][0]["box"])
    assert inside((365 / 600, 285 / 400), result["subjects"][0]["box"])
    assert "form at the" in result["focal_point"]["label"]


def test_the_summary_names_the_subject_by_what_it_is(seen):
    assert "the face at the upper centre" in seen["astronaut.jpg"]["invariant_visual_summary"]
    assert "cat face" in seen["chelsea.jpg"]["invariant_visual_summary"]
    assert "terracotta" not in seen["astronaut.jpg"]["focal_point"]["label"]


def test_a_blank_frame_has_no_subject_but_the_frame(eye):
    result = eye.analyze(Image.new("RGB", (640, 480), (128, 128, 128)))
    assert result["subjects"] == [{"label": "subject", "box": [0.0, 0.0, 1.0, 1.0], "confidence": 0.0}]
    assert result["text"] == []


def test_the_subject_mask_covers_the_face_and_little_else(eye, seen):
    image = photo("astronaut.jpg")
    mask = eye.subject_mask(image, seen["astronaut.jpg"])
    assert mask.dtype == np.uint8 and mask.shape == (image.height, image.width)
    assert set(np.unique(mask)) <= {0, 255}
    h, w = mask.shape
    left, top, right, bottom = ASTRONAUT_FACE
    # The middle of the hand-marked face (between the eyes and the mouth) is subject...
    core = mask[int((top + 0.35 * (bottom - top)) * h) : int((top + 0.75 * (bottom - top)) * h),
                int((left + 0.3 * (right - left)) * w) : int((left + 0.7 * (right - left)) * w)]  # fmt: skip
    assert (core == 255).mean() >= 0.8
    # ... and the mask keeps to the face: nearly all of it lies within the hand-marked box, widened by a third.
    grown = [left - 0.33 * (right - left), top - 0.33 * (bottom - top), right + 0.33 * (right - left), bottom + 0.1]
    ys, xs = np.nonzero(mask)
    within = [inside(((x + 0.5) / w, (y + 0.5) / h), grown) for x, y in zip(xs[::50], ys[::50], strict=True)]
    assert np.mean(within) >= 0.95


def test_a_large_image_gets_a_mask_of_at_most_1024_px_in_its_aspect(eye):
    big = photo("coffee.jpg").resize((3000, 2000), Image.Resampling.BICUBIC)
    mask = eye.subject_mask(big, eye.analyze(big))
    assert mask.shape == (683, 1024) and (mask == 255).any() and (mask == 0).any()
