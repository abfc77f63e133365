"""The Eye, local edition: scores an image from its pixels with numpy and Pillow.

Every number comes from a measure written down in docs/the-eye.md. Nothing is
guessed, nothing is fetched; a picture that can't be measured raises ValueError.
"""

import math

import numpy as np
from PIL import Image

METHOD = "local-v1"
WORK_SIDE = 512  # long side the scores are measured at
SALIENCY_SIDE = 128  # long side of the saliency map
NATIVE_CROP = 768  # side of the full-resolution crop that noise and blockiness are read from
MIN_SIDE = 16
EDGE_THRESHOLD = 12.0  # Sobel magnitude (0..255 scale) that counts as an edge: about 5 % of full scale per pixel

# Rec. 601 luma weights.
LUMA = np.array([0.299, 0.587, 0.114], dtype=np.float32)

# Named colours for palettes and labels (sRGB). Names are plain English a reader can picture.
COLOUR_NAMES = {
    "black": (20, 20, 20),
    "charcoal": (54, 54, 58),
    "slate grey": (112, 128, 144),
    "grey": (128, 128, 128),
    "silver": (192, 192, 192),
    "white": (245, 245, 245),
    "ivory": (250, 245, 225),
    "cream": (240, 225, 190),
    "beige": (210, 190, 150),
    "sand": (194, 178, 128),
    "tan": (180, 140, 100),
    "brown": (115, 75, 45),
    "chocolate": (70, 40, 25),
    "rust": (170, 70, 30),
    "terracotta": (200, 100, 70),
    "amber": (255, 180, 40),
    "orange": (245, 130, 30),
    "gold": (215, 175, 55),
    "mustard": (200, 165, 40),
    "yellow": (250, 225, 50),
    "lime": (170, 210, 60),
    "olive": (110, 110, 40),
    "moss green": (90, 110, 60),
    "green": (50, 150, 60),
    "forest green": (30, 80, 40),
    "emerald": (40, 160, 110),
    "mint": (160, 225, 190),
    "teal": (30, 125, 125),
    "turquoise": (60, 200, 200),
    "sky blue": (135, 195, 235),
    "steel blue": (70, 110, 160),
    "blue": (40, 80, 200),
    "navy": (25, 35, 85),
    "indigo": (70, 50, 140),
    "lavender": (185, 170, 220),
    "violet": (140, 70, 190),
    "plum": (100, 40, 80),
    "magenta": (200, 40, 150),
    "pink": (240, 150, 180),
    "rose": (210, 90, 120),
    "crimson": (180, 20, 50),
    "red": (210, 40, 40),
    "maroon": (110, 25, 35),
    "peach": (250, 190, 150),
    "salmon": (240, 130, 110),
    "skin tone": (225, 175, 145),
}


# -- colour helpers ----------------------------------------------------------------------------------------------


def _srgb_to_lab(rgb):
    """(..., 3) sRGB in 0..255 -> CIE L*a*b* (D65), float32."""
    c = np.asarray(rgb, dtype=np.float32) / 255.0
    lin = np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    m = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]], dtype=np.float32)
    xyz = lin @ m.T / np.array([0.95047, 1.0, 1.08883], dtype=np.float32)
    f = np.where(xyz > 0.008856, np.cbrt(xyz), 7.787 * xyz + 16.0 / 116.0)
    lab = np.empty_like(f)
    lab[..., 0] = 116.0 * f[..., 1] - 16.0
    lab[..., 1] = 500.0 * (f[..., 0] - f[..., 1])
    lab[..., 2] = 200.0 * (f[..., 1] - f[..., 2])
    return lab


_NAMES = tuple(COLOUR_NAMES)
_NAME_LAB = _srgb_to_lab(np.array([COLOUR_NAMES[n] for n in _NAMES], dtype=np.float32))


