"""Depth: with a subject mask the subject and the (inpainted) background move at different rates, and the seam
between them shows no halo or tearing. Measured on decoded frames: optical flow (Farneback), gradients."""

import cv2
import numpy as np
import pytest
from PIL import Image

from director.directors import get_director
from director.engines.render import KlingStyleRenderer
from director.framing import MOTIONS, Framing
from tests.director.portrait import OFF_CENTRE_SUBJECTS, decode, off_centre

FPS, SIZE = 12, (320, 180)
PAN = {"shot": "medium", "camera": "pan", "duration": 2.0, "transition": "cut"}


@pytest.fixture(scope="module")
def renders(tmp_path_factory):
    """The same pan on the face, rendered with the subject mask (two layers) and without (one)."""
    image, mask = off_centre()
    out = {}
    for name, layers in (("depth", mask), ("flat", None)):
        path = tmp_path_factory.mktemp(name) / "v.mp4"
        KlingStyleRenderer().render(
            image, [PAN], get_director("newtonian"), str(path), size=SIZE, fps=FPS, subjects=OFF_CENTRE_SUBJECTS,
            mask=layers,
        )  # fmt: skip
        out[name] = decode(path)[0]
    return out


def subject_region(n):
    """Where the subject is in frame n: the mask cut by that frame's window (used only to pick the regions)."""
    image, mask = off_centre()
    framing = Framing.for_scene(image.size, SIZE, PAN, subjects=OFF_CENTRE_SUBJECTS, motion=MOTIONS["kling"])
    window = framing.window(n / (round(PAN["duration"] * FPS) - 1))
    return np.asarray(mask.resize(SIZE, Image.Resampling.BILINEAR, box=window)) > 127


def gray(frame):
    return cv2.cvtColor(frame, cv2.COLOR_RGB2GRAY)


def flow_x(frames, n, inside, outside):
    """Median horizontal motion (px per frame) from frame n to n+2, over textured pixels of each region."""
    a, b = gray(frames[n]), gray(frames[n + 2])
    flow = cv2.calcOpticalFlowFarneback(a, b, None, 0.5, 3, 15, 3, 5, 1.2, 0)[..., 0] / 2
    texture = cv2.magnitude(cv2.Sobel(a, cv2.CV_32F, 1, 0), cv2.Sobel(a, cv2.CV_32F, 0, 1)) > 20
    return float(np.median(flow[inside & texture])), float(np.median(flow[outside & texture]))


def regions(n):
    subject = subject_region(n)
    inner = cv2.erode(subject.astype(np.uint8), np.ones((9, 9), np.uint8)) > 0
    outer = cv2.dilate(subject.astype(np.uint8), np.ones((21, 21), np.uint8)) == 0
    return inner, outer


def test_the_background_moves_measurably_slower_than_the_subject(renders):
    ratios = {}
    for name, frames in renders.items():
        per_frame = []
        for n in (6, 9, 12, 15):
            inner, outer = regions(n)
            subject, background = flow_x(frames, n, inner, outer)
            per_frame.append(background / subject)
        ratios[name] = float(np.median(per_frame))
    # One layer: everything moves together. Two: the background travels a good deal less than the face.
    assert 0.85 < ratios["flat"] < 1.15, ratios
    assert ratios["depth"] < 0.8 * ratios["flat"], ratios


def test_the_subject_itself_is_drawn_as_in_the_flat_render(renders):
    for n in (0, 12, 23):
        inner, _ = regions(n)
        a, b = renders["depth"][n].astype(np.int16), renders["flat"][n].astype(np.int16)
        assert np.abs(a - b)[inner].mean() < 4.0, n


def gradients(frame):
    g = gray(frame).astype(np.float32)
    return cv2.magnitude(cv2.Sobel(g, cv2.CV_32F, 1, 0), cv2.Sobel(g, cv2.CV_32F, 0, 1))


def test_the_seam_has_no_halo_or_tearing(renders):
    """Along the subject's edge the layered frame has no more strong edges than the photo itself has there:
    a halo (a ring of background carried with the subject) or a tear (a gap, a hard cut-out) would add a
    second contour beside the first."""
    for n in (0, 3, 20, 23):  # the ends of the move, where the layers are furthest apart
        subject = subject_region(n).astype(np.uint8)
        edge = cv2.morphologyEx(subject, cv2.MORPH_GRADIENT, np.ones((3, 3), np.uint8))
        band = cv2.dilate(edge, np.ones((7, 7), np.uint8)) > 0

        layered, photo = gradients(renders["depth"][n])[band], gradients(renders["flat"][n])[band]
        strong = np.percentile(photo, 90)
        assert np.percentile(layered, 99) < 1.3 * np.percentile(photo, 99), n
        assert (layered > strong).mean() < 1.5 * (photo > strong).mean(), n
