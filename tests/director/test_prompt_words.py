"""The directors read the prompt: its names, its purpose and its words appear in the pitches or the storyboard,
in each director's voice, and a director's forbidden words never do, whatever the prompt holds."""

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from director.brief import STOPWORDS
from director.directors import ROSTER
from director.engines.eye import LocalEye
from director.engines.pitch_writer import TemplatePitchWriter
from director.engines.storyboard import TemplateStoryboardWriter
from director.lounge import build_pitches
from tests.director.test_pitches import texts

IMAGES = Path(__file__).resolve().parent.parent / "images"
FORBIDDEN = sorted({word.lower() for d in ROSTER.values() for word in d.forbidden})
# Mood words, among them every director's forbidden words and words that hold one (dreamy, magical, safely).
MOODS = ["calm", "bold", "moody", "nostalgic", "playful", "bright", "warm", "cinematic", "dreamy", "magical",
         "glowing", "technically", "precise", "chaotic", "wild", "explosive", "safely", "conservative",
         "traditional", *FORBIDDEN]  # fmt: skip
CHANNELS = ["for Instagram", "for TikTok", "for our website", "for LinkedIn", ""]
LEADS = ["Launch teaser for", "A portrait of", "Show off", "Advert about", ""]


@pytest.fixture(scope="module")
def analysis():
    with Image.open(IMAGES / "coffee.jpg") as image:
        return LocalEye().analyze(image.convert("RGB"))


def everything(director, analysis, prompt, count=3):
    """Every sentence the director writes for this prompt: its pitch and its storyboard."""
    biased = {"physics": 6.0, "vibe": 6.0, "logic": 6.0}
    pitch = TemplatePitchWriter().write(director, analysis, biased, prompt)
    scenes = TemplateStoryboardWriter().write(director, analysis, scenes=count, prompt=prompt)
    board = [value for scene in scenes for value in scene.values() if isinstance(value, str)]
    return " ".join(texts({**pitch})), " ".join(board)


def test_a_product_a_mood_and_for_instagram_appear_in_every_directors_pitch_and_storyboard(analysis):
    prompt = "Launch teaser for Lumen Coffee: a calm, nostalgic morning ritual, for Instagram"
    for director in ROSTER.values():
        pitch, board = everything(director, analysis, prompt)
        assert "Lumen Coffee" in pitch and "Lumen Coffee" in board, director.id
        assert "for Instagram" in pitch and "for Instagram" in board, director.id
        for word in ("calm", "nostalgic", "ritual"):
            assert word in pitch or word in board, (director.id, word)


def test_each_director_says_it_in_its_own_voice(analysis):
    prompt = "Aurora sneakers, bold, for TikTok"
    visions = {d.id: everything(d, analysis, prompt)[0] for d in ROSTER.values()}
    assert len(set(visions.values())) == len(ROSTER)
    assert all("Aurora" in text for text in visions.values())


def test_a_forbidden_word_in_the_prompt_never_reaches_that_directors_text(analysis):
    prompt = "A dreamy, magical glow for Nova Perfume, technical and precise, safe, wild chaos"
    for director in ROSTER.values():
        pitch, board = everything(director, analysis, prompt)
        assert not director.uses_forbidden(pitch), (director.id, pitch)
        assert not director.uses_forbidden(board), (director.id, board)
        assert "Nova Perfume" in board
    # The words are kept by the directors allowed to say them.
    assert "dreamy" in " ".join(everything(ROSTER["minimalist"], analysis, prompt))
    assert "wild" in " ".join(everything(ROSTER["newtonian"], analysis, prompt))


def test_without_a_prompt_the_pitches_are_as_before(analysis):
    assert build_pitches(analysis) == build_pitches(analysis, prompt="")
    assert build_pitches(analysis, prompt="Lumen Coffee") != build_pitches(analysis)


name_part = st.from_regex(r"[A-Z][a-z]{3,8}", fullmatch=True).filter(lambda w: w.casefold() not in STOPWORDS)
prompts = st.fixed_dictionaries(
    {
        "lead": st.sampled_from(LEADS),
        "name": st.lists(name_part, min_size=1, max_size=2, unique=True).map(" ".join),
        "moods": st.lists(st.sampled_from(MOODS), min_size=1, max_size=4, unique=True),
        "channel": st.sampled_from(CHANNELS),
        "joiner": st.sampled_from([": ", ", ", " - ", ". "]),
    }
).filter(lambda p: not any(part.lower() in MOODS for part in p["name"].split()))


@settings(max_examples=60, derandomize=True, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(parts=prompts, count=st.integers(1, 6))
def test_generated_prompts_keep_their_distinctive_words_and_never_a_forbidden_one(analysis, parts, count):
    prompt = f"{parts['lead']} {parts['name']}{parts['joiner']}{', '.join(parts['moods'])} {parts['channel']}".strip()
    for director in ROSTER.values():
        pitch, board = everything(director, analysis, prompt, count)
        said = f"{pitch} {board}"
        assert not director.uses_forbidden(said), (director.id, prompt)
        for word in [*parts["name"].split(), *parts["moods"]]:
            if not director.uses_forbidden(word):  # a word the director may say is said
                assert word in said, (director.id, word, prompt)
        if parts["channel"]:
            assert parts["channel"] in said, (director.id, prompt)