def colour_name(hex_colour):
    """The nearest named colour (in CIE Lab) to a "#rrggbb" string."""
    value = hex_colour.lstrip("#")
    if len(value) != 6:
        raise ValueError(f"not a #rrggbb colour: {hex_colour!r}")
    rgb = [int(value[i : i + 2], 16) for i in (0, 2, 4)]
    distances = np.linalg.norm(_NAME_LAB - _srgb_to_lab(np.array(rgb, dtype=np.float32)), axis=1)
    return _NAMES[int(np.argmin(distances))]


def _hex(rgb):
    return "#{:02x}{:02x}{:02x}".format(*(int(v) for v in rgb))


# -- array helpers -----------------------------------------------------------------------------------------------


def _box_blur(a, radius, mode="edge"):
    """Mean over a (2r+1)^2 window; two passes approximate a Gaussian. mode="constant" pads with zeros."""
    if radius < 1:
        return a
    k = 2 * radius + 1
    padded = np.pad(a, radius, mode=mode)
    c = np.cumsum(padded, axis=0, dtype=np.float64)
    c = np.vstack([np.zeros((1, c.shape[1])), c])
    rows = (c[k:] - c[:-k]) / k
    c = np.cumsum(rows, axis=1)
    c = np.hstack([np.zeros((c.shape[0], 1)), c])
    return ((c[:, k:] - c[:, :-k]) / k).astype(np.float32)


def _sobel(y):
    p = np.pad(y, 1, mode="edge")
    gx = (p[:-2, 2:] + 2 * p[1:-1, 2:] + p[2:, 2:]) - (p[:-2, :-2] + 2 * p[1:-1, :-2] + p[2:, :-2])
    gy = (p[2:, :-2] + 2 * p[2:, 1:-1] + p[2:, 2:]) - (p[:-2, :-2] + 2 * p[:-2, 1:-1] + p[:-2, 2:])
    return gx / 8.0, gy / 8.0


def _laplacian(y):
    return y[1:-1, :-2] + y[1:-1, 2:] + y[:-2, 1:-1] + y[2:, 1:-1] - 4.0 * y[1:-1, 1:-1]


def _clip01(x):
    return float(min(1.0, max(0.0, x)))


def _ramp(x, lo, hi):
    """0 at lo, 1 at hi, linear between (lo > hi gives a falling ramp)."""
    return _clip01((x - lo) / (hi - lo))


def _entropy(weights):
    total = float(weights.sum())
    if total <= 0:
        return 0.0
    p = weights.ravel() / total
    p = p[p > 0]
    return float(-(p * np.log(p)).sum() / math.log(weights.size))


def _r(x, digits=2):
    return round(float(x), digits)


# -- the Eye -----------------------------------------------------------------------------------------------------


class LocalEye:
    name = "local"

    def analyze(self, image):
        if image.width < MIN_SIDE or image.height < MIN_SIDE:
            raise ValueError(
                f"The image is too small to analyse ({image.width}x{image.height} px; at least {MIN_SIDE} px a side)."
            )
        if image.mode != "RGB":
            image = image.convert("RGB")
        work = _downscale(image, WORK_SIDE)
        rgb = np.asarray(work, dtype=np.float32)
        y = rgb @ LUMA
        native = _native_crop(image)

        m = {}
        m.update(_tone(y))
        m.update(_detail(y))
        m.update(_colour(rgb))
        m.update(_native_measures(native))
        saliency = _saliency(work)
        m.update(_structure(y, saliency))
        m["width"], m["height"] = image.width, image.height
        m["megapixels"] = image.width * image.height / 1e6

        parts = _quality_parts(m)
        scores = {
            "physics": _physics(m),
            "vibe": _vibe(m),
            "logic": _logic(m),
            "quality": _quality(parts),
            "integrity": _integrity(m),
        }
        palette = _palette(work)
        focal = _focal_point(saliency, rgb)
        composition = _composition(m, focal)
        mood = _mood(m)
        names = [colour_name(c) for c in palette]
        keywords = _keywords(m, mood, composition, names, scores)
        return {
            "physics": _r(scores["physics"]),
            "vibe": _r(scores["vibe"]),
            "logic": _r(scores["logic"]),
            "quality": _r(scores["quality"]),
            "integrity": _r(scores["integrity"]),
            "palette": palette,
            "palette_names": names,
            "mood": mood,
            "composition": composition,
            "focal_point": focal,
            "keywords": keywords,
            "invariant_visual_summary": _summary(names, mood, composition, focal),
            "quality_issues": _issues(m, parts),
            "metrics": {k: _r(v, 4) if isinstance(v, float) else v for k, v in sorted(m.items())}
            | {f"{k}_score": _r(v, 4) for k, v in parts.items()},
            "method": METHOD,
        }


