"""Colour grade shared by scene previews and the production render (the framing is director/framing.py).

A preview is one frame of the render: both grade with `apply_grade`, so what the user approves is what gets
rendered.

Grade values: saturation, contrast and brightness are multipliers (1.0 = as shot);
warmth is a signed shift (0.0 = neutral, +1 = strongly warm, -1 = strongly cool).
A scene's `grade_adjust` adds to its director's grade.
"""

from PIL import ImageEnhance

from director.framing import clamp as _clamp
from director.framing import finite_number as _number

NEUTRAL_GRADE = {"saturation": 1.0, "contrast": 1.0, "warmth": 0.0, "brightness": 1.0}
GRADE_LIMITS = {"saturation": (0.0, 2.5), "contrast": (0.3, 2.5), "warmth": (-1.0, 1.0), "brightness": (0.3, 2.0)}
ADJUST_LIMITS = {"saturation": (-1.0, 1.0), "contrast": (-1.0, 1.0), "warmth": (-1.0, 1.0), "brightness": (-0.7, 0.7)}


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
    style = (scene or {}).get("style_grade")  # the style preset's grade (director/styles.py) on the director's
    if isinstance(style, dict):
        for key in ("saturation", "contrast", "brightness"):
            base[key] *= _number(style.get(key), 1.0)
        base["warmth"] += _number(style.get("warmth"), 0.0)
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
