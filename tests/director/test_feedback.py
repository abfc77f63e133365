"""Review feedback is judged on what it says once invisible and control characters are gone."""

import pytest

from director.directors import get_director
from director.engines.storyboard import TemplateStoryboardWriter
from director.feedback import sanitise_feedback
from director.models import PromptRecord
from tests.flow import choose, review, state, upload_idle

INVISIBLE = [
    "\u200b",  # zero-width space
    "\u200c",  # zero-width non-joiner
    "\u200d",  # zero-width joiner
    "\u2060",  # word joiner
    "\ufeff",  # byte order mark
    "\u202e",  # right-to-left override
    "\u2066",  # left-to-right isolate
    "\u00ad",  # soft hyphen
    "\x00",
    "\x1b",
    "\x85",
]


@pytest.mark.parametrize("char", INVISIBLE, ids=lambda c: f"U+{ord(c):04X}")
def test_invisible_and_control_characters_say_nothing(char):
    assert sanitise_feedback(char * 50) == ""
    assert sanitise_feedback(f"closer{char}please") in ("closerplease", "closer please")


def test_visible_text_survives_cleaning():
    assert (
        sanitise_feedback("  warmer,\tcloser\n\u00e9t\u00e9 \U0001f3ac ") == "warmer, closer \u00e9t\u00e9 \U0001f3ac"
    )


def test_the_writer_refuses_what_the_api_would_refuse():
    writer = TemplateStoryboardWriter()
    director = get_director("newtonian")
    scene = {"id": "s", "sequence_index": 1, "attempt_count": 0, "shot": "wide", "camera": "pan", "duration": 5.0}
    with pytest.raises(ValueError):
        writer.rewrite(director, {}, scene, "\u200b" * 500)


def test_feedback_of_500_zero_width_spaces_is_empty_and_spends_no_rewrite(api, upload, run):
    job = upload_idle(upload)
    current = choose(api, run, job)
    scene = current["scenes"][0]
    response = review(api, run, job, scene["id"], "YELLOW", current["version"], "\u200b" * 500)
    assert response.status_code == 400, response.json()
    assert response.json()["code"] == "invalid"
    assert "feedback is empty" in response.json()["detail"]
    after = state(api, job)
    assert after["version"] == current["version"]
    assert after["scenes"][0]["attempt_count"] == scene["attempt_count"] == 0
    assert PromptRecord.objects.get(job=job).scenes_data[0]["attempt_count"] == 0


def test_the_500_character_limit_counts_what_is_left(api, upload, run):
    job = upload_idle(upload)
    current = choose(api, run, job)
    scene = current["scenes"][0]
    padded = "closer and warmer" + "\u200b\ufeff\u202e" * 300
    response = review(api, run, job, scene["id"], "YELLOW", current["version"], padded)
    assert response.status_code == 200, response.json()
    rewritten = next(s for s in response.json()["scenes"] if s["id"] == scene["id"])
    assert rewritten["user_feedback"] == "closer and warmer"
    assert rewritten["attempt_count"] == 1


# Drawn as nothing though Unicode files them as letters, marks or symbols: they say nothing either.
BLANK = {
    "hangul filler x50": "\u3164" * 50,
    "hangul choseong filler": "\u115f",
    "hangul jungseong filler": "\u1160",
    "halfwidth hangul filler": "\uffa0",
    "braille blank x50": "\u2800" * 50,
    "combining grapheme joiner": "\u034f",
    "lone combining acute x20": "\u0301" * 20,
    "variation selector 16": "\ufe0f",
    "variation selector 17": "\U000e0100",
    "mongolian free variation selector": "\u180b",
    "khmer inherent vowel": "\u17b4",
    "object replacement character": "\ufffc",
    "musical null notehead": "\U0001d159",
    "zero-width space and hangul filler": "\u200b\u3164" * 25,
}

SAYS_SOMETHING = {
    "english": "closer and warmer",
    "chinese": "\u4e2d\u6587\uff1a\u66f4\u6e29\u6696\u4e00\u4e9b",
    "malay": "lebih dekat dan lebih hangat",
    "korean": "\ud55c\uad6d\uc5b4 \ub354 \ub530\ub73b\ud558\uac8c",
    "emoji only": "\U0001f525\U0001f525",
    "accented": "\u00e9t\u00e9 plus chaud, cafe\u0301",
}


@pytest.mark.parametrize("feedback", BLANK.values(), ids=BLANK.keys())
def test_blank_look_alikes_say_nothing(feedback):
    assert sanitise_feedback(feedback) == ""
    if not feedback.startswith("\u0301"):  # a combining accent joins the letter before it, as it should
        assert sanitise_feedback(f"closer{feedback}please") == "closerplease"


@pytest.mark.parametrize("feedback", BLANK.values(), ids=BLANK.keys())
def test_feedback_drawn_as_nothing_is_empty_and_spends_no_rewrite(api, upload, run, feedback):
    job = upload_idle(upload)
    current = choose(api, run, job)
    scene = current["scenes"][0]
    response = review(api, run, job, scene["id"], "YELLOW", current["version"], feedback)
    assert response.status_code == 400, response.json()
    assert response.json()["code"] == "invalid"
    assert "feedback is empty" in response.json()["detail"]
    after = state(api, job)
    assert after["version"] == current["version"]
    assert after["scenes"][0]["attempt_count"] == 0
    assert PromptRecord.objects.get(job=job).scenes_data[0]["attempt_count"] == 0


@pytest.mark.parametrize("feedback", SAYS_SOMETHING.values(), ids=SAYS_SOMETHING.keys())
def test_feedback_in_any_script_is_a_rewrite(api, upload, run, feedback):
    job = upload_idle(upload)
    current = choose(api, run, job)
    scene = current["scenes"][0]
    response = review(api, run, job, scene["id"], "YELLOW", current["version"], feedback)
    assert response.status_code == 200, response.json()
    rewritten = next(s for s in response.json()["scenes"] if s["id"] == scene["id"])
    assert rewritten["user_feedback"] == sanitise_feedback(feedback) != ""
    assert rewritten["attempt_count"] == 1
