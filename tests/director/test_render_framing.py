"""Real renders of a portrait in every shape: exact size, scene count and length, and the face in every scene,
checked on the decoded frames with OpenCV's Haar face detector (not with the crop arithmetic)."""

import numpy as np
import pytest
from PIL import Image

from director.directors import get_director
from director.engines.render import KlingStyleRenderer, LocalRenderer
from director.framing import ASPECT_RATIOS, output_size
from tests.director.portrait import OFF_CENTRE_SUBJECTS, decode, faces_in, off_centre

FPS = 12
SHORT_SIDE = 180
STORYBOARD = [
    {"shot": "close", "camera": "push-in", "duration": 2.0, "transition": "cut"},
    {"shot": "medium", "camera": "pan", "duration": 2.0, "transition": "cut"},
    {"shot": "wide", "camera": "pull-out", "duration": 2.0, "transition": "cut"},
    {"shot": "extreme-close", "camera": "tilt", "duration": 2.0, "transition": "cut"},
]


def render(tmp_path, aspect_ratio, scenes=STORYBOARD, *, subjects=OFF_CENTRE_SUBJECTS, mask=True, name="v"):
    image, subject_mask = off_centre()
    out = tmp_path / f"{name}-{aspect_ratio.replace(':', 'x')}.mp4"
    KlingStyleRenderer().render(
        image, scenes, get_director("newtonian"), str(out), size=output_size(aspect_ratio, SHORT_SIDE), fps=FPS,
        subjects=subjects, mask=subject_mask if mask else None,
    )  # fmt: skip
    return decode(out)


def scene_frames(frames, scenes=STORYBOARD):
    start = 0
    for scene in scenes:
        n = round(scene["duration"] * FPS)
        yield scene, frames[start : start + n]
        start += n


def cuts(frames):
    """Where the picture jumps: steps far larger than the typical step between neighbouring frames."""
    steps = [float(np.abs(a.astype(np.int16) - b).mean()) for a, b in zip(frames, frames[1:], strict=False)]
    typical = float(np.median(steps))
    return [i + 1 for i, step in enumerate(steps) if step > 4 * typical + 2]


@pytest.mark.parametrize("aspect_ratio", ["9:16", "1:1"])
def test_a_render_has_exactly_the_requested_size_scenes_and_length(tmp_path, aspect_ratio):
    scenes = [{**s, "duration": 2.5} for s in STORYBOARD[:3]]
    frames, info = render(tmp_path, aspect_ratio, scenes)

    width, height = output_size(aspect_ratio, SHORT_SIDE)
    assert info["size"] == (width, height) and info["pix_fmt"] == "yuv420p"
    assert all(f.shape == (height, width, 3) for f in frames)
    assert len(frames) == 3 * 2.5 * FPS
    assert abs(info["duration"] - 7.5) <= 1 / FPS
    assert cuts(frames) == [30, 60]  # three scenes: two cuts, where the storyboard puts them


