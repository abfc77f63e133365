"""The Lounge's own words, written by the page's scripts, in the user's language: Traditional Chinese for a zh-TW
user, English for an English one, on the same page after the same upload."""

import re

import pytest

from tests.e2e.conftest import shot
from tests.e2e.test_card_layout import lounge_for
from tests.e2e.test_web_studio import assert_clean, expect
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def user_speaking(language):
    return UserFactory(cultural_context={"language": language, "source": "user_explicit"})


def test_the_lounge_speaks_traditional_chinese_to_a_zh_tw_user_and_english_to_an_english_one(
    worker, studio_context, tmp_path
):
    context, watch = studio_context

    # The browser asks for English (Chromium's default); the user's cultural context says zh-TW.
    page = lounge_for(context, user_speaking("zh-TW"), tmp_path)
    expect(page.locator("html")).to_have_attribute("lang", "zh-hant")
    expect(page.get_by_test_id("choose-newtonian")).to_have_text("選擇 The Newtonian")
    expect(page.get_by_test_id("choose-provocateur")).to_have_text("選擇 The Provocateur")
    expect(page.get_by_test_id("pitch").first.locator(".beats dt")).to_have_text(["願景", "安全", "魔力"])
    expect(page.get_by_role("heading", name="導演休息室")).to_be_visible()
    expect(page.locator("#lounge-title + p")).to_contain_text("四位導演讀過 The Eye 的分析")
    expect(page.get_by_test_id("stage-indicator")).to_contain_text("品質關卡")
    expect(page.locator(".job-list__item.is-current .badge")).to_have_text("在休息室")
    expect(page.locator(".job__title")).to_contain_text("開始於")
    expect(page.locator(".lounge__remaster label")).to_have_text("無論品質評分如何，都先重製圖片再寫分鏡")
    expect(page.locator(".pitch--newtonian .chip--risk-safe")).to_have_text("風險：穩妥 20%")
    expect(page.locator(".pitch--newtonian .pitch__board summary")).to_have_text("場景板")
    lounge = page.locator("#job").inner_text()
    for english in ("Choose ", "Safety", "Magic", "Director's Lounge", "Risk ", "Scene board", "Started"):
        assert english not in lounge, english
    shot(page, "lounge-zh-TW")
    page.close()
    context.clear_cookies()  # signed out: the next person signs in

    page = lounge_for(context, user_speaking("en"), tmp_path)
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_test_id("choose-newtonian")).to_have_text("Choose The Newtonian")
    expect(page.get_by_test_id("choose-provocateur")).to_have_text("Choose The Provocateur")
    expect(page.get_by_test_id("pitch").first.locator(".beats dt")).to_have_text(["Vision", "Safety", "Magic"])
    expect(page.get_by_role("heading", name="The Director's Lounge")).to_be_visible()
    expect(page.locator(".pitch--newtonian .chip--risk-safe")).to_have_text("Risk Safe 20%")
    expect(page.get_by_test_id("stage-indicator")).to_contain_text("Quality gate")
    expect(page.locator(".job-list__item.is-current .badge")).to_have_text("In the Lounge")
    expect(page.locator(".job__title")).to_contain_text(re.compile(r"Started \w"))
    assert not re.search(r"[\u4e00-\u9fff]", page.locator(".pitch__choose").first.inner_text())
    shot(page, "lounge-en")
    assert_clean(watch)
