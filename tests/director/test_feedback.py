"""Review feedback is judged on what it says once invisible and control characters are gone."""

import pytest

from director.directors import get_director
from director.engines.storyboard import TemplateStoryboardWriter
from director.feedback import sanitise_feedback
from director.models import PromptRecord
from tests.api import conftest as api_fixtures
from tests.api.flow import choose, review, state, upload_idle

upload, run = api_fixtures.upload, api_fixtures.run  # the API suite's fixtures, shared

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
