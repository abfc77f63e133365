"""The local remaster: repairs what makes a photo weak without making any of it worse.

It measures first (darkness, noise, JPEG blockiness, blur, size) and then does only what the image needs, in an
order that never amplifies a defect before it is removed:

1. deblock: the steps JPEG leaves on its 8 px grid (found at whatever phase the grid lies) are spread into
   ramps where both sides are flat, so a real edge on the grid is left alone;
2. denoise: OpenCV's non-local means, its strength from the measured noise;
3. tone, on the cleaned pixels: an exposure gain toward mid-grey with a soft shoulder (the inverse of
   underexposure, hues kept), a stretch of a flat tonal range, then CLAHE on L* for local contrast;
4. sharpen: an unsharp mask sized to the measured blur, masked so flat areas (where it would only lift grain)
   and the block boundaries (where it would redraw the grid) are spared;
5. upscale a small source with Lanczos, so the picture reaches the size a video frame needs.

All of it runs in float until the end, so a lifted shadow is not banded by rounding. A good photo passes through
untouched: every step has a threshold below which it does nothing.

A source longer than MAX_SIDE is brought down to it: the output feeds previews, renders (at most 1080p on the
short side) and The Eye (512 px), and repairing 12 MP nobody sees took minutes and a gigabyte. Its grid and
noise are measured, and its blocks removed, at its own size first; the rest runs at MAX_SIDE.
"""

import math

import cv2
import numpy as np
from PIL import Image

LUMA = np.array([0.299, 0.587, 0.114], dtype=np.float32)
MEASURE_SIDE = 512  # blur is measured at this long side, where it shows as on a screen
BLOCK = 8  # JPEG's block size

BLOCKY_FROM = 1.25  # the grid's step over the other steps (1.0: no grid) from which the image is deblocked
NOISY_FROM = 2.0  # noise sigma (grey levels) from which the image is denoised
DARK_BELOW = 0.30  # mean luminance (0..1) below which exposure is raised
BRIGHT_ABOVE = 0.75  # and above which it is lowered
TARGET_MEAN = 0.42  # where exposure moves the mean: a touch under mid-grey
MAX_GAIN = 4.0  # more only magnifies noise and quantisation
FLAT_RANGE = 0.40  # a 1..99 percentile range (0..1) below this is stretched
TARGET_RANGE = 0.75
HIGHLIGHT = 0.92  # exposure never lifts the 99th percentile above this
MIN_GAIN = 1.5  # a smaller lift is left undone: the picture is dark by nature (night, a bright subject)
SHARP_ENOUGH = 0.32  # Laplacian spread over contrast at MEASURE_SIDE (the sharp test photos: 0.37-0.62)
SMALL_PIXELS = 786_432  # 1024 x 768: sources smaller than this are upscaled, at most 2x
MAX_UPSCALE = 2.0
UP_AMOUNT = 1.5  # the unsharp mask after upscaling (clean sources only)
CLAHE_AMOUNT = 0.25  # how much of CLAHE's local contrast is blended into a lifted or flat picture
LARGE_PIXELS = 2_000_000  # above this, non-local means runs with smaller windows and colour at half size
LARGE_SEARCH = 7  # its search window for lightness on a large picture
MAX_SIDE = 2560  # long side of the output: a remaster feeds previews, renders (at most 1080p short side), The Eye


def luma(rgb):
    """Rec. 601 luma of float RGB, as float (cv2.transform: one pass, no (h, w, 3) temporaries)."""
    return cv2.transform(rgb, LUMA[None, :])


def _smaller(rgb, side):
    scale = side / max(rgb.shape[:2])
    if scale >= 1:
        return rgb
    size = (max(1, round(rgb.shape[1] * scale)), max(1, round(rgb.shape[0] * scale)))
    return cv2.resize(rgb, size, interpolation=cv2.INTER_AREA)


