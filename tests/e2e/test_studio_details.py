"""Details of the web studio people ran into: the storyboard at laptop width, the sidebar keeping pace with the
panel, messages that outlive their stage, the render's time left, the download's name and the override count."""

import re

import pytest

from tests.e2e.conftest import SCREENSHOTS
from tests.e2e.test_web_studio import (
    RENDER_TIMEOUT,
    approve_every_scene,
    assert_clean,
    expect,
    register,
    to_storyboard,
    upload,
    upload_by_dropping,
    wait_for_stage,
)
from tests.photos import dark_jpeg, photo_bytes

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

# After every change to the page: the stage the main panel shows, the one the sidebar shows for the open job, and
# the messages on screen. Installed before the page's own scripts, so nothing the page does is missed.
WATCH_SCRIPT = """
window.__studioLog = [];
document.addEventListener("DOMContentLoaded", () => {
  const snapshot = () => {
    const main = document.querySelector('[data-testid="stage-indicator"]');
    const id = (location.hash.match(/#\\/jobs\\/([0-9a-f-]{36})/) || [])[1];
    const row = id && document.querySelector(`.job-list__item[data-job-id="${id}"] .badge`);
    window.__studioLog.push({
      main: main ? main.dataset.stage : null,
      side: row ? row.textContent : null,
      notices: [...document.querySelectorAll("#notices .notice__text")].map((n) => n.textContent),
    });
  };
  new MutationObserver(snapshot).observe(document.body, {
    subtree: true, childList: true, attributes: true, characterData: true,
  });
});
"""


# The sidebar's words for each stage (static/studio/js/jobs.js).
STAGE_WORDS = {
    "The Eye is looking": "ANALYZING",
    "In the Lounge": "IDLE",
    "Quality gate": "QUALITY_CHECK",
    "Needs a remaster": "QUALITY_FAILED",
    "Remastering": "REMASTERING",
    "Storyboard review": "STORYBOARD_REVIEW",
    "Rendering": "RENDERING",
    "Ready to watch": "COMPLETED",
}


# A scene card's inside (within its border, where it clips) and, for each review button, its box and the box of
# its label's text as drawn: a label cut off by the card shows as text outside the card or the button.
LAYOUT_SCRIPT = """card => {
  const r = (rect) => ({ left: rect.left, top: rect.top, right: rect.right, bottom: rect.bottom });
  const outer = card.getBoundingClientRect();
  const inside = {
    left: outer.left + card.clientLeft, top: outer.top + card.clientTop,
    right: outer.left + card.clientLeft + card.clientWidth, bottom: outer.top + card.clientTop + card.clientHeight,
  };
  const buttons = [...card.querySelectorAll(".traffic .btn")].map((button) => {
    const range = document.createRange();
    range.selectNodeContents(button);
    const text = r(range.getBoundingClientRect());
    return { label: button.textContent, box: r(button.getBoundingClientRect()), text };
  });
  return { card: inside, buttons };
}"""


def within(rect, box, slack=0.5):
    return (
        rect["left"] >= box["left"] - slack
        and rect["right"] <= box["right"] + slack
        and rect["top"] >= box["top"] - slack
        and rect["bottom"] <= box["bottom"] + slack
    )


def overlap(a, b):
    return a["left"] < b["right"] and b["left"] < a["right"] and a["top"] < b["bottom"] and b["top"] < a["bottom"]


def watched_page(context):
    context.add_init_script(WATCH_SCRIPT)
    return context.new_page()


def studio_log(page):
    return page.evaluate("window.__studioLog")


def test_every_scene_cards_buttons_fit_inside_the_card_on_a_1366_px_screen(worker, studio_context, tmp_path):
    context, watch = studio_context
    page = context.new_page()
    page.set_viewport_size({"width": 1366, "height": 768})
    register(page, "laptop")
    to_storyboard(page, tmp_path)
    scenes = page.get_by_test_id("scene")
    expect(scenes).to_have_count(3)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "storyboard-1366.png"), full_page=True)
    for index in range(scenes.count()):
        card = scenes.nth(index)
        card.scroll_into_view_if_needed()
        assert card.locator(".traffic .btn").all_inner_texts() == ["Approve", "Rewrite…", "Regenerate"]
        boxes = card.evaluate(LAYOUT_SCRIPT)
        inside, view = boxes["card"], {"left": 0, "top": 0, "right": 1366, "bottom": 768}
        for button in boxes["buttons"]:
            for part in ("box", "text"):
                rect = button[part]
                assert within(rect, inside), (index + 1, button["label"], part, rect, inside)
                assert within(rect, view), (index + 1, button["label"], part, rect, view)
            assert within(button["text"], button["box"]), (index + 1, button["label"], button)
        for a, b in zip(boxes["buttons"], boxes["buttons"][1:], strict=False):
            assert not overlap(a["box"], b["box"]), (index + 1, a, b)
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366
    assert_clean(watch)


