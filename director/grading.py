"""Colour grade and camera framing shared by scene previews and the production render.

A preview is one frame of the render: both call `frame_window` for the crop and
`apply_grade` for the colour, so what the user approves is what gets rendered.

Grade values: saturation, contrast and brightness are multipliers (1.0 = as shot);
warmth is a signed shift (0.0 = neutral, +1 = strongly warm, -1 = strongly cool).
A scene's `grade_adjust` adds to its director's grade.
"""

from dataclasses import dataclass

from PIL import Image, ImageEnhance

SHOTS = ("wide", "medium", "close", "extreme-close")  # widest first
CAMERAS = ("static", "push-in", "pull-out", "pan", "tilt")

# Width of the crop window as a fraction of the widest window of the output's aspect ratio.
SHOT_SCALE = {"wide": 1.0, "medium": 0.72, "close": 0.5, "extreme-close": 0.32}
PUSH = 0.72  # a push-in ends (and a pull-out starts) at this fraction of the shot's window
PAN_SCALE = 0.82  # a pan or tilt never uses more than this, so there is room to move
PAN_TRAVEL = 0.12  # how far a pan/tilt travels, as a fraction of the source's side
DRIFT = 0.03  # a "static" shot breathes in by this much over the scene

NEUTRAL_GRADE = {"saturation": 1.0, "contrast": 1.0, "warmth": 0.0, "brightness": 1.0}
GRADE_LIMITS = {"saturation": (0.0, 2.5), "contrast": (0.3, 2.5), "warmth": (-1.0, 1.0), "brightness": (0.3, 2.0)}
ADJUST_LIMITS = {"saturation": (-1.0, 1.0), "contrast": (-1.0, 1.0), "warmth": (-1.0, 1.0), "brightness": (-0.7, 0.7)}


def _clamp(value, low, high):
    return max(low, min(high, value))


def _number(value, default):
    try:
        value = float(value)
    except (TypeError, ValueError):
        return default
    return value if value == value and abs(value) != float("inf") else default


def clamp_adjust(adjust):
    """A grade adjustment with known keys only, each within its bounds."""
    out = {}
    for key, (low, high) in ADJUST_LIMITS.items():
        if adjust and key in adjust:
            out[key] = round(_clamp(_number(adjust[key], 0.0), low, high), 3)
    return out


def scene_grade(director, scene=None):
    """The director's grade plus the scene's grade_adjust, bounded."""
    base = dict(NEUTRAL_GRADE)
    for key, value in (getattr(director, "grade", None) or {}).items():
        if key in base:
            base[key] = _number(value, base[key])
    for key, delta in clamp_adjust((scene or {}).get("grade_adjust")).items():
        base[key] += delta
    return {key: _clamp(value, *GRADE_LIMITS[key]) for key, value in base.items()}


def grade_lut(grade):
    """A 768-entry lookup table (R, G, B) for brightness, contrast around mid-grey, and warmth."""
    brightness, contrast, warmth = grade["brightness"], grade["contrast"], grade["warmth"]
    gains = (1.0 + 0.22 * warmth, 1.0 + 0.04 * warmth, 1.0 - 0.22 * warmth)
    table = []
    for gain in gains:
        for value in range(256):
            v = value * brightness * gain
            v = (v - 128.0) * contrast + 128.0
            table.append(int(_clamp(round(v), 0, 255)))
    return table


def apply_grade(image, grade):
    """The image (RGB) with the grade applied; point operations only, so it is cheap at any size."""
    image = image.convert("RGB")
    if grade == NEUTRAL_GRADE:
        return image
    image = image.point(grade_lut(grade))
    if abs(grade["saturation"] - 1.0) > 1e-3:
        image = ImageEnhance.Color(image).enhance(grade["saturation"])
    return image


def focus_of(scene):
    """The scene's focus as fractions of the frame ((0.5, 0.5) when unknown)."""
    focus = (scene or {}).get("focus") or {}
    x = _clamp(_number(focus.get("x"), 0.5), 0.0, 1.0) if isinstance(focus, dict) else 0.5
    y = _clamp(_number(focus.get("y"), 0.5), 0.0, 1.0) if isinstance(focus, dict) else 0.5
    return x, y


def ease(t):
    t = _clamp(t, 0.0, 1.0)
    return t * t * (3.0 - 2.0 * t)


@dataclass(frozen=True)
class Framing:
    """The crop windows of one scene over its move, for a source of `size` and an output of `aspect`."""

    size: tuple
    aspect: float
    shot: str
    camera: str
    focus: tuple

    @classmethod
    def for_scene(cls, size, out_size, scene):
        shot = scene.get("shot") if scene.get("shot") in SHOT_SCALE else "medium"
        camera = scene.get("camera") if scene.get("camera") in CAMERAS else "static"
        return cls(tuple(size), out_size[0] / out_size[1], shot, camera, focus_of(scene))

    def window(self, t):
        """The crop box (left, top, right, bottom) in source pixels at progress t in [0, 1]."""
        src_w, src_h = self.size
        full_w = min(src_w, src_h * self.aspect)  # the widest window of the output's shape
        scale = SHOT_SCALE[self.shot]
        cx, cy = self.focus[0] * src_w, self.focus[1] * src_h
        e = ease(t)
        if self.camera == "push-in":
            scale *= 1.0 + (PUSH - 1.0) * e
        elif self.camera == "pull-out":
            scale *= PUSH + (1.0 - PUSH) * e
        elif self.camera == "static":
            scale *= 1.0 - DRIFT * e
        else:
            scale = min(scale, PAN_SCALE)
            shift = (e - 0.5) * 2.0 * PAN_TRAVEL
            if self.camera == "pan":
                cx += shift * src_w
            else:
                cy += shift * src_h
        w = full_w * scale
        h = w / self.aspect
        cx = _clamp(cx, w / 2, src_w - w / 2)
        cy = _clamp(cy, h / 2, src_h - h / 2)
        return (cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2)

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


def frame_at(image, scene, director, out_size, t=0.0):
    """One graded frame of the scene at progress t: the shared path of previews (and a reference for renders)."""
    framing = Framing.for_scene(image.size, out_size, scene)
    frame = image.convert("RGB").resize(out_size, Image.Resampling.LANCZOS, box=framing.window(t), reducing_gap=3.0)
    return apply_grade(frame, scene_grade(director, scene))
