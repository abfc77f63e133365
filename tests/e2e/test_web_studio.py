"""The web studio in a real browser: a person's whole flow, with a real server and worker on PostgreSQL."""

import base64
import re
import signal

import pytest
from rest_framework.test import APIClient

from accounts.models import User
from director.models import PromptRecord, RecordStatus
from director.transitions import fail_record
from learning.experiments import arm_of
from tests.e2e.conftest import schema_routes, shot, undocumented
from tests.photos import blurred_jpeg, photo_bytes

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-studio-passphrase-42"
RENDER_TIMEOUT = 120_000


def expect(*args, **kwargs):
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(*args, **kwargs)


def register(page, username, *, consent=True):
    page.goto("/studio/register/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Email").fill(f"{username}@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Let the Studio Head learn").set_checked(consent)
    page.get_by_role("button", name="Create account").click()
    page.wait_for_url(re.compile(r"/studio/(#.*)?$"))
    expect(page.locator(".topbar__user")).to_have_text(username)


def upload(page, tmp_path, data, name="photo.jpg"):
    path = tmp_path / name
    path.write_bytes(data)
    page.locator("#file-input").set_input_files(str(path))
    page.wait_for_url(re.compile(r"#/jobs/[0-9a-f-]{36}$"))
    return page.url.rsplit("/", 1)[1]


