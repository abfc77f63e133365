"""The admin in a real chromium: log in, filter and search the learning events, open one, open the dashboard."""

from pathlib import Path

import pytest

from tests.admin.builders import make_events, make_record
from tests.factories import UserFactory
from tests.jobs import make_job

SHOTS = Path(__file__).resolve().parents[2] / "screenshots" / "admin"

pytestmark = pytest.mark.browser


@pytest.fixture
def page(browser, live_server, settings):
    settings.SESSION_COOKIE_SECURE = False  # the live server speaks plain http
    settings.CSRF_COOKIE_SECURE = False
    SHOTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    yield context.new_page()
    context.close()


def test_staff_filter_search_and_inspect_learning_events_in_a_browser(page, live_server, transactional_db):
    UserFactory(username="boss", is_staff=True, is_superuser=True)
    alice = UserFactory(username="alice", email="alice@studio.test")
    events = make_events(80, users=[alice, UserFactory(username="bob")], seed=3)

    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "boss")
    page.fill("#id_password", "correct-horse-battery")
    page.click("input[type=submit]")
    page.wait_for_selector("#studio-learning-dashboard")
    page.screenshot(path=SHOTS / "index.png")

    page.click("text=Learning events")
    page.wait_for_selector("#result_list")
    assert page.locator("#result_list tbody tr").count() == 50
    assert "80 learning events" in page.locator(".paginator").inner_text()
    page.screenshot(path=SHOTS / "events.png", full_page=True)

    page.click("#changelist-filter a[href='?director=visionary']")
    page.wait_for_url("**director=visionary**")
    visionary = sum(1 for e in events if e.selected_director_id == "visionary")
    assert page.locator("#result_list tbody tr").count() == min(visionary, 50)
    assert set(page.locator("#result_list td.field-selected_director_id").all_inner_texts()) == {"visionary"}
    page.screenshot(path=SHOTS / "events-visionary.png", full_page=True)

    page.fill("#searchbar", "alice")
    page.press("#searchbar", "Enter")
    page.wait_for_url("**q=alice**")
    assert "director=visionary" in page.url  # the search keeps the filter
    assert set(page.locator("#result_list td.field-user").all_inner_texts()) == {"alice"}
    page.screenshot(path=SHOTS / "events-search.png", full_page=True)

    page.locator("#result_list td.field-event_time a").first.click()
    page.wait_for_selector("text=Pitches as shown")
    assert page.locator("text=✔ chosen").count() == 1
    assert page.locator(".studio-json-table").count() >= 4
    page.screenshot(path=SHOTS / "event.png", full_page=True)

    page.goto(f"{live_server.url}/admin/learning/learningevent/dashboard/")
    page.wait_for_selector("svg.studio-chart")
    assert page.locator("svg.studio-chart").count() == 2
    assert page.locator("svg.studio-chart rect title").count() > 0
    assert "The Studio Head's accuracy" in page.content()
    page.screenshot(path=SHOTS / "dashboard.png", full_page=True)

    page.goto(f"{live_server.url}/admin/accounts/user/{alice.pk}/change/")
    page.wait_for_selector("svg.studio-chart")
    page.locator(".field-creative_profile_view").screenshot(path=SHOTS / "user-profile.png")


def test_staff_see_a_jobs_storyboard_and_play_its_video_in_a_browser(page, live_server, transactional_db):
    UserFactory(username="boss", is_staff=True, is_superuser=True)
    job = make_job(UserFactory(), status="completed", physics_score=6.0, vibe_score=8.5, logic_score=4.0)
    make_record(job, statuses=("GREEN", "YELLOW", "RED"), status="completed", video=True)

    page.goto(f"{live_server.url}/admin/login/?next=/admin/director/visionjob/{job.pk}/change/")
    page.fill("#id_username", "boss")
    page.fill("#id_password", "correct-horse-battery")
    page.click("input[type=submit]")
    page.wait_for_selector(".studio-strip")
    previews = page.locator(".studio-scene img")
    assert previews.count() == 3
    page.wait_for_function(
        "() => Array.from(document.querySelectorAll('.studio-scene img')).every(i => i.naturalWidth > 0)"
    )
    page.wait_for_function("() => document.querySelector('video').readyState >= 1")  # the player read the header
    assert page.evaluate("() => document.querySelector('video').duration") > 0
    page.screenshot(path=SHOTS / "job.png", full_page=True)
