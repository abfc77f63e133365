"""The Eye's words about an image: palette, focal point, composition, mood, keywords, summary and issues.

`m` is the dict of raw measures (measures.py); the rules are written down in docs/the-eye.md.
"""

import math
import re

import cv2
import numpy as np
from django.utils.translation import gettext, gettext_noop
from PIL import Image

from director.engines.eye.colour import LUMA, colour_name, hex_colour
from director.engines.eye.measures import box_blur, downscale
from director.engines.eye.scores import ramp


def palette(work):
    small = downscale(work, 128)
    quantized = small.quantize(colors=16, method=Image.Quantize.MEDIANCUT)
    raw = quantized.getpalette()
    counts = sorted(quantized.getcolors(), reverse=True)
    colours = [tuple(raw[i * 3 : i * 3 + 3]) for _, i in counts]
    chosen = []
    for c in colours:  # most frequent first, skipping near-duplicates
        if all(np.linalg.norm(np.subtract(c, d, dtype=float)) >= 40 for d in chosen):
            chosen.append(c)
    for c in colours:
        if len(chosen) >= 5:
            break
        if c not in chosen:
            chosen.append(c)
    while len(chosen) < 5:  # a picture with fewer than five colours repeats them
        chosen.append(chosen[len(chosen) % len(chosen)])
    return [hex_colour(c) for c in chosen[:5]]


def _position(x, y):
    row = "upper" if y < 0.36 else "lower" if y > 0.64 else "middle"
    col = "left" if x < 0.36 else "right" if x > 0.64 else "centre"
    if row == "middle" and col == "centre":
        return "centre"
    if row == "middle":
        return f"{col} side"
    if col == "centre":
        return f"{row} centre"
    return f"{row} {col}"


def subject_name(subject, lines=()):
    """What a subject is called in words: "face", "cat face", "person", "words 'Grand Opening'"."""
    if subject["label"] == "text" and lines:
        words = lines[0]["text"].replace("'", "’").split()
        return "words '" + " ".join(words[:TEXT_WORDS]) + ("..." if len(words) > TEXT_WORDS else "") + "'"
    return subject["label"]


TEXT_WORDS = 5  # words of the first line a focal label quotes


