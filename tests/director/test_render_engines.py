"""Honest engines: kling, luma and gemini_pro are all rendered here, each with a motion and a look a person can
see, measured on decoded frames (phase correlation for the camera's speed, Laplacian and luminance for the
look), and each says what it is."""

from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image

from director.directors import get_director
from director.engines import engine_label, get_engine
from director.engines.render import LocalRenderer
from tests.director.portrait import decode

IMAGES = Path(__file__).resolve().parent.parent / "images"
FPS, SIZE = 12, (320, 180)
ENGINES = ("kling", "luma", "gemini_pro")


@pytest.fixture(scope="module")
def rocket():
    with Image.open(IMAGES / "rocket.jpg") as image:
        return image.convert("RGB")


def render(image, scene, engine, path):
    get_engine("production", engine).render(image, [scene], get_director("newtonian"), str(path), size=SIZE, fps=FPS)
    return decode(path)[0]


@pytest.fixture(scope="module")
def pans(rocket, tmp_path_factory):
    scene = {"shot": "medium", "camera": "pan", "duration": 3.0, "transition": "cut", "focus": {"x": 0.5, "y": 0.5}}
    return {e: render(rocket, scene, e, tmp_path_factory.mktemp(e) / "pan.mp4") for e in ENGINES}


@pytest.fixture(scope="module")
def stills(rocket, tmp_path_factory):
    scene = {"shot": "wide", "camera": "static", "duration": 1.0, "transition": "cut"}
    return {e: render(rocket, scene, e, tmp_path_factory.mktemp(e) / "still.mp4") for e in ENGINES}


def shifts(frames):
    """The camera's horizontal travel between neighbouring frames, in pixels (phase correlation)."""
    gray = [cv2.cvtColor(f, cv2.COLOR_RGB2GRAY).astype(np.float64) for f in frames]
    window = cv2.createHanningWindow(gray[0].shape[::-1], cv2.CV_64F)
    return np.array([abs(cv2.phaseCorrelate(a, b, window)[0][0]) for a, b in zip(gray, gray[1:], strict=False)])


def test_each_engine_id_renders_with_its_own_local_renderer():
    renderers = {e: get_engine("production", e) for e in ENGINES}
    assert all(isinstance(r, LocalRenderer) for r in renderers.values())
    assert {r.engine for r in renderers.values()} == set(ENGINES)


def test_each_engine_says_truthfully_what_renders():
    labels = {e: engine_label(e) for e in ENGINES}
    assert labels == {
        "kling": "Local renderer, Kling-style motion",
        "luma": "Local renderer, Luma-style motion",
        "gemini_pro": "Local renderer, Gemini Pro-style motion",
    }
    assert engine_label(None) is None


def test_kling_gathers_speed_and_settles_where_gemini_pro_moves_at_one_speed(pans):
    def start_over_middle(frames):
        steps = shifts(frames)
        n = len(steps)
        return steps[:4].mean() / steps[n // 2 - 4 : n // 2 + 4].mean()

    kling, gemini = start_over_middle(pans["kling"]), start_over_middle(pans["gemini_pro"])
    assert kling < 0.6, kling
    assert 0.8 < gemini < 1.25, gemini


def test_luma_drifts_a_shorter_way_than_kling(pans):
    kling, luma = shifts(pans["kling"]).sum(), shifts(pans["luma"]).sum()
    assert luma < 0.75 * kling, (luma, kling)
    assert luma > 0.3 * kling  # it still moves


def detail(frame):
    return cv2.Laplacian(cv2.cvtColor(frame, cv2.COLOR_RGB2GRAY), cv2.CV_64F).var()


def around_the_lights(frame):
    """Mean luminance of the ring 2..8 px around the brightest pixels (the pad lights)."""
    luma = cv2.cvtColor(frame, cv2.COLOR_RGB2GRAY)
    lights = (luma >= np.percentile(luma, 99.5)).astype(np.uint8)
    ring = (cv2.dilate(lights, np.ones((17, 17), np.uint8)) > 0) & (cv2.dilate(lights, np.ones((5, 5), np.uint8)) == 0)
    return float(luma[ring].mean())


def test_luma_blooms_and_softens_where_gemini_pro_is_crisper_than_kling(stills):
    middle = {e: frames[len(frames) // 2] for e, frames in stills.items()}
    # The glow spills light around the highlights and lowers local contrast; gemini's finish sharpens.
    assert around_the_lights(middle["luma"]) > around_the_lights(middle["kling"]) + 5
    assert detail(middle["luma"]) < 0.85 * detail(middle["kling"])
    assert detail(middle["gemini_pro"]) > 1.1 * detail(middle["kling"])
