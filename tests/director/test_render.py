import io

import av
import cv2
import numpy as np
import pytest
from PIL import Image

from director.directors import get_director
from director.engines import get_engine
from director.engines.preview import KeyframePreviewer
from director.engines.render import LocalRenderer, Look, RenderError, _Shot, frame_planes
from director.framing import DEFAULT_MOTION

SIZE, FPS = (320, 180), 12
pytestmark = pytest.mark.photo("chelsea.jpg")


def scene(shot="medium", camera="static", duration=1.0, transition="cut", **fields):
    return {"shot": shot, "camera": camera, "duration": duration, "transition": transition, **fields}


def render(photo, scenes, path, director="newtonian", **kwargs):
    return LocalRenderer().render(photo, scenes, get_director(director), str(path), size=SIZE, fps=FPS, **kwargs)


def decode(path):
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        frames = [f.to_ndarray(format="rgb24").astype(np.float64) for f in container.decode(stream)]
        info = {
            "codec": stream.codec_context.name,
            "pix_fmt": stream.codec_context.pix_fmt,
            "size": (stream.codec_context.width, stream.codec_context.height),
            "duration": float(stream.duration * stream.time_base),
            "container_duration": container.duration / av.time_base,
        }
    return frames, info


def diff(a, b):
    return float(np.abs(a - b).mean())


def test_the_engine_registry_resolves_the_local_renderer_for_every_engine():
    for name in ("kling", "luma", "gemini_pro"):
        assert isinstance(get_engine("production", name), LocalRenderer)


def test_it_renders_an_h264_mp4_as_long_as_the_storyboard(photo, tmp_path):
    scenes = [scene("close", "push-in", 1.5), scene("medium", "pan", 1.0, "crossfade"), scene("wide", "tilt", 1.25)]
    out = tmp_path / "video.mp4"

    result = render(photo, scenes, out)
    frames, info = decode(out)

    total = 1.5 + 1.0 + 1.25
    assert result == {"duration": pytest.approx(total, abs=0.1), "frames": round(total * FPS), "size": list(SIZE)}
    assert len(frames) == round(total * FPS)
    assert info["codec"] == "h264" and info["pix_fmt"] == "yuv420p" and info["size"] == SIZE
    assert info["duration"] == pytest.approx(total, abs=0.1)
    assert info["container_duration"] == pytest.approx(total, abs=0.1)
    assert not (tmp_path / "video.mp4.part").exists()


def test_it_reports_progress_after_every_frame(photo, tmp_path):
    calls = []

    result = render(
        photo, [scene(), scene("close"), scene("wide")], tmp_path / "v.mp4", progress=lambda *a: calls.append(a)
    )

    total = result["frames"]
    assert total == 3 * FPS
    assert calls == [(n, total) for n in range(1, total + 1)]


@pytest.mark.parametrize("camera", ["push-in", "pull-out", "pan", "tilt"])
def test_every_frame_moves(photo, tmp_path, camera):
    render(photo, [scene("medium", camera, 2.0)], tmp_path / "v.mp4")
    frames, _ = decode(tmp_path / "v.mp4")

    steps = [diff(a, b) for a, b in zip(frames, frames[1:], strict=False)]
    assert min(steps) > 0.2, steps


def tighter(frame, scale):
    """The centre `scale` of a frame, enlarged back to full size: what a push-in by that much would show."""
    h, w = frame.shape[:2]
    image = Image.fromarray(frame.astype(np.uint8))
    box = (w * (1 - scale) / 2, h * (1 - scale) / 2, w * (1 + scale) / 2, h * (1 + scale) / 2)
    return np.asarray(image.resize((w, h), Image.Resampling.BILINEAR, box=box), dtype=np.float64)


def test_a_push_in_ends_on_a_tighter_view_than_it_starts(photo, tmp_path):
    render(photo, [scene("medium", "push-in", 2.0, focus={"x": 0.5, "y": 0.5})], tmp_path / "v.mp4")
    frames, _ = decode(tmp_path / "v.mp4")
    first, last = frames[0], frames[-1]

    # The last frame is the middle 72 % of the first, enlarged; and the pull-out is the reverse.
    assert diff(last, tighter(first, 0.72)) < 0.5 * diff(last, first)


