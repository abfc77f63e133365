"""The Eye reads printed text from a real photographed page, offline, and claims none where there is none."""

import difflib
import re
import socket
from pathlib import Path

import pytest
from PIL import Image

from director.engines.eye import LocalEye, text

IMAGES = Path(__file__).resolve().parent.parent / "images"

# page.png as a person reads it (typed by hand from the picture), line by line.
PAGE = [
    "Region-based segmentation",
    "Let us first determine markers of the coins and the",
    "background. These markers are pixels that we can label",
    "unambiguously as either object or background. Here,",
    "the markers are found at the two extreme parts of the",
    "histogram of grey values:",
]


def photo(name):
    with Image.open(IMAGES / name) as image:
        return image.convert("RGB")


def words(lines):
    return re.findall(r"[a-z]+", " ".join(lines).lower())


def similar(a, b):
    return difflib.SequenceMatcher(None, a.lower(), b.lower()).ratio()


@pytest.fixture
def offline(monkeypatch):
    """No socket can connect while The Eye works: any attempt to fetch a model fails loudly."""
    attempts = []

    def refuse(sock, address, *args):
        attempts.append(address)
        raise OSError(f"network blocked in this test: {address}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    text._reader.cache_clear()  # load the models afresh, inside the blocked test
    yield attempts
    text._reader.cache_clear()


def test_the_page_is_read_offline_in_reading_order(offline):
    result = LocalEye().analyze(photo("page.png"))
    assert offline == []
    read = result["text"]
    # Every line a person reads is there, nearly letter for letter, and in the same order.
    matches = [max(range(len(read)), key=lambda i, line=line: similar(read[i], line)) for line in PAGE]
    for line, i in zip(PAGE, matches, strict=True):
        assert similar(read[i], line) >= 0.9, (line, read[i])
    assert matches == sorted(matches)
    expected, got = set(words(PAGE)), set(words(read))
    assert len(expected & got) / len(expected) >= 0.95
    assert result["subjects"][0]["label"] == "text"
    assert result["focal_point"]["label"].startswith("words 'Region-based segmentation'")
    assert "the words 'Region-based segmentation'" in result["invariant_visual_summary"]


def test_the_faces_and_the_cat_are_found_offline(offline):
    eye = LocalEye()
    assert eye.analyze(photo("astronaut.jpg"))["subjects"][0]["label"] == "face"
    assert eye.analyze(photo("chelsea.jpg"))["subjects"][0]["label"] == "cat face"
    assert offline == []


@pytest.mark.parametrize("name", ["astronaut.jpg", "chelsea.jpg", "coffee.jpg", "rocket.jpg", "coins.jpg"])
def test_no_text_is_claimed_in_photos_without_words(name):
    assert LocalEye().analyze(photo(name))["text"] == []


def test_reading_order_is_rows_top_to_bottom_then_left_to_right():
    lines = [
        {"text": "right", "box": [0.6, 0.10, 0.9, 0.20], "score": 0.9},
        {"text": "below", "box": [0.1, 0.40, 0.4, 0.50], "score": 0.9},
        {"text": "left", "box": [0.1, 0.12, 0.4, 0.19], "score": 0.9},
    ]
    assert [line["text"] for line in text.reading_order(lines)] == ["left", "right", "below"]
