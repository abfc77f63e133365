"""The end card: the brand's CTA offer drawn into the last scene's final frames, in a font that covers CJK.

The card is a translucent panel across the lower fifth with the offer centred on it, in the style preset's
typography colours. It is drawn once per render as an RGBA image, turned into the video's Y, U and V planes,
and composited onto each of the last END_SECONDS of frames, so it costs one blend per plane per frame.
"""

from functools import cache, lru_cache
from pathlib import Path

import av
import numpy as np
from PIL import Image, ImageDraw, ImageFont

END_SECONDS = 1.5
# Fonts that cover Latin, Malay and Chinese (Simplified and Traditional): Debian's fonts-droid-fallback
# (Apache-2.0; .ci/system-deps installs it) or fonts-noto-cjk (OFL-1.1). DejaVu (no CJK) only as a last resort.
FONT_PATHS = (
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
)
DEFAULT_TYPOGRAPHY = {"colour": "#FFFFFF", "panel": "#000000"}


def font_path():
    for path in FONT_PATHS:
        if Path(path).exists():
            return path
    raise FileNotFoundError("No end-card font: install fonts-droid-fallback or fonts-noto-cjk (.ci/system-deps).")


@cache
def _font(size):
    return ImageFont.truetype(font_path(), size)


def card_image(text, size, typography=None):
    """The card as RGBA at the video's size: transparent except the panel and the text."""
    typography = {**DEFAULT_TYPOGRAPHY, **(typography or {})}
    width, height = size
    card = Image.new("RGBA", size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(card)
    top = round(height * 0.78)
    panel = Image.new("RGBA", (1, 1), typography["panel"]).getpixel((0, 0))
    draw.rectangle((0, top, width, height), fill=(*panel[:3], 200))
    font_size = max(10, round((height - top) * 0.5))
    while font_size > 10 and _font(font_size).getlength(text) > width * 0.9:
        font_size -= 2
    font = _font(font_size)
    draw.text((width / 2, (top + height) / 2), text, font=font, fill=typography["colour"], anchor="mm")
    return card


@lru_cache(maxsize=4)  # a render's card, kept while its frames are drawn; a worker renders many CTAs
def _planes(text, size, colour, panel_colour):
    card = card_image(text, size, {"colour": colour, "panel": panel_colour})
    rgb = card.convert("RGB")  # its colours as they are: the alpha is applied once, by overlay()
    yuv = av.VideoFrame.from_image(rgb).reformat(format="yuv420p", dst_colorspace="ITU709").to_ndarray()
    width, height = size
    chroma = yuv[height:].reshape(-1)
    quarter = width * height // 4
    alpha = card.getchannel("A")
    return (
        (Image.fromarray(yuv[:height]), alpha),
        (Image.fromarray(chroma[:quarter].reshape(height // 2, width // 2)), alpha.resize((width // 2, height // 2))),
        (Image.fromarray(chroma[quarter:].reshape(height // 2, width // 2)), alpha.resize((width // 2, height // 2))),
    )


def overlay(planes, card):
    """The frame's (Y, U, V) planes with the end card `card` ({"text", "typography"}) composited on."""
    text = str(card.get("text") or "").strip()
    if not text:
        return planes
    typography = {**DEFAULT_TYPOGRAPHY, **(card.get("typography") or {})}
    size = planes[0].size
    drawn = _planes(text, size, typography["colour"], typography["panel"])
    return tuple(Image.composite(top, plane, mask) for plane, (top, mask) in zip(planes, drawn, strict=True))


def overlay_yuv420(planes, card):
    """The end card composited in place onto a 4:2:0 frame's (Y, U, V) planes, uint8 arrays as the renderer
    draws them."""
    drawn = overlay(tuple(Image.fromarray(plane) for plane in planes), card)
    for plane, image in zip(planes, drawn, strict=True):
        plane[...] = np.asarray(image)
    return planes


def shows_card(scenes, i, n, end, fps):
    """Whether frame n of scene i (ending at frame `end`) carries the end card: the last END_SECONDS of the last."""
    return i == len(scenes) - 1 and bool((scenes[i].get("end_card") or {}).get("text")) and end - n <= END_SECONDS * fps
