"""The remaster never makes a photo worse, judged by a full-reference measure the code does not use.

Each committed photograph is degraded the ways real photos go wrong (underexposed, out of focus, noisy,
heavily JPEG-compressed, and combinations of these, the compression last as a camera or a website does it),
with seeded random strengths. The remaster only sees the degraded copy; scikit-image's SSIM then compares
both the degraded copy and the remastered one with the clean original, at the original's size. The remastered
one must be closer every time, and must not show more of JPEG's 8 px grid than its input did (a blockiness
measure written here, not the remaster's or The Eye's).

The same holds for a large upload, which the remaster brings down to MAX_SIDE on its long side (its output only
feeds previews, renders and The Eye): each photo is enlarged with Lanczos past that size, then degraded there,
and the remastered copy, smaller than the original, is brought back up to the original's size with Lanczos
before SSIM compares it. Enlarged photos are smoother than a camera's, so these cases test the large path's
repairs (deblocking at the source's size, the lighter denoiser, the reduction), not its fidelity to fine detail.
"""

import io
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageEnhance, ImageFilter
from skimage.metrics import structural_similarity

from director.engines.remaster import MAX_SIDE, LocalRemaster

IMAGES = Path(__file__).resolve().parent.parent / "images"
PHOTOS = ["astronaut.jpg", "chelsea.jpg", "coffee.jpg", "rocket.jpg"]
KINDS = [
    "dark",
    "blurred",
    "noisy",
    "jpeg",
    "dark+jpeg",
    "blurred+jpeg",
    "dark+blurred+jpeg",
    "noisy+jpeg",
    "dark+noisy",
]
BLOCKINESS_SLACK = 0.01  # the measure's own wobble on a picture with no grid at all (1.00 +- 0.01)


def photo(name):
    with Image.open(IMAGES / name) as image:
        return image.convert("RGB")


def jpeg(image, quality):
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=quality)
    buffer.seek(0)
    with Image.open(buffer) as decoded:
        return decoded.convert("RGB")


def add_noise(image, sigma, rng):
    pixels = np.asarray(image, dtype=np.float64) + rng.normal(0.0, sigma, (image.height, image.width, 3))
    return Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))


def degrade(image, kind, seed):
    """`image` degraded as `kind` says, each strength drawn from a seeded generator."""
    rng = np.random.default_rng(seed)
    darkness = rng.uniform(0.25, 0.45)  # the share of the light that reached the sensor
    blur = rng.uniform(1.2, 2.5)  # Gaussian sigma, px
    noise = rng.uniform(8.0, 20.0)  # grey levels
    quality = int(rng.integers(8, 21))  # JPEG quality
    steps = kind.split("+")
    if "dark" in steps:
        image = ImageEnhance.Brightness(image).enhance(darkness)
    if "blurred" in steps:
        image = image.filter(ImageFilter.GaussianBlur(blur))
    if "noisy" in steps:
        image = add_noise(image, noise * (0.6 if "dark" in steps else 1.0), rng)  # a dark sensor is quieter
    if "jpeg" in steps:
        image = jpeg(image, max(quality, 30) if "noisy" in steps else quality)
    return image


def ssim(clean, other):
    if other.size != clean.size:
        other = other.resize(clean.size, Image.Resampling.LANCZOS)
    return structural_similarity(np.asarray(clean), np.asarray(other), channel_axis=2, data_range=255)


def blockiness(image, size):
    """Mean luma step across the 8 px block boundaries over the mean step everywhere else (1.0: no grid)."""
    if image.size != size:
        image = image.resize(size, Image.Resampling.LANCZOS)
    y = np.asarray(image.convert("L"), dtype=np.float64)
    ratios = []
    for steps in (np.abs(np.diff(y, axis=1)), np.abs(np.diff(y, axis=0)).T):
        columns = steps.mean(axis=0)
        boundary = np.arange(columns.size) % 8 == 7  # between pixel 8k+7 and 8k+8
        ratios.append(columns[boundary].mean() / max(columns[~boundary].mean(), 1e-6))
    return float(np.mean(ratios))


CASES = [(name, kind) for name in PHOTOS for kind in KINDS]
LARGE_KINDS = ["dark+jpeg", "dark+noisy"]
LARGE_SIDE = MAX_SIDE + 640  # past the cap, so the remaster reduces it
LARGE_CASES = [(name, kind) for name in PHOTOS for kind in LARGE_KINDS]


def large_photo(name):
    clean = photo(name)
    scale = LARGE_SIDE / max(clean.size)
    return clean.resize((round(clean.width * scale), round(clean.height * scale)), Image.Resampling.LANCZOS)


def remastered(cases, clean_of, seed):
    """Each case's (SSIM before, SSIM after, blockiness before, blockiness after, the remaster's size), each case
    degraded with its own seed and remastered once."""
    out = {}
    for index, (name, kind) in enumerate(cases):
        clean = clean_of(name)
        weak = degrade(clean, kind, seed=seed + index)
        fixed = LocalRemaster().remaster(weak)
        out[name, kind] = (
            ssim(clean, weak),
            ssim(clean, fixed),
            blockiness(weak, clean.size),
            blockiness(fixed, clean.size),
            fixed.size,
        )
    return out


@pytest.fixture(scope="module")
def results():
    return remastered(CASES, photo, seed=1000)


@pytest.fixture(scope="module")
def large_results():
    return remastered(LARGE_CASES, large_photo, seed=2000)


def test_there_are_at_least_twenty_degraded_photos_of_every_kind():
    assert len(CASES) >= 20
    assert {kind for _, kind in CASES} == set(KINDS)


@pytest.mark.parametrize(("name", "kind"), CASES, ids=[f"{n.removesuffix('.jpg')}-{k}" for n, k in CASES])
def test_the_remaster_brings_a_degraded_photo_closer_to_its_original(results, name, kind):
    before, after, _, _, _ = results[name, kind]

    assert after > before, f"SSIM to the original {before:.4f} before the remaster, {after:.4f} after"


@pytest.mark.parametrize(("name", "kind"), CASES, ids=[f"{n.removesuffix('.jpg')}-{k}" for n, k in CASES])
def test_the_remaster_never_adds_blocks(results, name, kind):
    _, _, before, after, _ = results[name, kind]

    assert after <= before + BLOCKINESS_SLACK, f"blockiness {before:.3f} before, {after:.3f} after"


def test_a_compressed_dark_blurred_photo_loses_most_of_its_grid(results):
    # The case that used to come back as a mosaic: each of them keeps less than half its grid's excess.
    for name in PHOTOS:
        _, _, before, after, _ = results[name, "dark+blurred+jpeg"]
        assert after - 1.0 < 0.5 * (before - 1.0), (name, before, after)


@pytest.mark.parametrize("name", PHOTOS)
def test_a_good_photo_comes_back_as_it_was(name):
    clean = photo(name)

    assert ssim(clean, LocalRemaster().remaster(clean)) >= 0.98


@pytest.mark.parametrize(("name", "kind"), LARGE_CASES, ids=[f"{n.removesuffix('.jpg')}-{k}" for n, k in LARGE_CASES])
def test_a_large_degraded_photo_comes_back_smaller_and_closer_to_its_original(large_results, name, kind):
    before, after, blocks_before, blocks_after, size = large_results[name, kind]

    assert max(size) == MAX_SIDE
    assert after > before, f"SSIM to the original {before:.4f} before the remaster, {after:.4f} after"
    assert blocks_after <= blocks_before + BLOCKINESS_SLACK, f"blockiness {blocks_before:.3f}, {blocks_after:.3f}"
