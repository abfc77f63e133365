"""The web studio's brief and share link in a real browser: a person writes a brief, gets that many scenes in
that format, and shares the finished video with someone signed out, then revokes the link."""

import re

import pytest

from accounts.models import User
from director.models import PromptRecord, ShareLink, VisionJob
from tests.e2e.conftest import shot
from tests.e2e.test_web_studio import (
    RENDER_TIMEOUT,
    approve_every_scene,
    assert_clean,
    expect,
    on_a_phone,
    register,
    wait_for_stage,
)
from tests.photos import photo_bytes as photo

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def test_a_brief_leads_to_that_video_and_its_share_link_plays_signed_out_until_revoked(
    worker, studio_context, browser, live_server, tmp_path
):
    context, watch = studio_context
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    page = context.new_page()
    page.on("dialog", lambda dialog: dialog.accept())
    page.goto("/studio/register/")
    register(page, "grace")

    # The brief, with the plan rule said and the cost before anything is sent.
    expect(page.get_by_label("Resolution").locator("option[value='1080p']")).to_be_disabled()
    expect(page.get_by_test_id("plan-rule")).to_contain_text("1080p is for the Pro and Enterprise plans")
    expect(page.get_by_test_id("brief-cost")).to_contain_text("3 credits")
    prompt = "A teaser for Lumen Coffee, calm and nostalgic, for Instagram"
    page.get_by_label("What is the video for?").fill(prompt)
    expect(page.get_by_test_id("prompt-count")).to_have_text(f"{len(prompt)} / 2000")
    page.get_by_label("Format").select_option("9:16")
    page.get_by_label("Seconds a scene").fill("2")

    # A scene count the studio would refuse is refused on the page, and nothing is uploaded.
    page.get_by_label("Scenes").fill("11")
    expect(page.get_by_test_id("brief-cost")).to_have_text("")
    path = tmp_path / "photo.jpg"
    path.write_bytes(photo())
    page.locator("#file-input").set_input_files(str(path))
    expect(page.locator("#upload-status")).to_contain_text("Scenes: choose a whole number from 1 to 10")
    assert VisionJob.objects.count() == 0

    page.get_by_label("Scenes").fill("2")
    expect(page.locator("#upload-status")).to_have_text("")  # the mistake mended, its message goes
    expect(page.get_by_test_id("brief-cost")).to_contain_text("2 scenes × 2 s = 4 s of video · 2 credits")
    shot(page, "brief-01-form")
    page.locator("#file-input").set_input_files(str(path))
    page.wait_for_url(re.compile(r"#/jobs/[0-9a-f-]{36}$"))
    job_id = page.url.rsplit("/", 1)[1]
    job = VisionJob.objects.get(pk=job_id)
    assert (job.aspect_ratio, job.scene_count, job.scene_duration, job.resolution) == ("9:16", 2, 2.0, "720p")
    expect(page.get_by_test_id("job-brief")).to_contain_text("9:16 · 2 × 2 s · 720p")
    expect(page.get_by_test_id("job-brief")).to_contain_text("Lumen Coffee")

    # The directors took it up: the Lounge's pitches and the storyboard name the product.
    wait_for_stage(page, "IDLE")
    expect(page.get_by_test_id("pitch").first).to_contain_text("Lumen Coffee")
    page.get_by_test_id("pitch").first.get_by_role("button").click()
    wait_for_stage(page, "STORYBOARD_REVIEW")
    expect(page.get_by_test_id("scene")).to_have_count(2)
    expect(page.get_by_test_id("scene").first).to_contain_text("for Instagram")
    approve_every_scene(page)
    expect(page.get_by_test_id("approve")).to_contain_text("2 credits")
    page.get_by_test_id("approve").click()
    wait_for_stage(page, "COMPLETED", timeout=RENDER_TIMEOUT)
    assert User.objects.get(username="grace").credits_remaining == 8
    assert [s["duration"] for s in PromptRecord.objects.get(job_id=job_id).scenes_data] == [2.0, 2.0]

    # Share: create, copy, and the link plays for someone signed out.
    page.get_by_test_id("share-create").click()
    url_box = page.get_by_test_id("share-url")
    expect(url_box).to_have_count(1)
    url = url_box.input_value()
    assert re.search(r"/share/[0-9a-f]{32}:[\w-]+/$", url), url
    page.get_by_test_id("share-copy").click()
    expect(page.get_by_test_id("share-link")).to_contain_text("Copied.")
    assert page.evaluate("navigator.clipboard.readText()") == url
    shot(page, "brief-02-share")
    on_a_phone(page, "brief-03-share-phone")

    stranger = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        viewer = stranger.new_page()
        viewer.goto(url)
        expect(viewer.locator('meta[property="og:type"]')).to_have_attribute("content", "video.other")
        og_video = viewer.locator('meta[property="og:video"]').get_attribute("content")
        assert viewer.locator('meta[property="og:image"]').get_attribute("content").endswith("/poster/")
        video = viewer.locator("video")
        assert video.get_attribute("poster")
        viewer.wait_for_function("v => v.readyState >= 1 && v.duration > 0", arg=video.element_handle())
        assert abs(video.evaluate("v => v.duration") - 4.0) <= 0.5
        video.evaluate("v => { v.muted = true; return v.play(); }")
        viewer.wait_for_function("v => v.currentTime > 0", arg=video.element_handle(), timeout=15_000)
        shot(viewer, "brief-04-shared-page")
        assert viewer.request.get(og_video).status == 200

        # Revoked: the owner's list empties and the stranger's page and video are 404s.
        page.get_by_test_id("share-revoke").click()
        expect(page.get_by_test_id("share-url")).to_have_count(0)
        expect(page.get_by_test_id("share-ended")).to_have_text("1 earlier link revoked or expired.")
        assert ShareLink.objects.get().revoked_at is not None
        gone = viewer.goto(url)
        assert gone.status == 404
        expect(viewer.get_by_role("heading")).to_have_text("This video is not available")
        assert viewer.request.get(og_video).status == 404
    finally:
        stranger.close()
    assert_clean(watch)
