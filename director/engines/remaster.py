"""The local remaster: fixes what makes a photo weak (noise, dull levels, exposure, flat colour, blur).

Each step measures first and does only as much as the image needs, in this order:
denoise (so sharpening does not amplify grain), levels (stretch the tonal range),
exposure (a gamma that moves the mean toward mid-grey), contrast, colour, and an
unsharp mask sized to the measured blur. A good photo passes through nearly untouched.
The size is never changed.
"""

import math

import numpy as np
from PIL import Image, ImageEnhance, ImageFilter

LUMA = np.array([0.299, 0.587, 0.114], dtype=np.float32)
MEASURE_SIDE = 512  # measurements are read at this long side, where blur shows as it will on screen
TARGET_MEAN = 0.46  # mean luminance to aim for (0..1), a touch under mid-grey
TARGET_RMS = 0.17  # RMS contrast to aim for
TARGET_SATURATION = 0.28  # mean HSV saturation below this looks washed out
TARGET_SHARPNESS = 0.5  # Laplacian spread relative to the picture's own contrast


def _measure(image):
    small = image
    scale = MEASURE_SIDE / max(image.size)
    if scale < 1:
        small = image.resize(
            (max(1, round(image.width * scale)), max(1, round(image.height * scale))),
            Image.Resampling.BILINEAR,
            reducing_gap=2.0,
        )
    rgb = np.asarray(small, dtype=np.float32)
    y = rgb @ LUMA
    lap = y[1:-1, :-2] + y[1:-1, 2:] + y[:-2, 1:-1] + y[2:, 1:-1] - 4.0 * y[1:-1, 1:-1]
    mx, mn = rgb.max(axis=2), rgb.min(axis=2)
    saturation = np.where(mx > 0, (mx - mn) / np.maximum(mx, 1e-6), 0.0)
    low, high = np.percentile(y, [0.5, 99.5])
    return {
        "mean": float(y.mean()) / 255.0,
        "rms": float(y.std()) / 255.0,
        "low": float(low),
        "high": float(high),
        "saturation": float(saturation.mean()),
        "sharpness": float(lap.std() / (y.std() + 4.0)),
    }


def noise_sigma(image):
    """Immerkaer's noise estimate on the flatter half of a full-resolution centre crop (grey levels)."""
    w, h = image.size
    side = 1024
    crop = image.crop(
        ((w - min(w, side)) // 2, (h - min(h, side)) // 2, (w + min(w, side)) // 2, (h + min(h, side)) // 2)
    )
    y = np.asarray(crop, dtype=np.float32) @ LUMA
    if min(y.shape) < 16:
        return 0.0
    k = (
        y[:-2, :-2] - 2 * y[:-2, 1:-1] + y[:-2, 2:]
        - 2 * y[1:-1, :-2] + 4 * y[1:-1, 1:-1] - 2 * y[1:-1, 2:]
        + y[2:, :-2] - 2 * y[2:, 1:-1] + y[2:, 2:]
    )  # fmt: skip
    gx = np.abs(y[1:-1, 2:] - y[1:-1, :-2])
    gy = np.abs(y[2:, 1:-1] - y[:-2, 1:-1])
    flat = (gx + gy) <= np.percentile(gx + gy, 50)
    return math.sqrt(math.pi / 2) * float(np.abs(k[flat]).mean()) / 6.0 if flat.any() else 0.0


def _tone_curve(m):
    """One lookup table for levels and exposure, the same for R, G and B so hues are kept."""
    low, high = m["low"], m["high"]
    gain, origin = 1.0, 0.0
    if high - low < 235:  # stretch the range, at most 4x (more only magnifies noise), centred when capped
        gain = min(4.0, 246.0 / max(high - low, 1.0))
        origin = low if gain < 4.0 else max(0.0, (low + high) / 2 - 123.0 / gain)
    levels = [min(255.0, max(0.0, (v - origin) * gain)) for v in range(256)]
    # Where the mean lands after levels, then a gamma that moves it to the target.
    mean = min(0.98, max(0.02, (m["mean"] * 255.0 - origin) * gain / 255.0))
    gamma = 1.0
    if abs(mean - TARGET_MEAN) > 0.06:
        gamma = min(2.5, max(0.4, math.log(TARGET_MEAN) / math.log(mean)))
    curve = [round(255.0 * (v / 255.0) ** gamma) for v in levels]
    return curve * 3, gain, gamma


class PillowRemaster:
    name = "pillow"

    def remaster(self, image):
        """A fixed-up copy of the image (RGB, same size): cleaner, better exposed, richer, sharper."""
        image = image.convert("RGB")
        sigma = noise_sigma(image)
        if sigma > 2.5:
            image = image.filter(ImageFilter.MedianFilter(5 if sigma > 8 else 3))

        curve, _, _ = _tone_curve(_measure(image))
        image = image.point(curve)

        m = _measure(image)
        if m["rms"] < TARGET_RMS * 0.85:
            image = ImageEnhance.Contrast(image).enhance(min(1.6, TARGET_RMS / max(m["rms"], 0.02)))
        if m["saturation"] < TARGET_SATURATION:
            lift = 1.0 + min(0.6, 2.0 * (TARGET_SATURATION - m["saturation"]))
            image = ImageEnhance.Color(image).enhance(lift)

        # The blurrier, the wider and stronger the mask; the threshold spares flat areas (and their noise).
        # A second, finer pass recovers edges a single mask leaves soft.
        scale = max(1.0, max(image.size) / MEASURE_SIDE)
        for radius in (2.5, 1.0):
            sharpness = _measure(image)["sharpness"]
            if sharpness >= TARGET_SHARPNESS:
                break
            need = min(1.0, (TARGET_SHARPNESS - sharpness) / TARGET_SHARPNESS)
            mask = ImageFilter.UnsharpMask(radius=radius * scale, percent=int(60 + 240 * need), threshold=2)
            image = image.filter(mask)
        return image