@pytest.mark.parametrize("aspect_ratio", list(ASPECT_RATIOS))
def test_the_face_is_in_frame_in_every_scene_for_every_shape(tmp_path, aspect_ratio):
    frames, _ = render(tmp_path, aspect_ratio)

    for scene, shots in scene_frames(frames):
        for index in (0, len(shots) // 2, len(shots) - 1):
            assert faces_in(shots[index]), (scene["shot"], scene["camera"], index)


def test_a_centre_crop_of_the_same_picture_would_have_cut_the_face():
    """The check above can fail: the 9:16 centre of this picture has no whole face in it."""
    image, _ = off_centre()
    width = round(image.height * 9 / 16)
    left = (image.width - width) // 2
    centre = np.asarray(image.crop((left, 0, left + width, image.height)).resize((180, 320)))

    assert faces_in(np.asarray(image)) and not faces_in(centre)


@pytest.mark.parametrize("aspect_ratio", list(ASPECT_RATIOS))
def test_a_close_up_is_filled_by_the_whole_face(tmp_path, aspect_ratio):
    scenes = [{"shot": "close", "camera": "push-in", "duration": 1.5, "transition": "cut"}]
    frames, _ = render(tmp_path, aspect_ratio, scenes)

    for frame in frames[::3]:
        found = faces_in(frame)
        assert found, "no whole face in a close-up frame"
        x, y, w, h = max(found, key=lambda f: f[2] * f[3])
        assert h >= 0.2 * frame.shape[0] or w >= 0.3 * frame.shape[1]  # a close-up, not a face in a crowd
        assert x > 0 and y > 0 and x + w < frame.shape[1] and y + h < frame.shape[0]


CAMERAS = ["push-in", "pull-out", "pan", "tilt", "static"]


@pytest.mark.parametrize("engine", ["kling", "luma", "gemini_pro"])
@pytest.mark.parametrize("depth", [True, False], ids=["subject and mask", "flat"])
def test_every_frame_of_every_move_differs_from_the_one_before(tmp_path, engine, depth):
    scenes = [{"shot": "medium", "camera": c, "duration": 2.0, "transition": "cut"} for c in CAMERAS]
    renderer = type("R", (LocalRenderer,), {"engine": engine})()
    image, mask = off_centre()
    out = tmp_path / "v.mp4"
    subjects = OFF_CENTRE_SUBJECTS if depth else None
    # 640 x 360, not 320 x 180: there the slowest drift moves under 0.1 px a frame, where x264 may skip a block.
    renderer.render(
        image, scenes, get_director("minimalist"), str(out), size=(640, 360), fps=FPS, subjects=subjects,
        mask=mask if depth else None,
    )  # fmt: skip
    frames, _ = decode(out)

    for scene, shots in scene_frames(frames, scenes):
        steps = [float(np.abs(a.astype(np.int16) - b).mean()) for a, b in zip(shots, shots[1:], strict=False)]
        assert all(not np.array_equal(a, b) for a, b in zip(shots, shots[1:], strict=False)), scene["camera"]
        assert min(steps) > 0.05, (scene["camera"], min(steps))


def test_a_small_source_is_enlarged_sharp_not_stretched(tmp_path):
    """A 128 px wide source in a 320 px video: the frame keeps more fine detail than a bilinear stretch of the
    same view (what an encoder's scaler would give), measured by the variance of the Laplacian."""
    import cv2

    image, _ = off_centre()
    small = image.resize((128, 90), Image.Resampling.LANCZOS)
    scene = {"shot": "wide", "camera": "static", "duration": 1.0, "transition": "cut", "focus": {"x": 0.5, "y": 0.5}}
    out = tmp_path / "small.mp4"
    KlingStyleRenderer().render(small, [scene], get_director("newtonian"), str(out), size=(320, 180), fps=FPS)
    frames, _ = decode(out)
    stretched = np.asarray(small.crop((0, 0, 128, 72)).resize((320, 180), Image.Resampling.BILINEAR))

    def detail(frame):
        return cv2.Laplacian(cv2.cvtColor(frame, cv2.COLOR_RGB2GRAY), cv2.CV_64F).var()

    assert detail(frames[0]) > 1.3 * detail(stretched)


@pytest.mark.parametrize("aspect_ratio", ["9:16", "4:5"])
def test_the_preview_shows_the_frame_the_render_shows_in_the_middle_of_the_scene(tmp_path, aspect_ratio):
    import io

    from director.engines.preview import KeyframePreviewer

    scene = {"shot": "close", "camera": "push-in", "duration": 2.25, "transition": "cut", "engine": "kling"}
    frames, _ = render(tmp_path, aspect_ratio, [scene])
    assert len(frames) == 27
    middle = frames[13].astype(np.float64)  # progress 13/26: the middle of the move
    data = KeyframePreviewer().render(
        off_centre()[0], scene, get_director("newtonian"), subjects=OFF_CENTRE_SUBJECTS, aspect_ratio=aspect_ratio
    )
    size = middle.shape[1], middle.shape[0]
    preview = np.asarray(Image.open(io.BytesIO(data)).convert("RGB").resize(size, Image.Resampling.BILINEAR))
    wide = {**scene, "shot": "wide"}
    other = KeyframePreviewer().render(
        off_centre()[0], wide, get_director("newtonian"), subjects=OFF_CENTRE_SUBJECTS, aspect_ratio=aspect_ratio
    )
    other = np.asarray(Image.open(io.BytesIO(other)).convert("RGB").resize(size, Image.Resampling.BILINEAR))

    assert Image.open(io.BytesIO(data)).size == output_size(aspect_ratio, 360)
    assert np.abs(middle - preview).mean() < 8
    assert np.abs(middle - preview).mean() < 0.5 * np.abs(middle - other).mean()
