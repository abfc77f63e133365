"""What The Eye saw, in the Lounge: the subjects' boxes over the image where they really are, and the text it read."""

import difflib

import pytest

from tests.e2e.conftest import shot
from tests.e2e.test_web_studio import assert_clean, expect, register, upload, wait_for_stage
from tests.photos import photo_bytes

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

# The astronaut's face, marked by hand on the 512 x 512 photograph (pixels): x from 175 to 275, y from 62 to 180.
FACE_BY_HAND = (175, 62, 275, 180)
# The first line of page.png, typed by hand from the picture.
PAGE_TITLE = "Region-based segmentation"


def analysis_of(context, job_id):
    response = context.request.get(f"/api/v1/jobs/{job_id}/")
    assert response.ok, response.status
    return response.json()["analysis"]


def image_rect(page):
    image = page.locator(".eye-view__image")
    expect(image).to_have_js_property("complete", True)
    natural = image.evaluate("img => [img.naturalWidth, img.naturalHeight]")
    assert natural[0] > 0
    return image.bounding_box(), natural


def test_the_lounge_outlines_the_astronauts_face_where_it_is(worker, studio_context, tmp_path):
    context, watch = studio_context
    page = context.new_page()
    register(page, "iris")
    job_id = upload(page, tmp_path, photo_bytes("astronaut.jpg"), "astronaut.jpg")
    wait_for_stage(page, "IDLE")
    analysis = analysis_of(context, job_id)
    face = next(s for s in analysis["subjects"] if s["label"] == "face")

    box = page.locator('[data-testid="eye-box"][data-label="face"]').first
    expect(box).to_be_visible()
    expect(box).to_have_text(f"face {round(face['confidence'] * 100)} %")
    img, (natural_w, natural_h) = image_rect(page)
    assert (natural_w, natural_h) == (512, 512)
    assert abs(img["height"] / img["width"] - natural_h / natural_w) < 0.01  # the image is not stretched
    drawn = box.bounding_box()

    # Where the API says the face is, on the image as it is shown (within a pixel and a half).
    left, top, right, bottom = face["box"]
    expected = (
        img["x"] + left * img["width"],
        img["y"] + top * img["height"],
        img["x"] + right * img["width"],
        img["y"] + bottom * img["height"],
    )
    got = (drawn["x"], drawn["y"], drawn["x"] + drawn["width"], drawn["y"] + drawn["height"])
    assert all(abs(a - b) <= 1.5 for a, b in zip(got, expected, strict=True)), (got, expected)

    # And, independently of The Eye's numbers, over the face a person marked on the photograph.
    cx = (drawn["x"] + drawn["width"] / 2 - img["x"]) / img["width"] * natural_w
    cy = (drawn["y"] + drawn["height"] / 2 - img["y"]) / img["height"] * natural_h
    x0, y0, x1, y1 = FACE_BY_HAND
    assert x0 <= cx <= x1 and y0 <= cy <= y1, (cx, cy)

    # The focal point is marked on the first subject.
    focus = page.get_by_test_id("eye-focus").bounding_box()
    fx, fy = focus["x"] + focus["width"] / 2, focus["y"] + focus["height"] / 2
    first = page.get_by_test_id("eye-box").first.bounding_box()
    assert first["x"] <= fx <= first["x"] + first["width"] and first["y"] <= fy <= first["y"] + first["height"]

    # The same in words, for whoever does not see the picture; the boxes themselves are hidden from screen readers.
    seen = page.get_by_test_id("eye-seen").get_by_role("listitem")
    expect(seen.first).to_contain_text(f"{analysis['subjects'][0]['label']} ")
    expect(page.get_by_test_id("eye-seen")).to_contain_text(f"face {round(face['confidence'] * 100)} %, ")
    expect(page.get_by_test_id("eye-seen")).to_contain_text(f"Focal point: {analysis['focal_point']['label']}")
    expect(box).to_have_attribute("aria-hidden", "true")
    # No words in this photograph, so nothing about text is shown.
    assert analysis["text"] == []
    expect(page.get_by_test_id("eye-text")).to_have_count(0)
    expect(page.get_by_text("Text The Eye read:")).to_have_count(0)
    shot(page, "04-lounge-eye-saw")

    # On a phone the image is narrower and the box still sits on the same part of it.
    page.set_viewport_size({"width": 390, "height": 844})
    small, _ = image_rect(page)
    assert small["width"] < img["width"]
    drawn = box.bounding_box()
    assert abs(drawn["x"] - (small["x"] + left * small["width"])) <= 1.5
    assert abs(drawn["width"] - (right - left) * small["width"]) <= 1.5
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert_clean(watch)


def test_the_lounge_shows_the_text_the_eye_read_from_a_printed_page(worker, studio_context, tmp_path):
    context, watch = studio_context
    page = context.new_page()
    register(page, "rosa")
    job_id = upload(page, tmp_path, photo_bytes("page.png"), "page.png")
    wait_for_stage(page, "IDLE")
    analysis = analysis_of(context, job_id)
    assert analysis["text"]

    block = page.get_by_test_id("eye-text")
    expect(block).to_be_visible()
    expect(block).to_contain_text("Text The Eye read:")
    shown = block.get_by_role("listitem").all_inner_texts()
    assert shown == analysis["text"]  # every line, in reading order
    # The page's title, typed by hand, is among them nearly letter for letter.
    best = max(difflib.SequenceMatcher(None, line.lower(), PAGE_TITLE.lower()).ratio() for line in shown)
    assert best >= 0.9, shown
    expect(page.locator('[data-testid="eye-box"][data-label="text"]').first).to_be_visible()
    shot(page, "04-lounge-eye-read")
    assert_clean(watch)