def _downscale(image, side, min_short=32):
    """Shrink so the long side is `side`, keeping at least `min_short` px on the short side (panoramas)."""
    scale = max(side / max(image.size), min_short / min(image.size))
    if scale >= 1:
        return image
    size = (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
    return image.resize(size, Image.Resampling.BILINEAR, reducing_gap=2.0)


def _native_crop(image):
    """A centre crop at full resolution, its origin on the 8 px grid JPEG compresses in."""
    w, h = image.size
    cw, ch = min(w, NATIVE_CROP), min(h, NATIVE_CROP)
    left, top = ((w - cw) // 2) // 8 * 8, ((h - ch) // 2) // 8 * 8
    crop = image.crop((left, top, left + cw, top + ch))
    return np.asarray(crop, dtype=np.float32) @ LUMA


def _tone(y):
    lum = y / 255.0
    p1, p99 = np.percentile(lum, [1, 99])
    return {
        "mean_luminance": float(lum.mean()),
        "rms_contrast": float(lum.std()),
        "tonal_range": float(p99 - p1),
        "shadow_clipping": float((y <= 8).mean()),
        "highlight_clipping": float((y >= 247).mean()),
    }


def _detail(y):
    lap = _laplacian(y)
    gx, gy = _sobel(y)
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


def _colour(rgb):
    r, g, b = rgb[..., 0], rgb[..., 1], rgb[..., 2]
    rg = r - g
    yb = 0.5 * (r + g) - b
    colourfulness = math.hypot(float(rg.std()), float(yb.std())) + 0.3 * math.hypot(float(rg.mean()), float(yb.mean()))
    mx, mn = rgb.max(axis=2), rgb.min(axis=2)
    saturation = np.where(mx > 0, (mx - mn) / np.maximum(mx, 1e-6), 0.0)
    lab = _srgb_to_lab(rgb[::2, ::2])
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
        harmony *= _ramp(float(chroma.mean()), 2.0, 12.0)  # a near-grey picture has no palette to harmonise
    return {
        "colourfulness": colourfulness,
        "mean_saturation": float(saturation.mean()),
        "saturation_spread": float(saturation.std()),
        "chroma_contrast": float(chroma.std()),
        "mean_chroma": float(chroma.mean()),
        "warmth": float((r.mean() - b.mean()) / 255.0),
        "hue_harmony": float(harmony),
    }


def _native_measures(y):
    h, w = y.shape
    # Immerkaer's fast noise estimate, read only where the picture is flat so texture isn't taken for noise.
    kernel = (
        y[:-2, :-2] - 2 * y[:-2, 1:-1] + y[:-2, 2:]
        - 2 * y[1:-1, :-2] + 4 * y[1:-1, 1:-1] - 2 * y[1:-1, 2:]
        + y[2:, :-2] - 2 * y[2:, 1:-1] + y[2:, 2:]
    )  # fmt: skip
    gx, gy = _sobel(y)
    flat = np.hypot(gx, gy)[1:-1, 1:-1]
    mask = flat <= np.percentile(flat, 50)
    noise = math.sqrt(math.pi / 2) * float(np.abs(kernel[mask]).mean()) / 6.0 if mask.any() else 0.0
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


def _saliency(work):
    """Where the eye goes, as a small map in 0..1.

    Frequency-tuned colour contrast (Achanta et al. 2009) measured against both the mean colour and the
    border colour (the background prior: what touches the frame is usually not the subject), weighted by
    local detail and a mild centre prior.
    """
    small = _downscale(work, SALIENCY_SIDE, min_short=16)
    lab = _srgb_to_lab(np.asarray(small, dtype=np.float32))
    h, w = lab.shape[:2]
    blurred = np.stack([_box_blur(_box_blur(lab[..., i], 1), 1) for i in range(3)], axis=-1)
    b = max(1, min(h, w) // 16)
    border = np.concatenate(
        [lab[:b].reshape(-1, 3), lab[-b:].reshape(-1, 3), lab[:, :b].reshape(-1, 3), lab[:, -b:].reshape(-1, 3)]
    )
    from_mean = np.linalg.norm(blurred - lab.reshape(-1, 3).mean(axis=0), axis=-1)
    from_border = np.linalg.norm(blurred - np.median(border, axis=0), axis=-1)
    gx, gy = _sobel(lab[..., 0])
    detail = _box_blur(np.hypot(gx, gy), 3)
    yy, xx = np.mgrid[0:h, 0:w]
    centre = np.exp(-(((xx + 0.5) / w - 0.5) ** 2 + ((yy + 0.5) / h - 0.5) ** 2) / (2 * 0.3**2))
    s = (0.5 * from_mean + 0.5 * from_border) * (0.4 + 0.6 * detail / (detail.max() + 1e-6)) * (0.5 + 0.5 * centre)
    top = float(s.max())
    return (s / top if top > 1e-6 else np.zeros_like(s)).astype(np.float32)


def _structure(y, saliency):
    h, w = saliency.shape
    total = float(saliency.sum())
    if total <= 1e-6:
        concentration = spread = 0.0
        compact = 0.0
    else:
        flat = np.sort(saliency.ravel())[::-1]
        concentration = float(flat[: max(1, flat.size // 10)].sum() / total)
        yy, xx = np.mgrid[0:h, 0:w]
        xs, ys = xx / max(w - 1, 1), yy / max(h - 1, 1)
        weights = saliency**2
        wsum = float(weights.sum())
        cx, cy = float((xs * weights).sum() / wsum), float((ys * weights).sum() / wsum)
        spread = math.sqrt(float((((xs - cx) ** 2 + (ys - cy) ** 2) * weights).sum() / wsum))
        compact = _ramp(spread, 0.36, 0.22)  # a uniform map spreads 0.41
    edges = _edge_map(y)
    grid = _cells(edges.astype(np.float32), 8)
    busy = _ramp(float(edges.mean()), 0.04, 0.30)
    clutter = _entropy(grid) * busy
    local_std = _cells_std(y, 8)
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


def _edge_map(y):
    gx, gy = _sobel(y)
    return np.hypot(gx, gy) > EDGE_THRESHOLD


def _cells(a, n):
    h, w = a.shape
    ys = np.linspace(0, h, n + 1).astype(int)
    xs = np.linspace(0, w, n + 1).astype(int)
    return np.array([[a[ys[i] : ys[i + 1], xs[j] : xs[j + 1]].mean() for j in range(n)] for i in range(n)])


def _cells_std(a, n):
    h, w = a.shape
    ys = np.linspace(0, h, n + 1).astype(int)
    xs = np.linspace(0, w, n + 1).astype(int)
    return np.array([[a[ys[i] : ys[i + 1], xs[j] : xs[j + 1]].std() for j in range(n)] for i in range(n)])


# -- scores ------------------------------------------------------------------------------------------------------


def _quality_parts(m):
    exposure = min(_ramp(m["mean_luminance"], 0.05, 0.30), _ramp(m["mean_luminance"], 0.95, 0.72))
    exposure *= 1.0 - 0.5 * _ramp(m["shadow_clipping"], 0.10, 0.50) - 0.5 * _ramp(m["highlight_clipping"], 0.05, 0.40)
    return {
        "sharpness": _ramp(m["sharpness"], 0.04, 0.40),
        "exposure": max(0.0, exposure),
        "contrast": 0.5 * _ramp(m["rms_contrast"], 0.0, 0.16) + 0.5 * _ramp(m["tonal_range"], 0.0, 0.65),
        "noise": _ramp(m["noise_sigma"], 12.0, 3.0),
        "artefacts": _ramp(m["blockiness"], 2.2, 1.2),
        # 128x128 px scores 0, 1024x768 (0.8 MP) and up score 1, on a log scale.
        "resolution": _ramp(math.log2(m["width"] * m["height"]), 14.0, 19.6),
    }


QUALITY_WEIGHTS = {
    "sharpness": 0.30,
    "exposure": 0.25,
    "contrast": 0.15,
    "noise": 0.15,
    "artefacts": 0.10,
    "resolution": 0.05,
}


def _quality(parts):
    # A weighted geometric mean: one failed aspect (blur, darkness) pulls the whole score down.
    log = sum(w * math.log(max(parts[k], 0.02)) for k, w in QUALITY_WEIGHTS.items())
    return 10.0 * math.exp(log)


def _physics(m):
    return 10.0 * (
        0.35 * _ramp(m["edge_density"], 0.0, 0.30)
        + 0.20 * _ramp(m["diagonal_ratio"], 0.10, 0.45)
        + 0.15 * _ramp(m["orientation_coherence"], 0.0, 0.5)
        + 0.15 * _ramp(m["chroma_contrast"], 0.0, 25.0)
        + 0.15 * _ramp(m["rms_contrast"], 0.0, 0.25)
    )


def _vibe(m):
    saturation_balance = 1.0 - min(1.0, abs(m["mean_saturation"] - 0.40) / 0.40)
    return 10.0 * (
        0.35 * _ramp(m["colourfulness"], 0.0, 70.0)
        + 0.20 * saturation_balance
        + 0.25 * _ramp(m["tonal_range"], 0.0, 0.80)
        + 0.20 * m["hue_harmony"]
    )


def _logic(m):
    isolation = 0.5 * _ramp(m["saliency_concentration"], 0.10, 0.30) + 0.5 * m["saliency_compactness"]
    # Nothing to read in a blank frame, and blur muddies whatever is there.
    legibility = _ramp(m["tonal_range"], 0.02, 0.30) * (0.6 + 0.4 * _ramp(m["sharpness"], 0.04, 0.40))
    open_space = _ramp(m["negative_space"], 0.0, 0.4)
    return 10.0 * legibility * (0.5 * isolation + 0.3 * (1.0 - m["clutter"]) + 0.2 * open_space)


def _integrity(m):
    artefacts = _ramp(m["blockiness"], 1.15, 1.8)
    uniform = _ramp(m["rms_contrast"] * 255.0, 12.0, 2.0)
    clipped = _ramp(m["shadow_clipping"] + m["highlight_clipping"], 0.3, 0.9)
    static = _ramp(m["noise_sigma"], 15.0, 40.0)  # more noise than picture
    return _clip01(1.0 - 0.5 * artefacts - 0.6 * uniform - 0.2 * clipped - 0.3 * static)


# -- descriptions ------------------------------------------------------------------------------------------------


def _palette(work):
    small = _downscale(work, 128)
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
    return [_hex(c) for c in chosen[:5]]


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


def _focal_point(saliency, rgb):
    h, w = saliency.shape
    # Zero padding: a bright region cut by the frame is less likely the subject than one inside it.
    r = max(1, min(h, w) // 12)
    smooth = _box_blur(_box_blur(saliency, r, "constant"), r, "constant")
    iy, ix = np.unravel_index(int(np.argmax(smooth)), smooth.shape)
    x, y = (ix + 0.5) / w, (iy + 0.5) / h
    if float(saliency.max()) <= 0:
        x = y = 0.5
    # The colour of the focal region, read from the working image.
    H, W = rgb.shape[:2]
    cx, cy = int(x * W), int(y * H)
    r = max(2, min(H, W) // 20)
    patch = rgb[max(0, cy - r) : cy + r + 1, max(0, cx - r) : cx + r + 1].reshape(-1, 3)
    name = colour_name(_hex(np.median(patch, axis=0)))
    lum = float(np.median(patch @ LUMA))
    tone = "bright" if lum > 170 else "dark" if lum < 70 else ""
    if name in ("black", "charcoal", "white", "ivory", "navy", "chocolate", "silver"):
        tone = ""
    label = " ".join(filter(None, [tone, name, "form at the", _position(x, y)]))
    return {"x": _r(x), "y": _r(y), "label": label}


def _composition(m, focal):
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


def _mood(m):
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


def _keywords(m, mood, composition, names, scores):
    candidates = [
        (1.0, mood),
        (0.9, names[0]),
        (0.8, composition),
        (_ramp(m["colourfulness"], 20, 80), "colourful"),
        (_ramp(m["colourfulness"], 15, 3), "monochrome"),
        (_ramp(m["mean_luminance"], 0.35, 0.1), "low-key"),
        (_ramp(m["mean_luminance"], 0.65, 0.85), "high-key"),
        (_ramp(m["warmth"], 0.05, 0.25), "warm-toned"),
        (_ramp(m["warmth"], -0.03, -0.2), "cool-toned"),
        (_ramp(m["edge_density"], 0.12, 0.35), "textured"),
        (_ramp(m["edge_density"], 0.05, 0.0), "smooth"),
        (_ramp(m["diagonal_ratio"], 0.35, 0.55), "dynamic"),
        (_ramp(m["negative_space"], 0.2, 0.6), "spacious"),
        (_ramp(scores["logic"], 6, 9), "clear"),
        (_ramp(m["sharpness"], 0.3, 0.6), "crisp"),
        (_ramp(m["sharpness"], 0.1, 0.02), "soft"),
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


def _summary(names, mood, composition, focal):
    colours = list(dict.fromkeys(names))[:3]
    palette = ", ".join(colours[:-1]) + (" and " if len(colours) > 1 else "") + colours[-1]
    return (
        f"Keep the {palette} palette, the {mood} mood, the {composition} composition "
        f"and the focal point on the {focal['label']}."
    )


def _issues(m, parts):
    issues = []
    if m["rms_contrast"] * 255 < 4:
        issues.append("The image is nearly uniform: there is no visible detail to animate")
    elif parts["sharpness"] < 0.45:
        issues.append(f"The image is blurred (sharpness {round(100 * parts['sharpness'])}/100)")
    if m["mean_luminance"] < 0.2 or (m["mean_luminance"] < 0.3 and m["shadow_clipping"] > 0.3):
        issues.append(f"The image is underexposed (brightness {round(100 * m['mean_luminance'])}/100)")
    elif m["mean_luminance"] > 0.78 or m["highlight_clipping"] > 0.15:
        issues.append(f"The image is overexposed ({round(100 * m['highlight_clipping'])} % of pixels blown out)")
    if m["rms_contrast"] * 255 >= 4 and parts["contrast"] < 0.45:
        issues.append(f"The image has low contrast (contrast {round(100 * parts['contrast'])}/100)")
    if parts["noise"] < 0.5:
        issues.append(f"The image is noisy (noise level {m['noise_sigma']:.1f})")
    if m["blockiness"] > 1.3:
        issues.append("The image shows JPEG compression artefacts (8 px blocks)")
    if max(m["width"], m["height"]) < 512:
        issues.append(f"The resolution is low for video ({m['width']}x{m['height']} px)")
    return issues