def focal_point(saliency, rgb, subject=None, lines=()):
    """The point the eye goes to: the middle of the most important subject The Eye recognised, or, for a salient
    region it can't name, the peak of the saliency map, named by its colour."""
    if subject is not None and subject["label"] != "subject":
        left, top, right, bottom = subject["box"]
        x, y = (left + right) / 2, (top + bottom) / 2
        label = f"{subject_name(subject, lines)} at the {_position(x, y)}"
        return {"x": round(float(x), 2), "y": round(float(y), 2), "label": label}
    h, w = saliency.shape
    # Zero padding: a bright region cut by the frame is less likely the subject than one inside it.
    r = max(1, min(h, w) // 12)
    smooth = box_blur(box_blur(saliency, r, cv2.BORDER_CONSTANT), r, cv2.BORDER_CONSTANT)
    iy, ix = np.unravel_index(int(np.argmax(smooth)), smooth.shape)
    x, y = (ix + 0.5) / w, (iy + 0.5) / h
    if float(saliency.max()) <= 0:
        x = y = 0.5
    # The colour of the focal region, read from the working image.
    H, W = rgb.shape[:2]
    cx, cy = int(x * W), int(y * H)
    r = max(2, min(H, W) // 20)
    patch = rgb[max(0, cy - r) : cy + r + 1, max(0, cx - r) : cx + r + 1].reshape(-1, 3)
    name = colour_name(hex_colour(np.median(patch, axis=0)))
    lum = float(np.median(patch @ LUMA))
    tone = "bright" if lum > 170 else "dark" if lum < 70 else ""
    if name in ("black", "charcoal", "white", "ivory", "navy", "chocolate", "silver"):
        tone = ""
    label = " ".join(filter(None, [tone, name, "form at the", _position(x, y)]))
    return {"x": round(float(x), 2), "y": round(float(y), 2), "label": label}


def composition(m, focal):
    x, y = focal["x"], focal["y"]
    if m["negative_space"] >= 0.45 or m["rms_contrast"] < 0.03:
        return "minimal"
    if m["symmetry"] >= 0.6 and abs(x - 0.5) < 0.15:
        return "symmetrical"
    if abs(x - 0.5) < 0.12 and abs(y - 0.5) < 0.12:
        return "centered"
    if min(math.hypot(x - tx, y - ty) for tx in (1 / 3, 2 / 3) for ty in (1 / 3, 2 / 3)) < 0.12:
        return "rule-of-thirds"
    if m["diagonal_ratio"] >= 0.40:
        return "diagonal"
    return "off-centre"


def mood(m):
    lum, colour, warmth, contrast = m["mean_luminance"], m["colourfulness"], m["warmth"], m["rms_contrast"]
    if lum < 0.22:
        return "dramatic" if colour > 30 or contrast > 0.15 else "brooding"
    if contrast < 0.03:
        return "flat"
    if contrast < 0.08:
        return "hazy" if lum > 0.6 else "muted"
    if colour > 55:
        return "vibrant" if warmth > 0 else "electric"
    if lum > 0.65:
        return "airy"
    if warmth > 0.08:
        return "warm"
    if warmth < -0.05:
        return "cool"
    return "calm" if contrast < 0.16 else "bold"


def keywords(m, mood, composition, names, scores):
    candidates = [
        (1.0, mood),
        (0.9, names[0]),
        (0.8, composition),
        (ramp(m["colourfulness"], 20, 80), "colourful"),
        (ramp(m["colourfulness"], 15, 3), "monochrome"),
        (ramp(m["mean_luminance"], 0.35, 0.1), "low-key"),
        (ramp(m["mean_luminance"], 0.65, 0.85), "high-key"),
        (ramp(m["warmth"], 0.05, 0.25), "warm-toned"),
        (ramp(m["warmth"], -0.03, -0.2), "cool-toned"),
        (ramp(m["edge_density"], 0.12, 0.35), "textured"),
        (ramp(m["edge_density"], 0.05, 0.0), "smooth"),
        (ramp(m["diagonal_ratio"], 0.35, 0.55), "dynamic"),
        (ramp(m["negative_space"], 0.2, 0.6), "spacious"),
        (ramp(scores["logic"], 6, 9), "clear"),
        (ramp(m["sharpness"], 0.3, 0.6), "crisp"),
        (ramp(m["sharpness"], 0.1, 0.02), "soft"),
        (0.05, names[1]),
        (0.04, "still"),
        (0.03, "quiet"),
    ]
    out = []
    for _, word in sorted(candidates, key=lambda c: -c[0]):
        if word not in out:
            out.append(word)
        if len(out) == 5:
            break
    return out


def summary(names, mood, composition, focal):
    colours = list(dict.fromkeys(names))[:3]
    palette = ", ".join(colours[:-1]) + (" and " if len(colours) > 1 else "") + colours[-1]
    return (
        f"Keep the {palette} palette, the {mood} mood, the {composition} composition "
        f"and the focal point on the {focal['label']}."
    )


# The issues The Eye writes, in English as stored; `localised_issues` says them in the active language.
UNIFORM = gettext_noop("The image is nearly uniform: there is no visible detail to animate")
BLURRED = gettext_noop("The image is blurred (sharpness %(sharpness)s/100)")
UNDEREXPOSED = gettext_noop("The image is underexposed (brightness %(brightness)s/100)")
OVEREXPOSED = gettext_noop("The image is overexposed (%(percent)s %% of pixels blown out)")
LOW_CONTRAST = gettext_noop("The image has low contrast (contrast %(contrast)s/100)")
NOISY = gettext_noop("The image is noisy (noise level %(noise)s)")
BLOCKY = gettext_noop("The image shows JPEG compression artefacts (8 px blocks)")
LOW_RESOLUTION = gettext_noop("The resolution is low for video (%(width)sx%(height)s px)")
ISSUES = (UNIFORM, BLURRED, UNDEREXPOSED, OVEREXPOSED, LOW_CONTRAST, NOISY, BLOCKY, LOW_RESOLUTION)


def issues(m, parts):
    found = []
    if m["rms_contrast"] * 255 < 4:
        found.append(UNIFORM)
    elif parts["sharpness"] < 0.45:
        found.append(BLURRED % {"sharpness": round(100 * parts["sharpness"])})
    if m["mean_luminance"] < 0.2 or (m["mean_luminance"] < 0.3 and m["shadow_clipping"] > 0.3):
        found.append(UNDEREXPOSED % {"brightness": round(100 * m["mean_luminance"])})
    elif m["mean_luminance"] > 0.78 or m["highlight_clipping"] > 0.15:
        found.append(OVEREXPOSED % {"percent": round(100 * m["highlight_clipping"])})
    if m["rms_contrast"] * 255 >= 4 and parts["contrast"] < 0.45:
        found.append(LOW_CONTRAST % {"contrast": round(100 * parts["contrast"])})
    if parts["noise"] < 0.5:
        found.append(NOISY % {"noise": f"{m['noise_sigma']:.1f}"})
    if m["blockiness"] > 1.3:
        found.append(BLOCKY)
    if max(m["width"], m["height"]) < 512:
        found.append(LOW_RESOLUTION % {"width": m["width"], "height": m["height"]})
    return found


def _pattern(template):
    """A regular expression that reads an English issue back into its template's values."""
    parts = re.split(r"%\((\w+)\)s", template.replace("%%", "%"))
    pattern = "".join(f"(?P<{part}>[0-9.]+)" if i % 2 else re.escape(part) for i, part in enumerate(parts))
    return re.compile(f"^{pattern}$")


PATTERNS = tuple((template, _pattern(template)) for template in ISSUES)


def localised_issues(found):
    """Stored English issues in the active language (an analysis is stored once and may be reused by a job in
    another language, so the words are chosen when they are shown). A sentence The Eye did not write from
    ISSUES (another provider's) is left as it is."""
    out = []
    for issue in found or []:
        for template, pattern in PATTERNS:
            match = pattern.match(str(issue))
            if match:
                out.append(gettext(template) % match.groupdict())
                break
        else:
            out.append(issue)
    return out