def noise_sigma(y):
    """Immerkaer's noise estimate, read on the flatter half of the picture so texture is not taken for noise."""
    if min(y.shape) < 16:
        return 0.0
    mask = np.array([[1, -2, 1], [-2, 4, -2], [1, -2, 1]], dtype=np.float32)
    # In place where OpenCV allows: a 12 MP source is measured at its own size, so each temporary is 48 MB.
    gradient = cv2.Sobel(y, cv2.CV_32F, 1, 0)
    cv2.multiply(gradient, gradient, gradient)
    other = cv2.Sobel(y, cv2.CV_32F, 0, 1)
    cv2.multiply(other, other, other)
    cv2.add(gradient, other, gradient)
    other = cv2.filter2D(y, cv2.CV_32F, mask)
    response = cv2.absdiff(other, 0.0, other)[1:-1, 1:-1]
    gradient = gradient[1:-1, 1:-1]
    flat = gradient <= np.percentile(gradient, 50)
    return math.sqrt(math.pi / 2) * float(response[flat].mean()) / 6.0 if flat.any() else 0.0


def grid(y):
    """(blockiness, phase x, phase y): the mean step across the strongest 8 px phase over the median phase's."""
    result = []
    for d in (np.abs(np.diff(y, axis=1)).mean(axis=0), np.abs(np.diff(y, axis=0)).mean(axis=1)):
        n = d.size // BLOCK * BLOCK
        if n < 4 * BLOCK:
            result.append((1.0, 0))
            continue
        phases = d[:n].reshape(-1, BLOCK).mean(axis=0)
        top = int(np.argmax(phases))
        result.append((float(phases[top] / max(float(np.median(phases)), 1e-3)), (top + 1) % BLOCK))
    (bx, px), (by, py) = result
    return (bx + by) / 2, px, py


def sharpness(y):
    small = _smaller(y, MEASURE_SIDE)
    lap = cv2.Laplacian(small, cv2.CV_32F, ksize=1)[1:-1, 1:-1]
    return float(lap.std() / (small.std() + 4.0))


def measure(rgb):
    y = luma(rgb)
    low, high = np.percentile(y, [1, 99])
    blockiness, phase_x, phase_y = grid(y)
    return {
        "mean": float(y.mean()) / 255.0,
        "range": float(high - low) / 255.0,
        "low": float(low) / 255.0,
        "high": float(high) / 255.0,
        "noise": noise_sigma(y),
        "blockiness": blockiness,
        "phase": (phase_x, phase_y),
        "sharpness": sharpness(y),
    }


# -- 1. deblock ------------------------------------------------------------------------------------------------


def _deblock_axis(rgb, y, phase, strength):
    """Spread each step across the vertical block boundaries (columns phase, phase + 8, ...) into a ramp, in place.

    A step is treated as an artefact where it is small next to the picture's contrast and both sides are flat
    (H.264's in-loop filter decides the same way); the four pixels either side then share it linearly. The
    eight columns around each boundary are one contiguous run, so they are handled as views of `rgb`, without
    copies of the picture.
    """
    h, w = y.shape
    xs = np.arange(max(phase, 4), w - 3, BLOCK)
    if xs.size == 0:
        return rgb
    start, n = int(xs[0]) - 4, xs.size
    lum = np.reshape(y[:, start : start + n * BLOCK], (h, n, BLOCK), copy=False)
    blocks = np.reshape(rgb[:, start : start + n * BLOCK], (h, n, BLOCK, 3), copy=False)
    # p0..p3 are columns 3..0 of a run (left of the boundary), q0..q3 columns 4..7.
    step = lum[..., 4] - lum[..., 3]
    inside = np.maximum(
        np.maximum(np.abs(lum[..., 2] - lum[..., 3]), np.abs(lum[..., 1] - lum[..., 2])),
        np.maximum(np.abs(lum[..., 5] - lum[..., 4]), np.abs(lum[..., 6] - lum[..., 5])),
    )
    limit = strength * 8.0 + 2.0  # grey levels: a step above this is taken for an edge
    weight = np.clip((limit - np.abs(step)) / (0.5 * limit), 0.0, 1.0) * (inside < np.maximum(np.abs(step), 1.0))
    delta = (blocks[:, :, 4] - blocks[:, :, 3]) * weight[..., None]
    for k in range(4):
        share = (3.5 - k) / 8.0
        blocks[:, :, 3 - k] += delta * share
        blocks[:, :, 4 + k] -= delta * share
    return rgb


