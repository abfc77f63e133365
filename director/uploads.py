"""Validating an uploaded image by its content, before anything is stored.

Accepts JPEG, PNG and WebP by their bytes (not their name or declared type),
1 byte to STUDIO_MAX_UPLOAD_BYTES (10 MiB), with the pixel count bounded from
the header before any decoding, then decodes fully so truncated files are refused.
"""

import hashlib
import io
import re
import unicodedata
import warnings
from dataclasses import dataclass

import numpy as np
from django.conf import settings
from PIL import Image, ImageOps, UnidentifiedImageError

from director.errors import InvalidUpload, UnsupportedMedia, UploadTooLarge
from director.models import MimeType
from studio_project.uploads import mib

FORMATS = {"JPEG": MimeType.JPEG, "PNG": MimeType.PNG, "WEBP": MimeType.WEBP}
EXTENSIONS = {MimeType.JPEG: "jpg", MimeType.PNG: "png", MimeType.WEBP: "webp"}


@dataclass(frozen=True)
class ValidatedImage:
    data: bytes
    mime_type: str
    sha256: str
    width: int
    height: int
    filename: str


def sniff_format(head):
    """The image format named by the leading bytes, or None."""
    if head[:3] == b"\xff\xd8\xff":
        return "JPEG"
    if head[:8] == b"\x89PNG\r\n\x1a\n":
        return "PNG"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "WEBP"
    return None


def sanitise_filename(name):
    name = unicodedata.normalize("NFC", str(name or ""))
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = re.sub(r"[\x00-\x1f\x7f]", "", name)
    name = re.sub(r"[^\w.\- ()]+", "_", name).strip(" .")
    return (name or "image")[:200]


def read_upload(uploaded):
    """Read at most one byte past the limit, so an oversized file is refused without reading it all."""
    limit = settings.STUDIO_MAX_UPLOAD_BYTES
    uploaded.seek(0)
    data = uploaded.read(limit + 1)
    if len(data) == 0:
        raise InvalidUpload("The file is empty. Choose a JPEG, PNG or WebP image.")
    if len(data) > limit:
        raise UploadTooLarge(f"The file is larger than {mib(limit)}. Upload an image of at most {mib(limit)}.")
    return data


def validate_image(uploaded):
    data = read_upload(uploaded)
    fmt = sniff_format(data[:16])
    if fmt is None:
        raise UnsupportedMedia("This file is not a JPEG, PNG or WebP image. Upload one of those.")
    max_pixels = settings.STUDIO_MAX_IMAGE_PIXELS
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=[fmt])
            width, height = image.size
            if width * height > max_pixels:
                raise InvalidUpload(
                    f"The image is {width}x{height} pixels; the most Studio accepts is "
                    f"{max_pixels // 1_000_000} megapixels. Resize it and upload again."
                )
            image.load()
            oriented = ImageOps.exif_transpose(image)
    except InvalidUpload:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise InvalidUpload(
            "The image declares too many pixels to decode safely. Resize it and upload again."
        ) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError) as exc:
        raise InvalidUpload(f"The image could not be decoded ({fmt}: {exc}). It may be truncated or corrupt.") from None
    if oriented.width < 16 or oriented.height < 16:
        raise InvalidUpload("The image is too small; upload one at least 16x16 pixels.")
    return ValidatedImage(
        data=data,
        mime_type=FORMATS[fmt],
        sha256=hashlib.sha256(data).hexdigest(),
        width=oriented.width,
        height=oriented.height,
        filename=sanitise_filename(getattr(uploaded, "name", "")),
    )


def to_rgb(image):
    """An 8-bit RGB copy of any decoded image: CMYK, 16-bit, palette, alpha over white."""
    if image.mode in ("I;16", "I;16B", "I;16L", "I;16N", "I"):
        array = np.asarray(image, dtype=np.float64)
        top = 65535.0 if image.mode.startswith("I;16") or array.max() > 255 else 255.0
        array = np.clip(array / top * 255.0 + 0.5, 0, 255).astype(np.uint8)
        return Image.fromarray(array, "L").convert("RGB")
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        background = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return Image.alpha_composite(background, rgba).convert("RGB")
    return image.convert("RGB")


def open_rgb(fileobj):
    """Open a stored image, apply its EXIF orientation and return RGB."""
    with Image.open(fileobj) as image:
        image.load()
        return to_rgb(ImageOps.exif_transpose(image))
