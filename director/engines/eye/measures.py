"""The Eye's raw measures of an image: tone, detail, colour, noise and blockiness, saliency and structure.

Filters are OpenCV's (box blur, Sobel, Laplacian, a 3x3 mask) on float32 luma; every measure is described in
docs/the-eye.md. Each function returns a dict of plain floats that goes into the analysis's `metrics`.
"""

import math

import cv2
import numpy as np
from PIL import Image

from director.engines.eye.colour import LUMA, to_lab
from director.engines.eye.scores import ramp

SALIENCY_SIDE = 128  # long side of the saliency map
NATIVE_CROP = 768  # side of the full-resolution crop that noise and blockiness are read from
EDGE_THRESHOLD = 12.0  # Sobel magnitude (0..255 scale) that counts as an edge: about 5 % of full scale per pixel

# Immerkaer's noise mask: the difference of two Laplacians, blind to flat areas and to linear ramps.
NOISE_MASK = np.array([[1, -2, 1], [-2, 4, -2], [1, -2, 1]], dtype=np.float32)


# -- views of the image ------------------------------------------------------------------------------------------


def downscale(image, side, min_short=32):
    """Shrink so the long side is `side`, keeping at least `min_short` px on the short side (panoramas)."""
    scale = max(side / max(image.size), min_short / min(image.size))
    if scale >= 1:
        return image
    size = (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
    return image.resize(size, Image.Resampling.BILINEAR, reducing_gap=2.0)


def native_crop(image):
    """A centre crop at full resolution, its origin on the 8 px grid JPEG compresses in, as luma."""
    w, h = image.size
    cw, ch = min(w, NATIVE_CROP), min(h, NATIVE_CROP)
    left, top = ((w - cw) // 2) // 8 * 8, ((h - ch) // 2) // 8 * 8
    crop = image.crop((left, top, left + cw, top + ch))
    return np.asarray(crop, dtype=np.float32) @ LUMA


# -- filters -----------------------------------------------------------------------------------------------------


def box_blur(a, radius, border=cv2.BORDER_REPLICATE):
    """Mean over a (2r+1)^2 window; two passes approximate a Gaussian. cv2.BORDER_CONSTANT pads with zeros."""
    if radius < 1:
        return a
    k = 2 * radius + 1
    return cv2.blur(a, (k, k), borderType=border)


def sobel(y):
    """The 3x3 Sobel gradients (x right, y down) scaled by 1/8 so they read in luma units, edges replicated."""
    gx = cv2.Sobel(y, cv2.CV_32F, 1, 0, ksize=3, scale=0.125, borderType=cv2.BORDER_REPLICATE)
    gy = cv2.Sobel(y, cv2.CV_32F, 0, 1, ksize=3, scale=0.125, borderType=cv2.BORDER_REPLICATE)
    return gx, gy


def _inner(a):
    """Drop the one-pixel frame a 3x3 filter had to invent: only pixels with all their neighbours count."""
    return a[1:-1, 1:-1]


# -- measures ----------------------------------------------------------------------------------------------------


def tone(y):
    lum = y / 255.0
    p1, p99 = np.percentile(lum, [1, 99])
    return {
        "mean_luminance": float(lum.mean()),
        "rms_contrast": float(lum.std()),
        "tonal_range": float(p99 - p1),
        "shadow_clipping": float((y <= 8).mean()),
        "highlight_clipping": float((y >= 247).mean()),
    }


def detail(y):
    lap = _inner(cv2.Laplacian(y, cv2.CV_32F, ksize=1))  # the 4-neighbour Laplacian
    gx, gy = sobel(y)
    magnitude = np.hypot(gx, gy)
    strong = magnitude > EDGE_THRESHOLD
    # Orientation of the edge lines, folded into 0..180 degrees; diagonals are 45 and 135 +- 15.
    theta = (np.degrees(np.arctan2(gy, gx)) + 90.0) % 180.0
    energy = magnitude[strong] ** 2
    diagonal = (np.abs(theta[strong] - 45.0) < 15.0) | (np.abs(theta[strong] - 135.0) < 15.0)
    total = float(energy.sum())
    # Structure-tensor coherence: 1 when all edges run one way (a flow), 0 when isotropic.
    jxx, jyy, jxy = float((gx * gx).sum()), float((gy * gy).sum()), float((gx * gy).sum())
    trace = jxx + jyy
    coherence = math.sqrt((jxx - jyy) ** 2 + 4 * jxy**2) / trace if trace > 0 else 0.0
    return {
        "laplacian_variance": float(lap.var()),
        "sharpness": float(lap.std() / (y.std() + 4.0)),
        "edge_density": float(strong.mean()),
        "mean_gradient": float(magnitude.mean()),
        "diagonal_ratio": float(energy[diagonal].sum() / total) if total > 0 else 0.0,
        "orientation_coherence": coherence,
    }


def colour(rgb):
    r, g, b = rgb[..., 0], rgb[..., 1], rgb[..., 2]
    rg = r - g
    yb = 0.5 * (r + g) - b
    colourfulness = math.hypot(float(rg.std()), float(yb.std())) + 0.3 * math.hypot(float(rg.mean()), float(yb.mean()))
    mx, mn = rgb.max(axis=2), rgb.min(axis=2)
    saturation = np.where(mx > 0, (mx - mn) / np.maximum(mx, 1e-6), 0.0)
    lab = to_lab(rgb[::2, ::2])
    chroma = np.hypot(lab[..., 1], lab[..., 2])
    hue = np.degrees(np.arctan2(lab[..., 2], lab[..., 1])) % 360.0
    # Hue histogram weighted by chroma; harmony = the best share a harmonic template (analogous,
    # complementary, triadic) captures, each template sector 60 degrees wide.
    hist, _ = np.histogram(hue, bins=36, range=(0, 360), weights=chroma)
    chromatic = float(hist.sum())
    harmony = 0.0
    if chromatic > 1e-3 * chroma.size:
        ring = np.concatenate([hist, hist])
        sector = np.array([ring[i : i + 6].sum() for i in range(36)])  # 60 degrees starting at bin i
        analogous = sector.max()
        complementary = max(sector[i] + sector[(i + 18) % 36] for i in range(36))
        triadic = max(sector[i] + sector[(i + 12) % 36] + sector[(i + 24) % 36] for i in range(36))
        # Wider templates catch more by chance; weight them down so a real palette scores higher.
        harmony = max(analogous, 0.85 * complementary, 0.7 * triadic) / chromatic
        harmony *= ramp(float(chroma.mean()), 2.0, 12.0)  # a near-grey picture has no palette to harmonise
    return {
        "colourfulness": colourfulness,
        "mean_saturation": float(saturation.mean()),
        "saturation_spread": float(saturation.std()),
        "chroma_contrast": float(chroma.std()),
        "mean_chroma": float(chroma.mean()),
        "warmth": float((r.mean() - b.mean()) / 255.0),
        "hue_harmony": float(harmony),
    }


def native(y):
    """Noise and blockiness, read from the full-resolution crop (downscaling would erase both)."""
    h, w = y.shape
    # Immerkaer's fast noise estimate, read only where the picture is flat so texture isn't taken for noise.
    response = _inner(cv2.filter2D(y, cv2.CV_32F, NOISE_MASK))
    gx, gy = sobel(y)
    flat = _inner(np.hypot(gx, gy))
    mask = flat <= np.percentile(flat, 50)
    noise = math.sqrt(math.pi / 2) * float(np.abs(response[mask]).mean()) / 6.0 if mask.any() else 0.0
    # Blockiness: JPEG leaves a step every 8 px. Compare the mean step at the worst 8 px phase with the
    # median phase, in both directions; 1.0 means no grid at all.
    dx = np.abs(np.diff(y, axis=1)).mean(axis=0)
    dy = np.abs(np.diff(y, axis=0)).mean(axis=1)
    ratios = []
    for d in (dx, dy) if min(h, w) >= 32 else ():
        n = d.size // 8 * 8
        phases = d[:n].reshape(-1, 8).mean(axis=0)
        ratios.append(float(phases.max() / max(float(np.median(phases)), 1e-3)))
    return {"noise_sigma": noise, "blockiness": float(np.mean(ratios)) if ratios else 1.0}


def saliency(work):
    """Where the eye goes, as a small map in 0..1.

    Frequency-tuned colour contrast (Achanta et al. 2009) measured against both the mean colour and the
    border colour (the background prior: what touches the frame is usually not the subject), weighted by
    local detail and a mild centre prior.
    """
    small = downscale(work, SALIENCY_SIDE, min_short=16)
    lab = to_lab(np.asarray(small, dtype=np.float32))
    h, w = lab.shape[:2]
    blurred = box_blur(box_blur(lab, 1), 1)  # each channel on its own
    b = max(1, min(h, w) // 16)
    border = np.concatenate(
        [lab[:b].reshape(-1, 3), lab[-b:].reshape(-1, 3), lab[:, :b].reshape(-1, 3), lab[:, -b:].reshape(-1, 3)]
    )
    from_mean = np.linalg.norm(blurred - lab.reshape(-1, 3).mean(axis=0), axis=-1)
    from_border = np.linalg.norm(blurred - np.median(border, axis=0), axis=-1)
    gx, gy = sobel(np.ascontiguousarray(lab[..., 0]))
    local_detail = box_blur(np.hypot(gx, gy), 3)
    yy, xx = np.mgrid[0:h, 0:w]
    centre = np.exp(-(((xx + 0.5) / w - 0.5) ** 2 + ((yy + 0.5) / h - 0.5) ** 2) / (2 * 0.3**2))
    detail_weight = 0.4 + 0.6 * local_detail / (local_detail.max() + 1e-6)
    s = (0.5 * from_mean + 0.5 * from_border) * detail_weight * (0.5 + 0.5 * centre)
    top = float(s.max())
    return (s / top if top > 1e-6 else np.zeros_like(s)).astype(np.float32)


def structure(y, saliency_map):
    h, w = saliency_map.shape
    total = float(saliency_map.sum())
    if total <= 1e-6:
        concentration = spread = 0.0
        compact = 0.0
    else:
        flat = np.sort(saliency_map.ravel())[::-1]
        concentration = float(flat[: max(1, flat.size // 10)].sum() / total)
        yy, xx = np.mgrid[0:h, 0:w]
        xs, ys = xx / max(w - 1, 1), yy / max(h - 1, 1)
        weights = saliency_map**2
        wsum = float(weights.sum())
        cx, cy = float((xs * weights).sum() / wsum), float((ys * weights).sum() / wsum)
        spread = math.sqrt(float((((xs - cx) ** 2 + (ys - cy) ** 2) * weights).sum() / wsum))
        compact = ramp(spread, 0.36, 0.22)  # a uniform map spreads 0.41
    gx, gy = sobel(y)
    edges = np.hypot(gx, gy) > EDGE_THRESHOLD
    grid = _cells(edges.astype(np.float32), 8)
    busy = ramp(float(edges.mean()), 0.04, 0.30)
    clutter = _entropy(grid) * busy
    local_std = _cells(y, 8, np.std)
    negative_space = float(((grid < 0.02) & (local_std < 6.0)).mean())
    # Mirror similarity of the luminance, left-right.
    small = y[:: max(1, y.shape[0] // 128), :: max(1, y.shape[1] // 128)]
    symmetry = 1.0 - float(np.abs(small - small[:, ::-1]).mean()) / (float(small.std()) * 1.128 + 1e-6)
    return {
        "saliency_concentration": concentration,
        "saliency_compactness": compact,
        "saliency_spread": spread,
        "clutter": clutter,
        "negative_space": negative_space,
        "symmetry": max(0.0, symmetry) if small.std() > 2 else 0.0,
    }


def _cells(a, n, statistic=np.mean):
    """`statistic` of each cell of an n x n grid over `a` (cells differ by at most a pixel in size)."""
    h, w = a.shape
    ys = np.linspace(0, h, n + 1).astype(int)
    xs = np.linspace(0, w, n + 1).astype(int)
    return np.array([[statistic(a[ys[i] : ys[i + 1], xs[j] : xs[j + 1]]) for j in range(n)] for i in range(n)])


def _entropy(weights):
    total = float(weights.sum())
    if total <= 0:
        return 0.0
    p = weights.ravel() / total
    p = p[p > 0]
    return float(-(p * np.log(p)).sum() / math.log(weights.size))
