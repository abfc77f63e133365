"""Colour for The Eye: luma, sRGB to CIE L*a*b*, and the one namer every part of Studio uses for a colour."""

import numpy as np

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


def to_lab(rgb):
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
_NAME_LAB = to_lab(np.array([COLOUR_NAMES[n] for n in _NAMES], dtype=np.float32))


def colour_name(hex_colour):
    """The nearest named colour (in CIE Lab) to a "#rrggbb" (or "rrggbb") string."""
    value = hex_colour.lstrip("#")
    if len(value) != 6:
        raise ValueError(f"not a #rrggbb colour: {hex_colour!r}")
    rgb = [int(value[i : i + 2], 16) for i in (0, 2, 4)]
    distances = np.linalg.norm(_NAME_LAB - to_lab(np.array(rgb, dtype=np.float32)), axis=1)
    return _NAMES[int(np.argmin(distances))]


def hex_colour(rgb):
    """The "#rrggbb" string of an (r, g, b) in 0..255."""
    return "#{:02x}{:02x}{:02x}".format(*(int(v) for v in rgb))