def upload_with_keyboard(page, tmp_path, data, name):
    """Tab to the drop zone, press Enter, pick the file in the chooser that opens."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

    path = tmp_path / name
    path.write_bytes(data)
    chooser = None
    for _ in range(3):  # under load Chromium can miss the first key press on a freshly re-rendered page
        page.get_by_role("button", name=re.compile("Drop an image here")).focus()
        try:
            with page.expect_file_chooser(timeout=10_000) as opened:
                page.keyboard.press("Enter")
            chooser = opened.value
            break
        except PlaywrightTimeoutError:
            continue
    assert chooser is not None, "Enter on the focused drop zone never opened the file chooser"
    chooser.set_files(str(path))
    page.wait_for_url(re.compile(r"#/jobs/[0-9a-f-]{36}$"))
    return page.url.rsplit("/", 1)[1]


def upload_by_dropping(page, data, name):
    """Drop a file on the drop zone, as a drag from the desktop does."""
    transfer = page.evaluate_handle(
        """([b64, name]) => {
            const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
            const transfer = new DataTransfer();
            transfer.items.add(new File([bytes], name, { type: "image/jpeg" }));
            return transfer;
        }""",
        [base64.b64encode(data).decode(), name],
    )
    page.dispatch_event("#dropzone", "dragover", {"dataTransfer": transfer})
    expect(page.locator("#dropzone")).to_have_class(re.compile("is-over"))
    page.dispatch_event("#dropzone", "drop", {"dataTransfer": transfer})
    page.wait_for_url(re.compile(r"#/jobs/[0-9a-f-]{36}$"))
    return page.url.rsplit("/", 1)[1]


def stage_of(page):
    return page.get_by_test_id("stage-indicator").get_attribute("data-stage")


def wait_for_stage(page, stage, timeout=90_000):
    expect(page.get_by_test_id("stage-indicator")).to_have_attribute("data-stage", stage, timeout=timeout)


def to_storyboard(page, tmp_path, data=None):
    job_id = upload(page, tmp_path, data or photo_bytes())
    wait_for_stage(page, "IDLE")
    page.get_by_test_id("pitch").first.get_by_role("button").click()
    wait_for_stage(page, "STORYBOARD_REVIEW")
    return job_id


def approve_every_scene(page):
    scenes = page.get_by_test_id("scene")
    for index in range(scenes.count()):
        scene = scenes.nth(index)
        if scene.get_attribute("data-status") != "GREEN":
            scene.get_by_role("button", name=re.compile("^Approve scene")).click()
            expect(scenes.nth(index)).to_have_attribute("data-status", "GREEN")


def on_a_phone(page, name):
    """The same page on a phone-sized screen: nothing wider than the screen; then back to the desktop size."""
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shot(page, name)
    page.set_viewport_size({"width": 1280, "height": 900})


def assert_clean(watch, provoked=()):
    """No console errors but those the test provoked (Chromium logs each failed HTTP response as one),
    and every API call the page made is in the OpenAPI schema."""
    unexpected = [e for e in watch.errors if not any(f"status of {code}" in e for code in provoked)]
    assert unexpected == [], unexpected
    assert watch.api_calls, "the page made no API calls"
    assert undocumented(watch.api_calls, schema_routes(APIClient())) == []


def test_a_person_goes_from_registration_to_a_playing_video(worker, studio_context, live_server, tmp_path):
    context, watch = studio_context
    page = context.new_page()
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/studio/login/"))
    shot(page, "01-sign-in")
    page.get_by_role("link", name="Create an account").click()
    register(page, "ada")
    expect(page.get_by_role("heading", name="Start a new video")).to_be_visible()
    expect(page.get_by_test_id("win-chart").get_by_role("meter")).to_have_count(4)
    shot(page, "02-upload")

    # The page refuses what the studio would refuse, before sending anything.
    not_an_image = tmp_path / "notes.txt"
    not_an_image.write_text("hello")
    page.locator("#file-input").set_input_files(str(not_an_image))
    expect(page.locator("#upload-status")).to_contain_text("not a JPEG, PNG or WebP")
    too_big = tmp_path / "huge.jpg"
    too_big.write_bytes(photo_bytes()[:3] + b"\0" * (10 * 1024 * 1024))
    page.locator("#file-input").set_input_files(str(too_big))
    expect(page.locator("#upload-status")).to_contain_text("the limit is 10.0 MiB")
    assert ("POST", "/api/v1/jobs/") not in watch.api_calls

    job_id = upload_with_keyboard(page, tmp_path, photo_bytes(), "astronaut.jpg")
    expect(page.get_by_test_id("stage-indicator")).to_be_visible()
    if stage_of(page) == "ANALYZING":
        shot(page, "03-the-eye")
    wait_for_stage(page, "IDLE")

    pitches = page.get_by_test_id("pitch")
    expect(pitches).to_have_count(4)
    first = pitches.first
    if arm_of(User.objects.get(username="ada").pk) == "recommended_first":  # the layouts: tests/e2e/test_card_layout.py
        expect(page.locator(".pitch .badge--recommended")).to_have_count(1)
        expect(first.locator(".badge--recommended")).to_have_count(1)  # the Studio Head's pick comes first
    else:
        expect(page.locator(".pitch .badge--recommended")).to_have_count(0)
    expect(first.locator(".beats dt")).to_have_text(["Vision", "Safety", "Magic"])
    expect(first.get_by_role("meter")).to_have_count(3)
    expect(first.locator(".pitch__reason")).not_to_be_empty()
    expect(first.locator(".chip")).to_have_count(2)
    # The engine badge says what renders, not a provider's name in capitals.
    expect(first.locator(".chip").first).to_contain_text(
        re.compile(r"Engine Local renderer, (Kling|Luma)-style motion")
    )
    names = page.locator(".pitch__name").all_inner_texts()
    assert sorted(names) == ["The Minimalist", "The Newtonian", "The Provocateur", "The Visionary"]
    shot(page, "04-lounge")
    on_a_phone(page, "04-lounge-phone")
    chosen = first.locator(".pitch__name").inner_text()
    first.get_by_role("button", name=f"Choose {chosen}").click()

    wait_for_stage(page, "STORYBOARD_REVIEW")
    scenes = page.get_by_test_id("scene")
    expect(scenes).to_have_count(3)
    for index in range(3):
        expect(scenes.nth(index).locator(".scene__preview img")).to_have_js_property("complete", True)
        assert scenes.nth(index).locator(".scene__preview img").evaluate("img => img.naturalWidth") > 0
    expect(page.get_by_test_id("engine-label")).to_contain_text(
        re.compile(r"Engine Local renderer, (Kling|Luma|Gemini Pro)-style motion")
    )
    expect(page.get_by_test_id("attempts-left").first).to_have_text("5 rewrites left")
    expect(page.get_by_test_id("approve")).to_be_disabled()
    expect(page.get_by_test_id("approve-bar")).to_contain_text("costs 3 credits; you have 10, 7 left after")
    shot(page, "05-storyboard")
    on_a_phone(page, "05-storyboard-phone")

    approve_every_scene(page)
    expect(page.get_by_test_id("approve-bar")).to_contain_text("3 of 3 scenes approved")
    page.get_by_test_id("approve").click()
    expect(page.locator("[data-credits]")).to_have_text("7")
    stage = stage_of(page)
    if stage == "RENDERING":
        expect(page.get_by_test_id("render-progress")).to_be_visible()
        shot(page, "06-rendering")
    wait_for_stage(page, "COMPLETED", timeout=RENDER_TIMEOUT)

    video = page.get_by_test_id("video")
    expect(video).to_be_visible()
    page.wait_for_function("v => v.readyState >= 1 && v.duration > 0", arg=video.element_handle(), timeout=30_000)
    duration = video.evaluate("v => v.duration")
    total = sum(s["duration"] for s in PromptRecord.objects.get(job_id=job_id).scenes_data)
    assert abs(duration - total) <= 0.5
    video.evaluate("v => { v.muted = true; return v.play(); }")
    page.wait_for_function("v => v.currentTime > 0", arg=video.element_handle(), timeout=15_000)
    shot(page, "07-premiere")

    # The sidebar: the finished job in the list, and the Studio Head has learned one choice.
    item = page.locator(f'.job-list__item[data-job-id="{job_id}"]')
    expect(item).to_contain_text("Ready to watch")
    expect(page.locator("#taste-body")).to_contain_text("1 choice so far")
    assert User.objects.get(username="ada").credits_remaining == 7

    on_a_phone(page, "08-premiere-phone")
    assert_clean(watch)


def test_a_blurred_photo_stops_at_the_quality_gate_is_remastered_and_continues_below_it(
    worker, studio_context, live_server, tmp_path
):
    context, watch = studio_context
    page = context.new_page()
    register(page, "blur")
    upload_by_dropping(page, blurred_jpeg(), "blurred.jpg")
    wait_for_stage(page, "IDLE")
    page.get_by_test_id("pitch").first.get_by_role("button").click()
    wait_for_stage(page, "QUALITY_FAILED")
    gate = page.get_by_test_id("quality-gate")
    expect(gate).to_contain_text("Scenes need at least 7.0")
    score = float(gate.get_by_role("meter", name="Quality score").get_attribute("aria-valuenow"))
    assert score < 7.0
    shot(page, "09-quality-gate")
    gate.get_by_role("button", name="Remaster the image").click()

    # Blurred past repair: the remastered image is scored again and still falls short, so the gate shows both
    # scores and lets the user go on.
    expect(page.get_by_role("heading", name="Still below the quality gate after the remaster")).to_be_visible(
        timeout=30_000
    )
    gate = page.get_by_test_id("quality-gate")
    before = float(gate.get_by_test_id("score-before").inner_text())
    after = float(gate.get_by_test_id("score-after").inner_text())
    job = PromptRecord.objects.get(job__user__username="blur").job
    assert before == round(job.quality_score, 1) == round(score, 1)
    assert after < 7.0 and after == round(PromptRecord.objects.get(job=job).source_analysis["quality"], 1)
    remastered = gate.locator("img.gate__image")
    expect(remastered).to_have_attribute("src", re.compile(r"source=remastered"))
    assert remastered.evaluate("img => img.complete && img.naturalWidth > 0")
    expect(gate.get_by_role("button", name="Remaster the image")).to_have_count(0)
    shot(page, "09b-still-below-the-gate")
    gate.get_by_role("button", name="Continue anyway").click()

    wait_for_stage(page, "STORYBOARD_REVIEW")
    expect(page.locator(".badge--remastered")).to_have_text("Remastered")
    source = page.locator(".storyboard__source img")
    expect(source).to_have_attribute("src", re.compile(r"source=remastered"))
    assert source.evaluate("img => img.complete && img.naturalWidth > 0")
    shot(page, "10-remastered-storyboard")
    assert_clean(watch)


def test_a_yellow_review_rewrites_the_scene_and_approval_says_what_credits_are_missing(
    worker, studio_context, live_server, tmp_path
):
    context, watch = studio_context
    page = context.new_page()
    register(page, "yellow")
    to_storyboard(page, tmp_path)
    scene = page.get_by_test_id("scene").nth(1)
    before = scene.locator(".scene__action").inner_text()
    old_preview = scene.locator(".scene__preview img").get_attribute("src")
    scene.get_by_role("button", name=re.compile("^Rewrite scene 2")).focus()
    page.keyboard.press("Enter")
    box = page.get_by_label("What should change in scene 2?")
    expect(box).to_be_focused()
    box.fill("Slower camera, warmer golden light")
    expect(page.locator(".counter")).to_have_text("34 / 500")
    shot(page, "11-yellow-feedback")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Rewrite scene", exact=True)).to_be_focused()
    page.keyboard.press("Enter")
    scene = page.get_by_test_id("scene").nth(1)
    expect(scene).to_have_attribute("data-status", "YELLOW")
    expect(scene.locator(".scene__feedback")).to_contain_text("Slower camera, warmer golden light")
    expect(scene.get_by_test_id("attempts-left")).to_have_text("4 rewrites left")
    assert scene.locator(".scene__action").inner_text() != before or (
        scene.locator(".scene__preview img").get_attribute("src") != old_preview
    )
    assert scene.locator(".scene__preview img").evaluate("img => img.complete && img.naturalWidth > 0")
    shot(page, "12-yellow-rewritten")

    # Short of credits: approval says how many are missing and charges nothing.
    User.objects.filter(username="yellow").update(credits_remaining=1)
    approve_every_scene(page)
    page.get_by_test_id("approve").click()
    expect(page.get_by_role("alert").filter(has_text="You need 2 credits more")).to_be_visible()
    expect(page.get_by_test_id("approve-bar")).to_contain_text("you have 1, 2 short")
    expect(page.locator("[data-credits]")).to_have_text("1")
    shot(page, "13-credits-missing")
    assert stage_of(page) == "STORYBOARD_REVIEW"
    assert User.objects.get(username="yellow").credits_remaining == 1
    assert_clean(watch, provoked=["402"])


def test_a_review_from_a_stale_second_tab_is_refused_reloaded_and_explained(
    worker, studio_context, live_server, tmp_path
):
    context, watch = studio_context
    first = context.new_page()
    register(first, "twotabs")
    job_id = to_storyboard(first, tmp_path)
    second = context.new_page()
    second.goto(f"/studio/#/jobs/{job_id}")
    wait_for_stage(second, "STORYBOARD_REVIEW")

    first.get_by_test_id("scene").nth(0).get_by_role("button", name=re.compile("^Approve scene")).click()
    expect(first.get_by_test_id("scene").nth(0)).to_have_attribute("data-status", "GREEN")

    # The second tab still shows the old version; its review must not overwrite the first tab's.
    expect(second.get_by_test_id("scene").nth(0)).to_have_attribute("data-status", "PENDING")
    second.get_by_test_id("scene").nth(2).get_by_role("button", name=re.compile("^Regenerate scene")).click()
    expect(second.get_by_role("alert").filter(has_text="changed somewhere else")).to_be_visible()
    expect(second.get_by_test_id("scene").nth(0)).to_have_attribute("data-status", "GREEN")
    expect(second.get_by_test_id("scene").nth(2)).to_have_attribute("data-status", "PENDING")
    shot(second, "14-conflict-reloaded")
    record = PromptRecord.objects.get(job_id=job_id)
    assert [s["status"] for s in record.scenes_data] == ["GREEN", "PENDING", "PENDING"]
    assert record.scenes_data[2]["attempt_count"] == 0

    # After the reload, the same review goes through.
    second.get_by_test_id("scene").nth(2).get_by_role("button", name=re.compile("^Regenerate scene")).click()
    expect(second.get_by_test_id("scene").nth(2)).to_have_attribute("data-status", "RED")
    assert_clean(watch, provoked=["412"])


def test_too_many_uploads_show_a_countdown_from_retry_after(worker, studio_context, live_server, tmp_path, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "upload": "1/min"},
    }
    context, watch = studio_context
    page = context.new_page()
    register(page, "hasty")
    upload(page, tmp_path, photo_bytes())
    page.goto("/studio/#/")
    path = tmp_path / "again.jpg"
    path.write_bytes(photo_bytes("coffee.jpg"))
    page.locator("#file-input").set_input_files(str(path))
    notice = page.get_by_test_id("rate-limit")
    expect(notice).to_contain_text(re.compile(r"try again in \d+ s"))
    first_count = int(re.search(r"in (\d+) s", notice.inner_text()).group(1))
    assert 1 <= first_count <= 60
    expect(page.locator("#file-input")).to_be_disabled()
    shot(page, "15-rate-limited")
    page.wait_for_timeout(2200)
    later = int(re.search(r"in (\d+) s", notice.inner_text()).group(1))
    assert later < first_count
    assert_clean(watch, provoked=["429"])


def test_a_failed_render_says_so_and_a_retry_finishes_it(worker, start_worker, studio_context, live_server, tmp_path):
    context, watch = studio_context
    page = context.new_page()
    register(page, "phoenix")
    job_id = to_storyboard(page, tmp_path)
    approve_every_scene(page)
    record = PromptRecord.objects.get(job_id=job_id)
    # The worker dies before rendering: the watchdog's own function fails the render and refunds it.
    worker.send_signal(signal.SIGTERM)
    worker.wait(10)
    page.get_by_test_id("approve").click()
    wait_for_stage(page, "RENDERING")
    fail_record(record.pk, "The renderer stopped responding.", from_statuses=[RecordStatus.RENDERING])
    wait_for_stage(page, "FAILED", timeout=30_000)
    failed = page.get_by_test_id("failed")
    expect(failed).to_contain_text("The render failed")
    expect(failed).to_contain_text("The renderer stopped responding.")
    expect(failed).to_contain_text("refunded")
    shot(page, "16-render-failed")
    assert User.objects.get(username="phoenix").credits_remaining == 10
    failed.get_by_role("button", name="Retry the render").click()
    wait_for_stage(page, "RENDERING")
    assert User.objects.get(username="phoenix").credits_remaining == 7
    start_worker()
    wait_for_stage(page, "COMPLETED", timeout=RENDER_TIMEOUT)
    expect(page.get_by_test_id("video")).to_be_visible()
    assert_clean(watch)


def test_the_taste_profile_switches_consent_and_resets(worker, studio_context, live_server, tmp_path):
    context, watch = studio_context
    page = context.new_page()
    page.on("dialog", lambda dialog: dialog.accept())
    register(page, "taste")
    to_storyboard(page, tmp_path)
    taste = page.locator("#taste-body")
    expect(taste).to_contain_text("1 choice so far")
    assert sum(float(m.get_attribute("aria-valuenow")) for m in taste.get_by_role("meter").all()[3:]) > 0
    shot(page, "17-taste-profile")
    switch = page.get_by_role("switch", name="Learn from my choices")
    expect(switch).to_be_checked()
    switch.press("Space")
    expect(page.get_by_role("status").filter(has_text="will not learn")).to_be_visible()
    assert User.objects.get(username="taste").learning_consent is False
    page.get_by_role("button", name="Reset my taste profile").click()
    expect(taste).to_contain_text("No choices yet")
    assert User.objects.get(username="taste").creative_profile is None
    assert_clean(watch)