def deblock(rgb, blockiness, phase):
    """Both axes of the grid, in place on a float copy the caller owns."""
    strength = min(1.0, (blockiness - 1.0) / 1.5)
    px, py = phase
    _deblock_axis(rgb, luma(rgb), px, strength)
    _deblock_axis(rgb.transpose(1, 0, 2), luma(rgb).T, py, strength)
    return rgb


# -- 2. denoise ------------------------------------------------------------------------------------------------


def _denoise_large(source, h, h_colour):
    """What fastNlMeansDenoisingColored does (non-local means on L*a*b*, lightness and colour apart), at a cost a
    large picture can bear: lightness with small windows, colour at half size (JPEG keeps it at half size anyway,
    and averaging 2 x 2 halves its noise, hence half the strength), brought back up bilinearly."""
    lab = cv2.cvtColor(source, cv2.COLOR_RGB2LAB)
    lightness = cv2.fastNlMeansDenoising(np.ascontiguousarray(lab[..., 0]), None, h, 5, LARGE_SEARCH)
    height, width = lightness.shape
    colour = cv2.resize(lab[..., 1:], ((width + 1) // 2, (height + 1) // 2), interpolation=cv2.INTER_AREA)
    colour = cv2.fastNlMeansDenoising(colour, None, h_colour * 0.5, 5, 11)
    lab[..., 0] = lightness
    lab[..., 1:] = cv2.resize(colour, (width, height), interpolation=cv2.INTER_LINEAR)
    return cv2.cvtColor(lab, cv2.COLOR_LAB2RGB)


def denoise(rgb, sigma, blockiness, gain=1.0):
    """Non-local means; JPEG's ringing and left-over blocks count as noise too. `gain` is the exposure lift to
    come, which will magnify whatever noise is left: the darker the picture, the firmer the filter."""
    h = min(18.0, (0.9 * sigma + 3.0 * max(0.0, blockiness - 1.0)) * math.sqrt(gain))
    if h < 2.0:
        return rgb
    source = np.clip(rgb + 0.5, 0, 255).astype(np.uint8)
    if rgb.shape[0] * rgb.shape[1] > LARGE_PIXELS:
        cleaned = _denoise_large(source, h, h * 0.8)
    else:
        cleaned = cv2.fastNlMeansDenoisingColored(source, None, h, h * 0.8, templateWindowSize=7, searchWindowSize=21)
    # Keep the fraction the rounding dropped where the filter left the pixel alone.
    return cleaned.astype(np.float32) + (rgb - source.astype(np.float32)) * (cleaned == source)


# -- 3. tone ---------------------------------------------------------------------------------------------------


def _shoulder(x, knee=0.80):
    """Identity up to the knee, then a smooth roll-off that approaches 1 without clipping."""
    over = np.maximum(x - knee, 0.0)
    return np.minimum(x, knee) + (1.0 - knee) * (1.0 - np.exp(over * (-1.0 / (1.0 - knee))))


def exposure_gain(m):
    """The lift an underexposed picture needs: toward TARGET_MEAN, as far as its highlights allow (1.0: none)."""
    if m["mean"] >= DARK_BELOW:
        return 1.0
    gain = min(MAX_GAIN, TARGET_MEAN / max(m["mean"], 1e-3), HIGHLIGHT / max(m["high"], 1e-3))
    return gain if gain >= MIN_GAIN else 1.0


def exposure(rgb, m):
    """Underexposed: one gain for R, G and B (what less light did, undone), highlights rolled off, not clipped.
    Overexposed: a gamma that brings the mean down."""
    x = rgb / 255.0
    gain = exposure_gain(m)
    if gain > 1.0:
        x = _shoulder(x * gain)
    elif m["mean"] > BRIGHT_ABOVE:
        x = x ** (math.log(TARGET_MEAN + 0.15) / math.log(m["mean"]))
    return x * 255.0


def stretch(rgb, m):
    """A flat picture (haze, low contrast): its 1..99 percentiles spread toward TARGET_RANGE around the mean."""
    if m["range"] >= FLAT_RANGE:
        return rgb
    gain = min(2.5, TARGET_RANGE / max(m["range"], 0.05))
    centre = m["mean"] * 255.0
    return _shoulder(np.maximum((rgb - centre) * gain + centre, 0.0) / 255.0) * 255.0


def local_contrast(rgb, amount):
    """CLAHE on L* of L*a*b*, blended in by `amount` (0..1): shadows and midtones opened locally, colour kept."""
    if amount <= 0:
        return rgb
    lab = cv2.cvtColor(np.clip(rgb / 255.0, 0, 1).astype(np.float32), cv2.COLOR_RGB2LAB)
    lightness = np.clip(lab[..., 0] * 2.55 + 0.5, 0, 255).astype(np.uint8)
    clahe = cv2.createCLAHE(clipLimit=1.5, tileGridSize=(8, 8))
    equalised = clahe.apply(lightness).astype(np.float32) / 2.55
    lab[..., 0] = lab[..., 0] + amount * (equalised - lightness.astype(np.float32) / 2.55)
    return cv2.cvtColor(lab, cv2.COLOR_LAB2RGB) * 255.0


# -- 4. sharpen ------------------------------------------------------------------------------------------------


def structure_mask(y, floor):
    """0 where the 5x5 spread of grey levels is under `floor` (flat: only grain would be sharpened), rising to 1
    at three times it."""
    mean = cv2.blur(y, (5, 5))
    local_std = np.sqrt(np.maximum(cv2.blur(y * y, (5, 5)) - mean * mean, 0.0))
    return np.clip((local_std - floor) / (2.0 * floor), 0.0, 1.0)


def sharpen(rgb, m, sigma_noise, blocky):
    """An unsharp mask where the picture has structure; flat areas and (for a JPEG) block boundaries spared."""
    deficit = (SHARP_ENOUGH - m["sharpness"]) / SHARP_ENOUGH
    if deficit <= 0.05:
        return rgb
    scale = max(1.0, max(rgb.shape[:2]) / MEASURE_SIDE)
    radius = (0.8 + 1.2 * deficit) * scale
    amount = 0.4 + 1.2 * deficit
    blurred = cv2.GaussianBlur(rgb, (0, 0), radius)
    detail = rgb - blurred
    y = luma(rgb)
    mask = structure_mask(y, 2.0 + 2.0 * sigma_noise)
    if blocky:
        h, w = y.shape
        px, py = m["phase"]
        cols = ((np.arange(w) - px) % BLOCK == 0) | ((np.arange(w) - px) % BLOCK == BLOCK - 1)
        rows = ((np.arange(h) - py) % BLOCK == 0) | ((np.arange(h) - py) % BLOCK == BLOCK - 1)
        mask = mask * np.where(rows[:, None] | cols[None, :], 0.25, 1.0)
    return rgb + amount * mask[..., None] * detail


# -- 5. upscale ------------------------------------------------------------------------------------------------


def upscale(rgb, sigma_noise, blockiness):
    """Lanczos to SMALL_PIXELS (at most 2x), then an unsharp mask at the interpolation's own scale, structure
    only, so the new pixels are as crisp as the source's were. Not for a compressed source: what JPEG left
    inside its blocks is not detail."""
    h, w = rgb.shape[:2]
    factor = min(MAX_UPSCALE, math.sqrt(SMALL_PIXELS / (w * h)))
    if factor <= 1.05:
        return rgb
    size = (round(w * factor), round(h * factor))
    big = cv2.resize(rgb, size, interpolation=cv2.INTER_LANCZOS4)
    detail = big - cv2.GaussianBlur(big, (0, 0), 0.5 * factor)
    mask = structure_mask(luma(big), 2.0 + 2.0 * sigma_noise)
    amount = UP_AMOUNT * float(np.clip((1.5 - blockiness) / 0.5, 0.0, 1.0))
    return big + amount * mask[..., None] * detail


def reduce(pixels, side=MAX_SIDE):
    """A source larger than `side` brought down to it (float, INTER_AREA), deblocked first at its own size while
    JPEG's grid still lies on 8 px. Returns the reduced pixels and the source's blockiness and noise, measured
    before the reduction: averaging makes noise finer-grained and fainter than the estimate can see, though
    the lifted shadows will still show it."""
    y = cv2.cvtColor(pixels, cv2.COLOR_RGB2GRAY).astype(np.float32)
    blockiness, phase_x, phase_y = grid(y)
    noise = noise_sigma(y)
    del y
    scale = side / max(pixels.shape[:2])
    size = (max(1, round(pixels.shape[1] * scale)), max(1, round(pixels.shape[0] * scale)))
    if blockiness < BLOCKY_FROM:
        return cv2.resize(pixels, size, interpolation=cv2.INTER_AREA).astype(np.float32), blockiness, noise
    rgb = deblock(pixels.astype(np.float32), blockiness, (phase_x, phase_y))
    return cv2.resize(rgb, size, interpolation=cv2.INTER_AREA), blockiness, noise


class LocalRemaster:
    name = "local"

    def remaster(self, image):
        """A repaired copy (RGB): cleaner, better exposed, sharper; small sources upscaled, large ones brought down
        to MAX_SIDE on the long side (what previews, renders and The Eye use); the input untouched."""
        pixels = np.asarray(image if image.mode == "RGB" else image.convert("RGB"))
        if max(pixels.shape[:2]) > MAX_SIDE:
            rgb, blockiness, noise = reduce(pixels)
            del pixels
            # The grid was removed at the source's size; what is left of it is no longer on 8 px here, but the
            # ringing it came with still counts as noise to the denoiser.
            m = {**measure(rgb), "noise": noise}
            blocky = False
        else:
            rgb = pixels.astype(np.float32)
            m = measure(rgb)
            blockiness = m["blockiness"]
            blocky = blockiness >= BLOCKY_FROM
            if blocky:
                rgb = deblock(rgb, blockiness, m["phase"])
        gain = exposure_gain(m)
        rgb = denoise(
            rgb,
            m["noise"] if m["noise"] >= NOISY_FROM else 0.0,
            blockiness if blockiness >= BLOCKY_FROM else 1.0,
            gain,
        )
        dark = gain > 1.0
        rgb = exposure(rgb, m)
        rgb = stretch(rgb, measure_tone(rgb))
        if dark or m["range"] < FLAT_RANGE:
            rgb = local_contrast(rgb, CLAHE_AMOUNT)
        rgb = sharpen(rgb, {**m, "sharpness": sharpness(luma(rgb))}, min(m["noise"], 3.0), blocky)
        rgb = upscale(rgb, min(m["noise"], 3.0), blockiness)
        return Image.fromarray(np.clip(rgb + 0.5, 0, 255).astype(np.uint8))


def measure_tone(rgb):
    y = luma(rgb)
    low, high = np.percentile(y, [1, 99])
    return {"mean": float(y.mean()) / 255.0, "range": float(high - low) / 255.0}
