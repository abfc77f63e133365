"""The end card: the CTA offer is in the video's last frames (decoded), CJK glyphs included, and nowhere else."""

import av
import numpy as np
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from director.directors import ROSTER
from director.engines import endcard, get_engine
from director.engines.render import LocalRenderer
from director.models import PromptRecord, VisionJob
from tests.flow import choose
from tests.photos import photo_bytes, photo_image

SIZE, FPS = (320, 180), 12


WHITE_ON_BLACK = {"colour": "#FFFFFF", "panel": "#000000"}


def storyboard(card_text=None, typography=WHITE_ON_BLACK):
    director = ROSTER["newtonian"]
    analysis = get_engine("eye").analyze(photo_image("coffee.jpg"))
    scenes = get_engine("storyboard_writer").write(director, analysis, scenes=2)
    scenes = [{**s, "duration": 2.0} for s in scenes]
    if card_text:
        scenes[-1]["end_card"] = {"text": card_text, "typography": typography}
    return director, scenes


def decoded(path, format="gray"):
    with av.open(str(path)) as container:
        return [f.to_ndarray(format=format).astype(float) for f in container.decode(video=0)]


def render(tmp_path, name, card_text=None, typography=WHITE_ON_BLACK, format="gray"):
    director, scenes = storyboard(card_text, typography)
    out = tmp_path / f"{name}.mp4"
    LocalRenderer().render(photo_image("coffee.jpg"), scenes, director, str(out), size=SIZE, fps=FPS)
    return decoded(out, format)


def test_the_cta_is_drawn_into_the_last_frames_only(tmp_path):
    plain = render(tmp_path, "plain")
    carded = render(tmp_path, "carded", "买二送一 · Beli 2 percuma 1")
    assert len(plain) == len(carded) == 4 * FPS
    card_frames = round(endcard.END_SECONDS * FPS)
    band = slice(round(SIZE[1] * 0.8), SIZE[1])
    for n in range(len(plain)):
        band_diff = np.abs(plain[n][band] - carded[n][band]).mean()
        top_diff = np.abs(plain[n][: SIZE[1] // 2] - carded[n][: SIZE[1] // 2]).mean()
        if n >= len(plain) - card_frames:
            assert band_diff > 15, (n, band_diff)  # the panel and the text
        elif n < len(plain) - card_frames - 2:  # (the encoder may carry a little across the first card frame)
            assert band_diff < 1.5, (n, band_diff)
        assert top_diff < 3, (n, top_diff)  # the picture above the card is untouched


def test_the_card_has_its_own_colours_and_the_picture_keeps_its_colours(tmp_path):
    typography = {"colour": "#FFD000", "panel": "#2040C0"}  # yellow on blue: chroma a grey card would not show
    plain = render(tmp_path, "plain", format="rgb24")[-1]
    carded = render(tmp_path, "carded", "Buy two, get one", typography, format="rgb24")[-1]
    card = np.asarray(endcard.card_image("Buy two, get one", SIZE, typography), float)
    alpha = card[..., 3:] / 255
    expected = card[..., :3] * alpha + plain * (1 - alpha)  # the card laid over the picture, in RGB
    panel = np.s_[round(SIZE[1] * 0.8) :, : SIZE[0] // 20]  # the panel's left end, clear of the text
    assert np.abs(carded[panel] - expected[panel]).mean() < 3
    assert carded[panel][..., 2].mean() > carded[panel][..., 0].mean() + 80  # a blue panel, not a grey one
    above = slice(0, round(SIZE[1] * 0.75))
    assert np.abs(carded[above] - plain[above]).mean() < 2  # colour as well as brightness: every RGB channel


def test_the_chinese_glyphs_are_real_shapes_in_the_video(tmp_path):
    buy = render(tmp_path, "buy", "买二送一")
    sell = render(tmp_path, "sell", "卖二送一")  # one character differs: a font without CJK draws both as boxes
    band = slice(round(SIZE[1] * 0.8), SIZE[1])
    assert np.abs(buy[-1][band] - sell[-1][band]).mean() > 0.5
    missing = endcard.card_image("\U0010fffd\U0010fffd", SIZE)
    tofu = endcard.card_image("买买", SIZE)
    assert np.abs(np.asarray(missing, float) - np.asarray(tofu, float)).mean() > 0.1


@pytest.mark.django_db
def test_the_cta_offer_from_the_upload_rides_on_the_last_scene(api, run, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        api.post(
            "/api/v1/jobs/",
            {
                "image": SimpleUploadedFile("p.jpg", photo_bytes(), "image/jpeg"),
                "language": "zh-TW",
                "cta_offer": "買二送一",
            },
            format="multipart",
        )
    job = VisionJob.objects.get()
    choose(api, run, job, "visionary")
    scenes = PromptRecord.objects.get(job=job).scenes_data
    assert scenes[-1]["end_card"]["text"] == "買二送一"
    assert scenes[-1]["end_card"]["typography"]["family"]  # the style preset's typography
    assert all("end_card" not in s for s in scenes[:-1])


def test_a_worker_rendering_many_offers_keeps_only_a_few_cards():
    """The drawn card is kept for the frames of one render, not for every offer a long-lived worker has drawn."""
    width, height = SIZE
    planes = (
        np.zeros((height, width), np.uint8),
        np.zeros((height // 2, width // 2), np.uint8),
        np.zeros((height // 2, width // 2), np.uint8),
    )
    first = endcard.overlay_yuv420(tuple(p.copy() for p in planes), {"text": "Offer 0"})
    for n in range(1, 20):
        endcard.overlay_yuv420(tuple(p.copy() for p in planes), {"text": f"Offer {n}"})
    assert endcard._planes.cache_info().currsize <= 4
    again = endcard.overlay_yuv420(tuple(p.copy() for p in planes), {"text": "Offer 0"})
    assert all(np.array_equal(a, b) for a, b in zip(first, again, strict=True))  # drawn again, the same card
