"""Shots frame the subject: the windows each camera move crops, for every shape of video (the arithmetic; the
decoded-frame checks are in test_render_framing.py)."""

import pytest

from director.framing import ASPECT_RATIOS, CAMERAS, MOTIONS, SHOTS, Framing, main_subject, output_size
from tests.director.portrait import FACE, OFF_CENTRE_FACE_PX, OFF_CENTRE_SUBJECTS, SUBJECTS

SIZE = (512, 512)


@pytest.mark.parametrize(
    ("aspect_ratio", "short_side", "expected"),
    [
        ("16:9", 720, (1280, 720)),
        ("9:16", 720, (720, 1280)),
        ("1:1", 720, (720, 720)),
        ("4:5", 720, (720, 900)),
        ("16:9", 1080, (1920, 1080)),
        ("9:16", 1080, (1080, 1920)),
        ("1:1", 1080, (1080, 1080)),
        ("4:5", 1080, (1080, 1350)),
        ("4:5", 180, (180, 224)),  # 225 is odd: 4:2:0 video needs even sides
    ],
)
def test_the_output_has_the_requested_shape_and_short_side(aspect_ratio, short_side, expected):
    assert output_size(aspect_ratio, short_side) == expected


@pytest.mark.parametrize(("aspect_ratio", "short_side"), [("3:2", 720), ("16:9", 719), ("1:1", 8)])
def test_it_refuses_a_shape_it_does_not_know_or_an_odd_side(aspect_ratio, short_side):
    with pytest.raises(ValueError):
        output_size(aspect_ratio, short_side)


def framing(shot, camera, aspect_ratio="16:9", subjects=SUBJECTS, engine="kling"):
    out = output_size(aspect_ratio, 180)
    scene = {"shot": shot, "camera": camera, "focus": {"x": 0.5, "y": 0.5}}
    return Framing.for_scene(SIZE, out, scene, subjects=subjects, motion=MOTIONS[engine])


def contains(window, box, margin=0.0):
    left, top, right, bottom = window
    bl, bt, br, bb = (box[0] * SIZE[0], box[1] * SIZE[1], box[2] * SIZE[0], box[3] * SIZE[1])
    return left <= bl - margin and top <= bt - margin and right >= br + margin and bottom >= bb + margin


@pytest.mark.parametrize("engine", list(MOTIONS))
@pytest.mark.parametrize("aspect_ratio", list(ASPECT_RATIOS))
@pytest.mark.parametrize("camera", CAMERAS)
@pytest.mark.parametrize("shot", SHOTS)
def test_every_window_of_every_move_holds_the_whole_face(shot, camera, aspect_ratio, engine):
    f = framing(shot, camera, aspect_ratio, engine=engine)
    for i in range(21):
        window = f.window(i / 20)
        assert contains(window, FACE), (i, window)
        assert window[0] >= -1e-6 and window[1] >= -1e-6 and window[2] <= 512 + 1e-6 and window[3] <= 512 + 1e-6
        assert (window[2] - window[0]) / (window[3] - window[1]) == pytest.approx(f.aspect)


@pytest.mark.parametrize("aspect_ratio", list(ASPECT_RATIOS))
def test_a_close_up_is_the_face_with_headroom(aspect_ratio):
    left, top, right, bottom = framing("close", "static", aspect_ratio).window(0.0)
    face_h = (FACE[3] - FACE[1]) * 512
    assert face_h / (bottom - top) > 0.3  # the face is the picture, not a detail of it
    assert FACE[1] * 512 - top > 0.05 * (bottom - top)  # room above the head


def test_a_wide_shot_is_the_whole_picture_and_a_medium_sits_between():
    def height(shot):
        w = framing(shot, "static", "1:1").window(0.0)
        return w[3] - w[1]

    assert height("wide") == pytest.approx(512)
    assert height("close") < height("medium") < height("wide")


@pytest.mark.parametrize("shot", ["wide", "medium", "close"])
def test_a_push_in_travels_toward_the_face_and_a_pull_out_away_from_it_only_by_widening(shot):
    centre = ((FACE[0] + FACE[2]) / 2 * 512, (FACE[1] + FACE[3]) / 2 * 512)
    push = framing(shot, "push-in")
    widths = [push.window(i / 10)[2] - push.window(i / 10)[0] for i in range(11)]
    assert widths == sorted(widths, reverse=True) and widths[-1] < widths[0]
    # The face keeps its place or moves toward the middle of the frame as the window closes on it.
    offsets = []
    for i in range(11):
        left, top, right, bottom = push.window(i / 10)
        offsets.append(abs(centre[0] - (left + right) / 2) / (right - left))
    assert offsets[-1] <= offsets[0] + 1e-9
    pull = framing(shot, "pull-out")
    assert pull.window(0.0) == pytest.approx(push.window(1.0)) and pull.window(1.0) == pytest.approx(push.window(0.0))


@pytest.mark.parametrize("camera", ["pan", "tilt"])
def test_a_pan_or_tilt_travels_along_the_face(camera):
    f = framing("medium", camera, "9:16")
    axis = 0 if camera == "pan" else 1
    starts = [f.window(i / 10)[axis] for i in range(11)]
    assert starts == sorted(starts) and starts[-1] - starts[0] > 10  # it moves, one way, and keeps the face


def test_a_portrait_in_9_16_is_framed_on_the_face_not_the_centre():
    out = output_size("9:16", 180)
    f = Framing.for_scene((412, 290), out, {"shot": "wide", "camera": "static"}, subjects=OFF_CENTRE_SUBJECTS)
    left, _, right, _ = f.window(0.0)
    centre_crop = (412 - (right - left)) / 2
    face_left, _, face_right, _ = OFF_CENTRE_FACE_PX
    assert left <= face_left and right >= face_right
    assert not (centre_crop <= face_left and centre_crop + right - left >= face_right)  # the centre cuts her face


def test_without_a_subject_the_moves_centre_on_the_focus_as_before():
    f = framing("close", "static", subjects=None)
    left, top, right, bottom = f.window(0.0)
    assert ((left + right) / 2, (top + bottom) / 2) == pytest.approx((256, 256))
    assert right - left == pytest.approx(512 * 0.5)


@pytest.mark.parametrize(
    "subjects",
    [None, [], ["face"], [{"label": "face"}], [{"box": [0.5, 0.5, 0.5, 0.5]}], [{"box": ["a", 0, 1, 1]}]],
)
def test_a_subject_list_without_a_usable_box_frames_by_the_focus(subjects):
    assert main_subject(subjects) is None
