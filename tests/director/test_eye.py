"""The Eye reads real photographs and scores them the way a person would."""

import io
import json
import re
import time

import numpy as np
import pytest
from PIL import Image, ImageEnhance, ImageFilter

from director.engines import get_engine
from director.engines.eye import LocalEye, colour_name
from tests.photos import photo_image

PHOTOS = ("astronaut", "coffee", "chelsea", "rocket")
HEX = re.compile(r"^#[0-9a-f]{6}$")


def blurred(image):
    return image.filter(ImageFilter.GaussianBlur(4))


def dark(image):
    return ImageEnhance.Brightness(image).enhance(0.15)


def flat_grey(image):
    return Image.new("RGB", image.size, (128, 128, 128))


def with_noise(image, sigma, seed=7):
    rng = np.random.default_rng(seed)
    pixels = np.asarray(image, dtype=np.float32) + rng.normal(0, sigma, (image.height, image.width, 3))
    return Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))


def jpeg(image, quality):
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=quality)
    buffer.seek(0)
    with Image.open(buffer) as decoded:
        return decoded.convert("RGB")


@pytest.fixture(scope="module")
def eye():
    return LocalEye()


@pytest.fixture(scope="module")
def analyses(eye):
    """Every photo and its blurred, dark and flat variants, analysed once."""
    out = {}
    for name in PHOTOS:
        image = photo_image(name)
        for variant, make in (("sharp", lambda i: i), ("blurred", blurred), ("dark", dark), ("flat", flat_grey)):
            out[name, variant] = eye.analyze(make(image))
    return out


def test_it_is_the_configured_eye():
    assert isinstance(get_engine("eye"), LocalEye)
    assert LocalEye.name == "local"


@pytest.mark.parametrize("name", PHOTOS)
def test_it_returns_the_documented_shape(analyses, name):
    result = analyses[name, "sharp"]
    for key in ("physics", "vibe", "logic", "quality"):
        assert type(result[key]) is float and 0.0 <= result[key] <= 10.0, key
        assert round(result[key], 2) == result[key]
    assert type(result["integrity"]) is float and 0.0 <= result["integrity"] <= 1.0
    assert len(result["palette"]) == 5 and all(HEX.match(c) for c in result["palette"])
    assert len(result["keywords"]) == 5 and all(isinstance(k, str) and k for k in result["keywords"])
    assert len(set(result["keywords"])) == 5
    assert result["composition"] in {"rule-of-thirds", "centered", "symmetrical", "diagonal", "minimal", "off-centre"}
    assert isinstance(result["mood"], str) and result["mood"]
    focal = result["focal_point"]
    assert 0.0 <= focal["x"] <= 1.0 and 0.0 <= focal["y"] <= 1.0 and focal["label"]
    assert isinstance(result["quality_issues"], list)
    assert result["method"] == "local-v2"
    assert result["metrics"]["sharpness"] > 0
    # Plain JSON types all the way down: a round trip changes nothing.
    assert json.loads(json.dumps(result)) == result


@pytest.mark.parametrize("name", PHOTOS)
def test_a_sharp_well_exposed_photo_passes_the_quality_gate(analyses, name):
    assert analyses[name, "sharp"]["quality"] >= 7.0


@pytest.mark.parametrize("name", PHOTOS)
@pytest.mark.parametrize("variant", ["blurred", "dark", "flat"])
def test_blur_darkness_and_flatness_fail_the_quality_gate(analyses, name, variant):
    sharp, worse = analyses[name, "sharp"]["quality"], analyses[name, variant]["quality"]
    assert worse < 7.0
    assert sharp - worse >= 3.0


@pytest.mark.parametrize("name", PHOTOS)
def test_flat_grey_is_lowest_on_vibe_and_physics(analyses, name):
    flat = analyses[name, "flat"]
    for variant in ("sharp", "blurred", "dark"):
        other = analyses[name, variant]
        assert flat["vibe"] < other["vibe"], variant
        assert flat["physics"] < other["physics"], variant
    assert flat["quality"] < min(analyses[name, v]["quality"] for v in ("sharp", "blurred", "dark"))


@pytest.mark.parametrize("name", PHOTOS)
def test_blur_lowers_physics_and_darkness_lowers_vibe(analyses, name):
    assert analyses[name, "blurred"]["physics"] < analyses[name, "sharp"]["physics"]
    assert analyses[name, "dark"]["vibe"] < analyses[name, "sharp"]["vibe"] - 2


@pytest.mark.parametrize("name", PHOTOS)
def test_it_names_the_problems_in_words(analyses, name):
    sharp_issues = " ".join(analyses[name, "sharp"]["quality_issues"])
    assert "blurred" not in sharp_issues and "underexposed" not in sharp_issues
    assert any(
        re.match(r"The image is blurred \(sharpness \d+/100\)", i) for i in analyses[name, "blurred"]["quality_issues"]
    )
    assert any(i.startswith("The image is underexposed") for i in analyses[name, "dark"]["quality_issues"])
    assert any("nearly uniform" in i for i in analyses[name, "flat"]["quality_issues"])


def test_a_flat_grey_frame_has_low_integrity(analyses):
    assert analyses["coffee", "flat"]["integrity"] < 0.5
    assert analyses["coffee", "sharp"]["integrity"] >= 0.9


@pytest.mark.parametrize("name", PHOTOS)
def test_heavy_jpeg_compression_lowers_integrity_and_quality(eye, name):
    fine, coarse = eye.analyze(jpeg(photo_image(name), 95)), eye.analyze(jpeg(photo_image(name), 8))
    assert coarse["integrity"] <= fine["integrity"] - 0.3
    assert coarse["quality"] < fine["quality"] - 1.5
    assert coarse["metrics"]["blockiness"] > fine["metrics"]["blockiness"]
    assert any("compression" in i for i in coarse["quality_issues"])


