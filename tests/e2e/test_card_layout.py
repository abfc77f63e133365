"""The Lounge laid out by the user's arm of the director_card_layout experiment, in a real browser:
recommended_first puts the Studio Head's pick first and highlights it; all_cards shows the four as equals."""

import re

import pytest

from learning.experiments import ALL_CARDS, RECOMMENDED_FIRST, arm_of
from tests.e2e.conftest import shot
from tests.e2e.test_web_studio import expect, upload, wait_for_stage
from tests.factories import UserFactory
from tests.photos import photo_bytes

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

ROSTER_NAMES = ["The Newtonian", "The Visionary", "The Minimalist", "The Provocateur"]


def user_in(arm):
    while True:
        user = UserFactory()
        if arm_of(user.pk) == arm:
            return user


def lounge_for(context, user, tmp_path):
    page = context.new_page()
    page.goto("/studio/login/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill("correct-horse-battery")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/studio/(#.*)?$"))
    upload(page, tmp_path, photo_bytes())
    wait_for_stage(page, "IDLE")
    expect(page.get_by_test_id("pitch")).to_have_count(4)
    return page


def test_the_lounge_follows_the_users_arm(worker, studio_context, tmp_path):
    context, watch = studio_context

    page = lounge_for(context, user_in(RECOMMENDED_FIRST), tmp_path)
    expect(page.get_by_test_id("pitches")).to_have_attribute("data-layout", RECOMMENDED_FIRST)
    first = page.get_by_test_id("pitch").first
    expect(first).to_have_class(re.compile(r"\bis-recommended\b"))
    expect(first.locator(".badge--recommended")).to_have_text("Recommended")
    expect(page.locator(".pitch .badge--recommended")).to_have_count(1)
    expect(page.locator(".pitch .btn--primary")).to_have_count(1)
    ranks = [int(r.lstrip("#")) for r in page.locator(".pitch__rank").all_inner_texts()]
    assert ranks[1:] == sorted(ranks[1:]) and sorted(ranks) == [1, 2, 3, 4]  # the rest in the Studio Head's order
    shot(page, "lounge-recommended-first")
    page.close()
    context.clear_cookies()  # signed out: the next person signs in

    page = lounge_for(context, user_in(ALL_CARDS), tmp_path)
    expect(page.get_by_test_id("pitches")).to_have_attribute("data-layout", ALL_CARDS)
    expect(page.locator(".pitch.is-recommended")).to_have_count(0)
    expect(page.locator(".pitch .badge--recommended")).to_have_count(0)
    expect(page.locator(".pitch .btn--primary")).to_have_count(0)
    expect(page.locator(".pitch__rank")).to_have_count(0)
    expect(page.locator(".pitch__name")).to_have_text(ROSTER_NAMES)  # the roster's order, not the ranking
    shot(page, "lounge-all-cards")
    page.close()
    assert watch.errors == []