def test_a_pull_out_ends_on_a_wider_view_than_it_starts(photo, tmp_path):
    render(photo, [scene("medium", "pull-out", 2.0, focus={"x": 0.5, "y": 0.5})], tmp_path / "v.mp4")
    frames, _ = decode(tmp_path / "v.mp4")

    assert diff(frames[0], tighter(frames[-1], 0.72)) < 0.5 * diff(frames[0], frames[-1])


def test_a_crossfade_dissolves_where_a_cut_jumps(photo, tmp_path):
    def biggest_step(transition):
        path = tmp_path / f"{transition}.mp4"
        render(photo, [scene("wide", "static", 1.0), scene("close", "static", 1.0, transition)], path)
        frames, _ = decode(path)
        return max(diff(a, b) for a, b in zip(frames, frames[1:], strict=False))

    assert biggest_step("crossfade") < 0.6 * biggest_step("cut")


def test_the_render_looks_like_the_preview(photo, tmp_path):
    """A scene's preview is the middle of its move, graded the same way."""
    scenes = [scene("wide", "static", 1.0), scene("close", "push-in", 2.0, grade_adjust={"warmth": 0.4})]
    render(photo, scenes, tmp_path / "v.mp4", director="visionary")
    frames, _ = decode(tmp_path / "v.mp4")
    middle = frames[FPS + FPS - 1]  # halfway through the second scene

    def keyframe(s):
        data = KeyframePreviewer().render(photo, s, get_director("visionary"))
        image = Image.open(io.BytesIO(data)).convert("RGB").resize(SIZE, Image.Resampling.BILINEAR)
        return np.asarray(image, dtype=np.float64)

    assert diff(middle, keyframe(scenes[1])) < 6
    assert diff(middle, keyframe(scenes[1])) < 0.5 * diff(middle, keyframe(scenes[0]))


@pytest.mark.parametrize("camera", ["pan", "tilt"])
def test_a_move_that_keeps_its_size_is_drawn_as_the_bilinear_warp_of_the_zooms(photo, camera):
    """A pan or a tilt maps one working pixel to one output pixel, so it is drawn as a translation (a cheaper
    call); it must be the very bilinear warpAffine would draw."""
    shot = _Shot(
        photo, scene("medium", camera, 2.0), get_director("newtonian"), SIZE, motion=DEFAULT_MOTION, look=Look()
    )
    planes = frame_planes(av.VideoFrame(*SIZE, "yuv420p"))
    flags = cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP
    for t in (0.0, 0.31, 0.5, 0.77, 1.0):
        full, half = shot._matrices(shot.framing.window(t))
        assert full[0, 0] == pytest.approx(1.0, abs=1e-9) and full[1, 1] == pytest.approx(1.0, abs=1e-9)
        shot.frame(t, planes)
        for plane, drawn, m in zip(shot.planes, planes, (full, half, half), strict=True):
            size = drawn.shape[::-1]
            warped = cv2.warpAffine(plane, m, size, flags=flags, borderMode=cv2.BORDER_REPLICATE)
            error = np.abs(drawn.astype(int) - warped)
            # Off by rounding only (a tie at a half-pixel goes either way); 0.1 px off would be 0.45 on average.
            assert error.max() <= 1 and error.mean() < 0.25, (t, error.max(), error.mean())


def test_a_warmer_scene_renders_redder(photo, tmp_path):
    def red_minus_blue(adjust):
        path = tmp_path / f"{adjust}.mp4"
        render(photo, [scene(grade_adjust={"warmth": adjust})], path)
        frames, _ = decode(path)
        return np.mean([(f[..., 0] - f[..., 2]).mean() for f in frames])

    assert red_minus_blue(0.4) > red_minus_blue(0.0) + 5


@pytest.mark.parametrize(
    "scenes",
    [[], [scene(duration=0.5)], [scene(duration=11)], [scene(duration="long")], [scene()] * 11],
    ids=["no scenes", "too short", "too long", "not a number", "too many"],
)
def test_it_refuses_a_storyboard_it_cannot_render_and_leaves_no_file(photo, tmp_path, scenes):
    out = tmp_path / "v.mp4"

    with pytest.raises(RenderError):
        render(photo, scenes, out)

    assert list(tmp_path.iterdir()) == []


def test_a_failure_mid_render_leaves_no_file(photo, tmp_path):
    def fail(done, total):
        raise RuntimeError("worker lost")

    with pytest.raises(RuntimeError, match="worker lost"):
        render(photo, [scene(), scene()], tmp_path / "v.mp4", progress=fail)

    assert list(tmp_path.iterdir()) == []
