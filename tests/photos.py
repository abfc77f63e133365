"""Real images for tests: the committed photographs (tests/images) and Pillow-made variants.

The `photo` fixture (tests/conftest.py) gives a test one photograph as a Pillow image; these functions give
its bytes, a named one, or a variant built from it.
"""

import io
import struct
import zlib
from pathlib import Path

from PIL import Image, ImageEnhance, ImageFilter

IMAGES = Path(__file__).resolve().parent / "images"
PHOTOS = sorted(path.name for path in IMAGES.glob("*.jpg"))
DEFAULT_PHOTO = "astronaut.jpg"


def photo_path(name=DEFAULT_PHOTO):
    """A committed photograph by file name; "coffee" names coffee.jpg."""
    path = IMAGES / (name if "." in name else f"{name}.jpg")
    assert path.is_file(), f"no photograph {path.name} in tests/images ({', '.join(PHOTOS)})"
    return path


def photo_bytes(name=DEFAULT_PHOTO):
    return photo_path(name).read_bytes()


def encode(image, fmt="JPEG", **params):
    buffer = io.BytesIO()
    image.save(buffer, fmt, **params)
    return buffer.getvalue()


def photo_image(name=DEFAULT_PHOTO):
    with Image.open(photo_path(name)) as image:
        return image.convert("RGB")


def blurred_jpeg(name=DEFAULT_PHOTO):
    return encode(photo_image(name).filter(ImageFilter.GaussianBlur(6)))


def dark_jpeg(name="astronaut.jpg"):
    """Underexposed: 30 % of the light. Below the quality gate as shot, above it once remastered."""
    return encode(ImageEnhance.Brightness(photo_image(name)).enhance(0.3))


def png_chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def png_bomb(width=100_000, height=100_000):
    """A tiny PNG whose header declares a huge canvas."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 64)
    return b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", ihdr) + png_chunk(b"IDAT", idat) + png_chunk(b"IEND", b"")


def exif_rotated_jpeg():
    """A 120x60 JPEG whose EXIF says 'rotate 90': it displays as 60x120."""
    image = Image.new("RGB", (120, 60), (200, 40, 40))
    exif = image.getexif()
    exif[0x0112] = 6
    return encode(image, exif=exif.tobytes())


def cmyk_jpeg():
    return encode(photo_image().convert("CMYK"))


def png16():
    image = Image.new("I;16", (64, 64))
    image.putdata([i * 16 for i in range(64 * 64)])
    return encode(image, "PNG")
