"""Shots: which part of the picture every frame of a scene shows, for the render and its preview alike.

`Framing.window(t)` is the one place that decides it, from the source's size, the output's shape, the scene's
shot and camera, the subjects The Eye found and the engine's motion. With a subject, a close-up is the
subject's box with headroom, a medium shot the subject and its surroundings, a wide shot the whole picture;
pushes end on the subject and pans travel along it, and every window of the move contains the subject's box
(the windows of a move are blends of two that contain it). Without one, the moves centre on the scene's focus
as they always have.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_noop

SHOTS = ("wide", "medium", "close", "extreme-close")  # widest first
CAMERAS = ("static", "push-in", "pull-out", "pan", "tilt")
ASPECT_RATIOS = {"16:9": (16, 9), "9:16": (9, 16), "1:1": (1, 1), "4:5": (4, 5)}
DEFAULT_ASPECT_RATIO = "16:9"

# Without a subject: width of the crop window as a fraction of the widest window of the output's shape.
SHOT_SCALE = {"wide": 1.0, "medium": 0.72, "close": 0.5, "extreme-close": 0.32}
# With one: the share of the window's height (or width) the subject's box fills at the start of the shot.
SUBJECT_FILL = {"medium": 0.26, "close": 0.45, "extreme-close": 0.6}
MAX_FILL = 0.84  # a push never gets tighter than this: the subject keeps a margin on every side
WIDTH_FILL = 1.5  # across the frame the subject may fill this much more (up to MAX_FILL) than up and down
MIN_WINDOW = 0.15  # nor narrower than this share of the widest window (beyond it, no detail is left)
HEADROOM = 0.15  # a face sits this share of the free height above the window's centre (eyes high, chin clear)
SUBJECT_MARGIN = 0.04  # a pan keeps the subject this share of the window inside its edges

PUSH = 0.72  # a push-in ends (and a pull-out starts) at this fraction of the shot's window
PAN_SCALE = 0.82  # a pan or tilt never uses more than this, so there is room to move
PAN_TRAVEL = 0.12  # how far a pan/tilt travels either side, as a fraction of the source's side
DRIFT = 0.05  # a "static" shot breathes in by this much over the scene
STATIC_LINEAR = 0.7  # at so small a travel, an ease-in would stand still for its first frames


@dataclass(frozen=True)
class Motion:
    """How an engine moves the camera: the ease of its moves, how far they go, and how deep the scene reads.

    `linear` is the share of constant speed mixed into the ease-in/ease-out, so no frame of a move stands
    still (a pure smoothstep's first and last steps are too small to survive the encoder); `amplitude` scales
    the travel and the zoom of every move; `parallax` is how much less than the subject the background moves.
    """

    name: str
    label: str
    linear: float
    amplitude: float
    parallax: float

    def ease(self, t, camera=None):
        t = clamp(t, 0.0, 1.0)
        linear = max(self.linear, STATIC_LINEAR) if camera == "static" else self.linear
        return (1.0 - linear) * t * t * (3.0 - 2.0 * t) + linear * t


MOTIONS = {
    # A physical, weighted camera: it gathers speed, travels, and settles; the full move, deep parallax.
    "kling": Motion("kling", gettext_noop("Kling-style motion"), linear=0.18, amplitude=1.0, parallax=0.5),
    # A slow, dreamy drift: a little over half the travel at an almost even pace, gentle depth.
    "luma": Motion("luma", gettext_noop("Luma-style motion"), linear=0.6, amplitude=0.55, parallax=0.3),
    # Crisp and steady: constant speed from the first frame to the last, like a motion-control rig.
    "gemini_pro": Motion(
        "gemini_pro", gettext_noop("Gemini Pro-style motion"), linear=1.0, amplitude=0.85, parallax=0.2
    ),
}
DEFAULT_MOTION = MOTIONS["kling"]


def motion_for(engine):
    return MOTIONS.get(engine, DEFAULT_MOTION)


def output_size(aspect_ratio=DEFAULT_ASPECT_RATIO, short_side=720):
    """The video's (width, height) for an aspect ratio and its short side, both even (4:2:0 chroma)."""
    if aspect_ratio not in ASPECT_RATIOS:
        raise ValueError(f"aspect ratio must be one of {', '.join(ASPECT_RATIOS)}, not {aspect_ratio!r}")
    short_side = int(short_side)
    if short_side < 16 or short_side % 2:
        raise ValueError(f"the short side must be even and at least 16, not {short_side}")
    a, b = ASPECT_RATIOS[aspect_ratio]
    long_side = round(short_side * max(a, b) / min(a, b) / 2) * 2
    return (long_side, short_side) if a >= b else (short_side, long_side)


def clamp(value, low, high):
    return max(low, min(high, value))


def finite_number(value, default):
    """`value` as a finite float, or `default` when it is not a number (NaN and infinities included)."""
    try:
        value = float(value)
    except (TypeError, ValueError):
        return default
    return value if value == value and abs(value) != float("inf") else default


def focus_of(scene):
    """The scene's focus as fractions of the frame ((0.5, 0.5) when unknown)."""
    focus = (scene or {}).get("focus") or {}
    x = clamp(finite_number(focus.get("x"), 0.5), 0.0, 1.0) if isinstance(focus, dict) else 0.5
    y = clamp(finite_number(focus.get("y"), 0.5), 0.0, 1.0) if isinstance(focus, dict) else 0.5
    return x, y


@dataclass(frozen=True)
class Subject:
    label: str
    box: tuple  # (left, top, right, bottom), fractions of the image


def main_subject(subjects):
    """The most important usable subject of The Eye's list ({"label", "box": [l, t, r, b] fractions}), or None."""
    for item in subjects or ():
        if not isinstance(item, dict):
            continue
        box = item.get("box")
        if not isinstance(box, list | tuple) or len(box) != 4:
            continue
        if any(isinstance(v, bool) or finite_number(v, None) is None for v in box):
            continue
        left, top, right, bottom = (clamp(float(v), 0.0, 1.0) for v in box)
        if right - left >= 0.01 and bottom - top >= 0.01:
            return Subject(str(item.get("label") or "subject"), (left, top, right, bottom))
    return None


@dataclass(frozen=True)
class Framing:
    """The crop windows of one scene over its move, for a source of `size` and an output of `aspect`."""

    size: tuple
    aspect: float
    shot: str
    camera: str
    focus: tuple
    motion: Motion = DEFAULT_MOTION
    subject: Subject | None = None

    @classmethod
    def for_scene(cls, size, out_size, scene, *, subjects=None, motion=DEFAULT_MOTION):
        shot = scene.get("shot") if scene.get("shot") in SHOT_SCALE else "medium"
        camera = scene.get("camera") if scene.get("camera") in CAMERAS else "static"
        aspect = out_size[0] / out_size[1]
        return cls(tuple(size), aspect, shot, camera, focus_of(scene), motion, main_subject(subjects))

    def window(self, t):
        """The crop box (left, top, right, bottom) in source pixels at progress t in [0, 1]."""
        e = self.motion.ease(t, self.camera)
        return self._subject_window(e) if self.subject is not None else self._focus_window(e)

    def bounds(self, samples=17):
        """The union of the windows over the move, and the narrowest window width."""
        boxes = [self.window(i / (samples - 1)) for i in range(samples)]
        union = (
            min(b[0] for b in boxes),
            min(b[1] for b in boxes),
            max(b[2] for b in boxes),
            max(b[3] for b in boxes),
        )
        return union, min(b[2] - b[0] for b in boxes)

    # --- Without a subject: the moves centred on the focus point -----------------------------------------

    def _focus_window(self, e):
        src_w, src_h = self.size
        full_w = min(src_w, src_h * self.aspect)  # the widest window of the output's shape
        scale = SHOT_SCALE[self.shot]
        cx, cy = self.focus[0] * src_w, self.focus[1] * src_h
        amp = self.motion.amplitude
        if self.camera == "push-in":
            scale *= 1.0 + (PUSH - 1.0) * amp * e
        elif self.camera == "pull-out":
            scale *= 1.0 + (PUSH - 1.0) * amp * (1.0 - e)
        elif self.camera == "static":
            scale *= 1.0 - DRIFT * amp * e
        else:
            scale = min(scale, PAN_SCALE)
            shift = (e - 0.5) * 2.0 * PAN_TRAVEL * amp
            if self.camera == "pan":
                cx += shift * src_w
            else:
                cy += shift * src_h
        w = full_w * scale
        h = w / self.aspect
        cx = clamp(cx, w / 2, src_w - w / 2)
        cy = clamp(cy, h / 2, src_h - h / 2)
        return (cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2)

    # --- With a subject: framed on its box --------------------------------------------------------------

    def _box(self):
        """The subject's box in source pixels; for a close-up of a person, the head and shoulders."""
        src_w, src_h = self.size
        left, top, right, bottom = self.subject.box
        box = [left * src_w, top * src_h, right * src_w, bottom * src_h]
        if self.subject.label == "person" and self.shot in ("close", "extreme-close"):
            box[3] = min(box[3], box[1] + 1.2 * (box[2] - box[0]))
        return box

    def _placed(self, box, h):
        """The window of height `h` (clamped to fit the source) placed on the box: centred, a face a little high."""
        src_w, src_h = self.size
        full_h = min(src_h, src_w / self.aspect)
        h = clamp(h, MIN_WINDOW * full_h, full_h)
        w = h * self.aspect
        cx = (box[0] + box[2]) / 2
        cy = (box[1] + box[3]) / 2
        if "face" in self.subject.label:
            cy += HEADROOM * max(0.0, h - (box[3] - box[1]))  # the window lower, so the face sits above centre
        cx = clamp(cx, w / 2, src_w - w / 2)
        cy = clamp(cy, h / 2, src_h - h / 2)
        return [cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2]

    def _height_for(self, box, fill):
        """The window height at which the box fills `fill` of the window's height, or more of its width (a face
        is taller than wide: in a narrow frame it may fill more of the width), whichever is tighter."""
        across = min(MAX_FILL, fill * WIDTH_FILL)
        return max((box[3] - box[1]) / fill, (box[2] - box[0]) / (across * self.aspect))

    def _subject_window(self, e):
        box = self._box()
        src_w, src_h = self.size
        full_h = min(src_h, src_w / self.aspect)
        amp = self.motion.amplitude
        if self.shot == "wide":
            shot_h = full_h
        else:
            shot_h = self._height_for(box, SUBJECT_FILL[self.shot])
        tightest = self._height_for(box, MAX_FILL)
        if self.camera in ("push-in", "pull-out", "static"):
            factor = DRIFT if self.camera == "static" else 1.0 - PUSH
            wide_h = min(shot_h, full_h)
            tight_h = max(wide_h * (1.0 - factor * amp), min(tightest, wide_h))
            wide, tight = self._placed(box, wide_h), self._placed(box, tight_h)
            if wide[2] - wide[0] - (tight[2] - tight[0]) < 1e-6:  # already as tight as it may go: start wider
                wide = self._placed(box, wide_h / (1.0 - factor * amp))
            if wide[2] - wide[0] - (tight[2] - tight[0]) < 1e-6:  # the subject fills the picture: push in anyway
                tight = self._placed(box, wide_h * (1.0 - factor * amp))
            start, end = (tight, wide) if self.camera == "pull-out" else (wide, tight)
            return tuple(a + (b - a) * e for a, b in zip(start, end, strict=True))
        # Pan and tilt: a window with room to move, travelling along the subject from one side to the other.
        h = min(shot_h, PAN_SCALE * full_h)
        placed = self._placed(box, h)
        axis = 0 if self.camera == "pan" else 1
        side = placed[2 + axis] - placed[axis]
        centre = (placed[axis] + placed[2 + axis]) / 2
        limit = (src_w, src_h)[axis]
        travel = PAN_TRAVEL * amp * limit
        # Centres at which the window still holds the box with a margin, within the source.
        margin = SUBJECT_MARGIN * side
        low = max(side / 2, box[2 + axis] + margin - side / 2)
        high = min(limit - side / 2, box[axis] - margin + side / 2)
        if high - low < 1.0:  # the subject is wider than the window: travel across it, within the source
            low, high = side / 2, limit - side / 2
        span = min(2.0 * travel, high - low)
        first = clamp(centre - span / 2, low, high - span)
        last = first + span
        position = first + (last - first) * e
        out = list(placed)
        out[axis], out[2 + axis] = position - side / 2, position + side / 2
        return tuple(out)