def test_the_sidebar_shows_the_open_jobs_stage_in_the_same_update_as_the_panel(worker, studio_context, tmp_path):
    context, watch = studio_context
    page = watched_page(context)
    register(page, "insync")
    job_id = upload(page, tmp_path, photo_bytes())
    wait_for_stage(page, "IDLE")
    # The Lounge labels The Eye's objective pick; choosing another director is what the taste panel counts.
    objective = page.get_by_test_id("pitch").filter(has=page.get_by_test_id("objective-pick"))
    expect(objective).to_have_count(1)
    expect(objective.locator(".pitch__name")).to_have_text("The Provocateur")
    page.get_by_test_id("choose-visionary").click()
    wait_for_stage(page, "STORYBOARD_REVIEW")
    item = page.locator(f'.job-list__item[data-job-id="{job_id}"]')
    expect(item).to_contain_text("Storyboard review")

    log = studio_log(page)
    seen = [entry for entry in log if entry["main"] and entry["side"]]
    assert {"IDLE", "STORYBOARD_REVIEW"} <= {entry["main"] for entry in seen}
    apart = [entry for entry in seen if entry["main"] != STAGE_WORDS.get(entry["side"])]
    assert apart == [], apart[:5]
    expect(page.locator("#taste-body")).to_contain_text("other than The Eye's pick 100% of the time")
    assert_clean(watch)


def test_the_remaster_message_goes_when_the_remaster_is_done(worker, studio_context, tmp_path):
    context, watch = studio_context
    page = watched_page(context)
    register(page, "remastered")
    upload_by_dropping(page, dark_jpeg(), "dark.jpg")  # below the gate as shot, above it once remastered
    wait_for_stage(page, "IDLE")
    page.get_by_test_id("pitch").first.get_by_role("button").click()
    wait_for_stage(page, "QUALITY_FAILED")
    page.get_by_role("button", name="Remaster the image").click()
    expect(page.locator("#notices")).to_contain_text("Remastering started.")
    wait_for_stage(page, "STORYBOARD_REVIEW")
    expect(page.locator("#notices")).not_to_contain_text("Remastering started.", timeout=1000)

    stale = [e for e in studio_log(page) if e["main"] == "STORYBOARD_REVIEW" and "Remastering started." in e["notices"]]
    assert stale == [], stale[:3]
    assert_clean(watch)


def test_the_render_shows_the_time_left_and_the_download_is_named_after_the_upload(
    start_worker, studio_context, tmp_path
):
    context, watch = studio_context
    # Full-size frames, so the render lasts long enough to watch it move.
    start_worker(STUDIO_RENDER_WIDTH="1280", STUDIO_RENDER_HEIGHT="720", STUDIO_RENDER_FPS="24")
    page = context.new_page()
    register(page, "patient")
    to_storyboard(page, tmp_path)
    approve_every_scene(page)
    page.get_by_test_id("approve").click()
    wait_for_stage(page, "RENDERING")
    eta = page.get_by_test_id("render-eta")
    expect(eta).to_have_text(re.compile(r"· (about \d+ (s|min) left|almost done)$"), timeout=RENDER_TIMEOUT)
    expect(page.get_by_test_id("render-progress")).not_to_have_attribute("aria-valuenow", "0")
    wait_for_stage(page, "COMPLETED", timeout=RENDER_TIMEOUT)
    expect(page.get_by_role("link", name="Download MP4")).to_have_attribute("download", "photo.mp4")
    assert_clean(watch)


def test_after_ten_choices_the_lounge_shows_the_studio_note_the_confidence_and_preselects(
    worker, studio_context, tmp_path
):
    from accounts.models import User
    from learning.experiments import RECOMMENDED_FIRST
    from tests.e2e.test_card_layout import lounge_for, user_in
    from tests.learning.test_ranking import profile_after

    context, watch = studio_context
    # The Studio Note, the confidence and preselection belong to the recommended_first layout (all_cards shows
    # the four as equals: tests/e2e/test_card_layout.py), so the user is one in that arm.
    regular = user_in(RECOMMENDED_FIRST)
    taste = profile_after(["visionary"] * 12)
    User.objects.filter(pk=regular.pk).update(learning_consent=True, creative_profile=taste)
    page = lounge_for(context, regular, tmp_path)

    note = page.get_by_test_id("studio-note")
    expect(note).to_contain_text("Studio Note: Leans toward vibe")
    expect(page.get_by_test_id("confidence")).to_have_text(
        re.compile(r"The Studio Head is \d{1,3}% sure you'll choose")
    )
    preselected = page.get_by_test_id("pitch").filter(has=page.get_by_test_id("preselected"))
    expect(preselected).to_have_count(1)
    expect(preselected).to_have_class(re.compile(r"is-recommended"))
    expect(page.get_by_test_id("note-reply")).to_have_count(4)
    expect(page.get_by_test_id("note-reply").first).to_contain_text("vibe")
    # the preselected pitch's button has the focus: Enter chooses it
    name = preselected.locator(".pitch__name").inner_text()
    expect(preselected.locator(".pitch__choose .btn")).to_be_focused()
    page.keyboard.press("Enter")
    wait_for_stage(page, "STORYBOARD_REVIEW")
    assert User.objects.get(pk=regular.pk).creative_profile["totalSelections"] == 13
    assert name.startswith("The ")
    assert_clean(watch)


def test_a_new_user_sees_no_studio_note_and_nothing_preselected(worker, studio_context, tmp_path):
    context, watch = studio_context
    page = context.new_page()
    register(page, "newcomer")
    upload(page, tmp_path, photo_bytes())
    wait_for_stage(page, "IDLE")
    expect(page.get_by_test_id("pitch")).to_have_count(4)
    expect(page.get_by_test_id("studio-note")).to_have_count(0)
    expect(page.get_by_test_id("preselected")).to_have_count(0)
    expect(page.get_by_test_id("note-reply")).to_have_count(0)
    assert_clean(watch)
