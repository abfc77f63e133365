"""The Eye's scores from its measures: the quality parts and weights, physics, vibe, logic and integrity.

Each formula is written down in docs/the-eye.md; `m` is the dict of raw measures (measures.py).
"""

import math


def clip01(x):
    return float(min(1.0, max(0.0, x)))


def ramp(x, lo, hi):
    """0 at lo, 1 at hi, linear between (lo > hi gives a falling ramp)."""
    return clip01((x - lo) / (hi - lo))


def quality_parts(m):
    exposure = min(ramp(m["mean_luminance"], 0.05, 0.30), ramp(m["mean_luminance"], 0.95, 0.72))
    exposure *= 1.0 - 0.5 * ramp(m["shadow_clipping"], 0.10, 0.50) - 0.5 * ramp(m["highlight_clipping"], 0.05, 0.40)
    return {
        "sharpness": ramp(m["sharpness"], 0.04, 0.40),
        "exposure": max(0.0, exposure),
        "contrast": 0.5 * ramp(m["rms_contrast"], 0.0, 0.16) + 0.5 * ramp(m["tonal_range"], 0.0, 0.65),
        "noise": ramp(m["noise_sigma"], 12.0, 3.0),
        "artefacts": ramp(m["blockiness"], 2.2, 1.2),
        # 128x128 px scores 0, 1024x768 (0.8 MP) and up score 1, on a log scale.
        "resolution": ramp(math.log2(m["width"] * m["height"]), 14.0, 19.6),
    }


QUALITY_WEIGHTS = {
    "sharpness": 0.30,
    "exposure": 0.25,
    "contrast": 0.15,
    "noise": 0.15,
    "artefacts": 0.10,
    "resolution": 0.05,
}


def quality(parts):
    # A weighted geometric mean: one failed aspect (blur, darkness) pulls the whole score down.
    log = sum(w * math.log(max(parts[k], 0.02)) for k, w in QUALITY_WEIGHTS.items())
    return 10.0 * math.exp(log)


def physics(m):
    return 10.0 * (
        0.35 * ramp(m["edge_density"], 0.0, 0.30)
        + 0.20 * ramp(m["diagonal_ratio"], 0.10, 0.45)
        + 0.15 * ramp(m["orientation_coherence"], 0.0, 0.5)
        + 0.15 * ramp(m["chroma_contrast"], 0.0, 25.0)
        + 0.15 * ramp(m["rms_contrast"], 0.0, 0.25)
    )


def vibe(m):
    saturation_balance = 1.0 - min(1.0, abs(m["mean_saturation"] - 0.40) / 0.40)
    return 10.0 * (
        0.35 * ramp(m["colourfulness"], 0.0, 70.0)
        + 0.20 * saturation_balance
        + 0.25 * ramp(m["tonal_range"], 0.0, 0.80)
        + 0.20 * m["hue_harmony"]
    )


def logic(m):
    isolation = 0.5 * ramp(m["saliency_concentration"], 0.10, 0.30) + 0.5 * m["saliency_compactness"]
    # Nothing to read in a blank frame, and blur muddies whatever is there.
    legibility = ramp(m["tonal_range"], 0.02, 0.30) * (0.6 + 0.4 * ramp(m["sharpness"], 0.04, 0.40))
    open_space = ramp(m["negative_space"], 0.0, 0.4)
    return 10.0 * legibility * (0.5 * isolation + 0.3 * (1.0 - m["clutter"]) + 0.2 * open_space)


def integrity(m):
    artefacts = ramp(m["blockiness"], 1.15, 1.8)
    uniform = ramp(m["rms_contrast"] * 255.0, 12.0, 2.0)
    clipped = ramp(m["shadow_clipping"] + m["highlight_clipping"], 0.3, 0.9)
    static = ramp(m["noise_sigma"], 15.0, 40.0)  # more noise than picture
    return clip01(1.0 - 0.5 * artefacts - 0.6 * uniform - 0.2 * clipped - 0.3 * static)