def test_noise_is_measured_and_lowers_quality(eye):
    clean = eye.analyze(photo_image("coffee"))
    noisy = eye.analyze(with_noise(photo_image("coffee"), 30))
    assert noisy["metrics"]["noise_sigma"] > clean["metrics"]["noise_sigma"] + 10
    assert noisy["quality"] < 7.0 < clean["quality"]
    assert any(i.startswith("The image is noisy") for i in noisy["quality_issues"])


def test_different_photos_are_described_differently(analyses):
    coffee, rocket = analyses["coffee", "sharp"], analyses["rocket", "sharp"]
    assert coffee["palette"] != rocket["palette"]
    assert coffee["mood"] != rocket["mood"]
    assert coffee["invariant_visual_summary"] != rocket["invariant_visual_summary"]
    # Coffee is warm, the dusk launch pad cool: the measures say so.
    assert coffee["metrics"]["warmth"] > 0 > rocket["metrics"]["warmth"]


def test_the_summary_names_what_every_scene_must_keep(analyses):
    result = analyses["chelsea", "sharp"]
    summary = result["invariant_visual_summary"]
    assert summary.startswith("Keep the ") and summary.endswith(".")
    assert colour_name(result["palette"][0]) in summary
    assert result["mood"] in summary and result["composition"] in summary and result["focal_point"]["label"] in summary


def test_it_is_deterministic(eye):
    assert eye.analyze(photo_image("chelsea")) == eye.analyze(photo_image("chelsea"))


def test_the_palette_holds_the_dominant_colours(eye):
    image = Image.new("RGB", (300, 200), (210, 40, 40))
    image.paste((40, 80, 200), (150, 0, 300, 200))
    names = [colour_name(c) for c in eye.analyze(image)["palette"]]
    assert set(names[:2]) == {"red", "blue"}


def test_colour_names_are_the_nearest_named_colour():
    assert colour_name("#d22828") == "red"
    assert colour_name("#000000") == "black"
    assert colour_name("#ffffff") == "white"
    with pytest.raises(ValueError):
        colour_name("red")


def ball_on(background_texture):
    """An orange ball on the upper-right third of a grey background with this much texture (noise sigma)."""
    rng = np.random.default_rng(3)
    background = rng.normal(90, background_texture, (400, 600)).clip(0, 255).astype(np.uint8)
    image = Image.merge("RGB", [Image.fromarray(background)] * 3)
    image.paste((245, 130, 30), (360, 95, 440, 175), mask=_disk(80))
    return image


def test_the_focal_point_finds_a_subject_off_centre(eye):
    result = eye.analyze(ball_on(20))
    focal = result["focal_point"]
    assert abs(focal["x"] - 400 / 600) < 0.08 and abs(focal["y"] - 135 / 400) < 0.08
    assert "orange" in focal["label"] and "upper right" in focal["label"]
    assert result["composition"] == "rule-of-thirds"


def test_one_subject_in_empty_space_is_minimal_and_clear(eye, analyses):
    result = eye.analyze(ball_on(4))
    assert result["composition"] == "minimal"
    assert result["metrics"]["negative_space"] > 0.8
    assert result["logic"] >= 8.0
    busiest = analyses["astronaut", "sharp"]  # flag, shuttle, helmet and portrait in one frame
    assert busiest["logic"] < result["logic"] - 3
    assert busiest["metrics"]["clutter"] > result["metrics"]["clutter"]


def _disk(size):
    mask = Image.new("L", (size, size), 0)
    from PIL import ImageDraw

    ImageDraw.Draw(mask).ellipse((0, 0, size - 1, size - 1), fill=255)
    return mask


@pytest.mark.parametrize("size", [(16, 16), (16, 900), (2400, 17), (100, 100)])
def test_odd_sizes_still_give_valid_scores(eye, size):
    rng = np.random.default_rng(5)
    image = Image.fromarray(rng.integers(0, 256, (size[1], size[0], 3), dtype=np.uint8))
    result = eye.analyze(image)
    assert all(0.0 <= result[k] <= 10.0 for k in ("physics", "vibe", "logic", "quality"))
    assert not any(np.isnan(v) for v in result["metrics"].values() if isinstance(v, float))
    assert result["quality"] < 7.0  # pure noise is not a usable picture


@pytest.mark.parametrize("mode", ["L", "RGBA", "P", "CMYK"])
def test_it_accepts_other_colour_modes(eye, mode):
    result = eye.analyze(photo_image("coffee").convert(mode))
    assert 0.0 <= result["quality"] <= 10.0 and len(result["palette"]) == 5


@pytest.mark.parametrize("size", [(1, 1), (15, 400), (400, 8)])
def test_a_degenerate_image_is_refused_with_a_reason(eye, size):
    with pytest.raises(ValueError, match="too small to analyse"):
        eye.analyze(Image.new("RGB", size, (10, 20, 30)))


def test_a_12_megapixel_photo_analyses_within_the_upload_budget(eye):
    source = photo_image("coffee")
    big = with_noise(source.resize((4242, 2828), Image.Resampling.BICUBIC), 3)
    eye.analyze(big)  # warm up numpy
    # CPU time, so other work on a shared machine doesn't make the test flaky. With faces, cats, people and
    # text it is about 0.5 s (benchmarks/analysis.py has the stages); the upload-to-Lounge goal is 2 s.
    started = time.process_time()
    result = eye.analyze(big)
    assert time.process_time() - started < 1.5
    assert result["metrics"]["megapixels"] == pytest.approx(12.0, abs=0.1)
