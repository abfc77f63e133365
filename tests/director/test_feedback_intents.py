"""A reviewer's feedback is understood in all four languages: the same words-to-changes as English, the rewrite
written in the job's language in the director's voice, never a forbidden word, never a server error."""

import re

import hanzidentifier
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from director import intents, voices
from director.directors import ROSTER
from director.engines import get_engine
from director.feedback import sanitise_feedback
from director.grading import scene_grade
from director.models import PromptRecord
from tests.director.test_voices import assert_in_language, assert_no_forbidden, texts_of_scene, upload_in
from tests.flow import choose, review, state
from tests.photos import photo_image

LANGUAGES = ("zh-CN", "zh-TW", "ms")
# One feedback per intent and language, as a reviewer would write it (a sentence, not the bare keyword).
FEEDBACK = {
    "closer": {
        "en": "Can we get closer to the cup?",
        "zh-CN": "能不能再近一点？",
        "zh-TW": "可以再近一點嗎？",
        "ms": "Boleh ambil lebih dekat lagi?",
    },
    "wider": {
        "en": "Go wider, show more of the table",
        "zh-CN": "太挤了，远一点",
        "zh-TW": "畫面太擠了，遠一點",
        "ms": "Terlalu rapat, tunjukkan lebih banyak meja",
    },
    "push_in": {
        "en": "a slow push in would be nice",
        "zh-CN": "镜头慢慢推上去",
        "zh-TW": "鏡頭往前推過去",
        "ms": "Cuba zum masuk pada cawan",
    },
    "pull_out": {
        "en": "zoom out at the end",
        "zh-CN": "结尾往后拉",
        "zh-TW": "結尾往後拉",
        "ms": "Di hujung, zum keluar",
    },
    "pan": {
        "en": "pan across the table",
        "zh-CN": "镜头横向摇过去",
        "zh-TW": "鏡頭橫向搖過去",
        "ms": "Pan ke kiri melintasi meja",
    },
    "tilt": {
        "en": "tilt up to the steam",
        "zh-CN": "往上摇到热气",
        "zh-TW": "往上搖到熱氣",
        "ms": "Sorot ke atas ke arah wap",
    },
    "static": {
        "en": "no camera movement here",
        "zh-CN": "这一镜固定机位就好",
        "zh-TW": "這一鏡固定機位就好",
        "ms": "Kamera pegun sahaja di sini",
    },
    "slower": {
        "en": "slower, let it linger",
        "zh-CN": "节奏再慢一点",
        "zh-TW": "節奏再慢一點",
        "ms": "Rentak terlalu laju, perlahankan",
    },
    "faster": {
        "en": "faster please",
        "zh-CN": "太拖了，快一点",
        "zh-TW": "太拖了，快一點",
        "ms": "Terlalu lama, cepatkan sikit",
    },
    "warmer": {
        "en": "warmer tones",
        "zh-CN": "色调偏暖一些",
        "zh-TW": "色調偏暖一些",
        "ms": "Warna lebih hangat",
    },
    "cooler": {
        "en": "make it cooler",
        "zh-CN": "太暖了，冷一点",
        "zh-TW": "太暖了，冷一點",
        "ms": "Warna lebih sejuk",
    },
    "brighter": {
        "en": "brighter",
        "zh-CN": "画面太暗了",
        "zh-TW": "畫面太暗了",
        "ms": "Terlalu gelap, cerahkan",
    },
    "darker": {
        "en": "darker and moodier",
        "zh-CN": "压暗一些",
        "zh-TW": "壓暗一些",
        "ms": "Lebih gelap sedikit",
    },
    "more_colour": {
        "en": "more colour",
        "zh-CN": "颜色再鲜艳一点",
        "zh-TW": "顏色再鮮豔一點",
        "ms": "Warna lebih pekat",
    },
    "less_colour": {
        "en": "more muted",
        "zh-CN": "降低饱和度",
        "zh-TW": "降低飽和度",
        "ms": "Kurangkan warna",
    },
    "more_contrast": {
        "en": "more contrast",
        "zh-CN": "对比度高一点",
        "zh-TW": "對比度高一點",
        "ms": "Tambah kontras",
    },
    "less_contrast": {
        "en": "less contrast",
        "zh-CN": "光线柔和一点",
        "zh-TW": "光線柔和一點",
        "ms": "Kurangkan kontras",
    },
    "crossfade": {
        "en": "dissolve into this one",
        "zh-CN": "用叠化转场",
        "zh-TW": "用疊化轉場",
        "ms": "Guna resapan silang",
    },
    "cut": {
        "en": "hard cut in",
        "zh-CN": "直接切过来",
        "zh-TW": "直接切過來",
        "ms": "Potong terus",
    },
}
SECONDS = {"en": "make it 3 seconds", "zh-CN": "改成三秒钟", "zh-TW": "改成3秒鐘", "ms": "Jadikan 3 saat"}
# The scene each intent starts from, so that what it asks for changes something.
START = {
    "closer": {"shot": "medium"},
    "wider": {"shot": "medium"},
    "static": {"camera": "pan"},
    "crossfade": {"transition": "cut"},
    "cut": {"transition": "crossfade"},
}
EFFECT_FIELDS = ("shot", "camera", "duration", "transition", "grade_adjust")


@pytest.fixture(scope="module")
def coffee():
    return get_engine("eye").analyze(photo_image("coffee.jpg"))


def start_scene(director, analysis, intent):
    scene = get_engine("storyboard_writer").write(director, analysis, scenes=3)[1]
    return {**scene, "shot": "medium", "camera": "static", "duration": 4.0, **START.get(intent, {})}


def rewrite(director, analysis, scene, feedback, language):
    """What scenes.rewrite_scene does: the writer applies the feedback, the voice writes it in the language."""
    new = get_engine("storyboard_writer").rewrite(director, analysis, scene, feedback)
    context = {"language": language}
    return voices.localise_rewrite(director, analysis, new, context, feedback=new["user_feedback"], before=scene)


def effect(scene):
    return {field: scene.get(field) for field in EFFECT_FIELDS}


def grade_numbers(style_token):
    return re.findall(r"[+-]?\d+\.\d\d", style_token)


def test_every_language_names_every_intent_in_its_own_script():
    for language in LANGUAGES:
        module = voices.voice(language)
        assert set(module.INTENTS) == set(intents.NAMES), language
        phrases = [p for words in module.INTENTS.values() for p in words]
        assert all(module.INTENTS[name] for name in intents.NAMES), language
        assert len(phrases) == len(set(phrases)), [p for p in phrases if phrases.count(p) > 1]  # one intent each
        if language == "ms":
            assert all(re.fullmatch(r"[a-z]+(?:[ -][a-z]+)*", p) for p in phrases)
            continue
        wrong = hanzidentifier.SIMPLIFIED if language == "zh-TW" else hanzidentifier.TRADITIONAL
        assert not [c for p in phrases + list(module.UNRELATED) for c in p if hanzidentifier.identify(c) == wrong]


@pytest.mark.parametrize("director_id", list(ROSTER))
@pytest.mark.parametrize("language", LANGUAGES)
def test_each_intent_changes_the_scene_as_the_english_feedback_does(coffee, language, director_id):
    director = ROSTER[director_id]
    for intent, said in FEEDBACK.items():
        scene = start_scene(director, coffee, intent)
        english = rewrite(director, coffee, scene, said["en"], "en")
        local = rewrite(director, coffee, scene, said[language], language)
        assert intents.recognise(said[language]) == intents.recognise(said["en"]) == [intent], (language, intent)
        assert effect(english) != effect(scene), intent  # the English feedback does change the scene...
        assert effect(local) == effect(english), (language, intent)  # ...and the same way in the language
        assert scene_grade(director, local) == scene_grade(director, english), intent
        assert grade_numbers(local["style_token"]) == grade_numbers(english["style_token"]), intent
        changes = voices.describe_changes(scene, local, language)
        assert changes, (language, intent)
        assert voices.revision_line(director, language, changes) in local["action_token"], intent
        assert voices.voice(language).REVISED[director_id] in local["action_token"]  # the director's own opening
        for text in texts_of_scene(local):
            assert_in_language(text, language)
            assert_no_forbidden(director_id, text, language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_length_in_seconds_is_read_in_every_language(coffee, language):
    director = ROSTER["minimalist"]
    scene = start_scene(director, coffee, "seconds")
    assert rewrite(director, coffee, scene, SECONDS[language], language)["duration"] == 3.0
    assert rewrite(director, coffee, scene, SECONDS["en"], "en")["duration"] == 3.0


@pytest.mark.parametrize(
    ("feedback", "expected", "seconds"),
    [
        ("再closer一点，lebih cerah，慢一點", ["closer", "slower", "brighter"], None),  # four languages in one line
        ("太暗了", ["brighter"], None),  # "too dark" holds 暗 (dark) but asks for light
        ("节奏太慢", ["faster"], None),
        ("更冷静一点", [], None),  # calmer, not cooler
        ("再快乐一点", [], None),  # happier, not faster
        ("竖摇镜头", ["tilt"], None),  # a tilt, though 摇镜 alone would read as a pan
        ("每一秒都要好看", [], None),  # every second: when, not how long
        ("第三秒推近", ["push_in"], None),  # the third second: when, not how long
        ("十二秒", [], 12.0),
        ("两秒钟", [], 2.0),
        ("Jangan terangkan apa-apa", [], None),  # terangkan is "explain", not lebih terang
        ("terlalu perlahan, 4 saat", ["faster"], 4.0),
        ("too dark, 2.5s", ["brighter"], 2.5),
    ],
)
def test_feedback_is_read_as_people_write_it(feedback, expected, seconds):
    assert intents.recognise(feedback) == expected
    assert intents.seconds(feedback) == seconds


# The API: a review in the job's language ----------------------------------------------------------------------

REVIEW = {
    "zh-CN": ("再近一点，节奏慢一点，色调暖一些", "按审阅意见重新校准", ("节奏放慢，时长 7.5 秒", "色温更暖")),
    "zh-TW": ("再近一點，節奏慢一點，色調暖一些", "依審閱意見重新校準", ("節奏放慢，時長 7.5 秒", "色溫更暖")),
    "ms": ("Lebih dekat, lebih perlahan dan lebih hangat", "Diukur semula mengikut maklum balas", (
        "rentak lebih perlahan (7.5 saat)", "rona lebih hangat",
    )),
}  # fmt: skip


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_a_review_in_the_jobs_language_changes_the_scene_and_says_so_in_the_newtonians_words(
    api, run, django_capture_on_commit_callbacks, language
):
    feedback, lead, said = REVIEW[language]
    job = upload_in(api, django_capture_on_commit_callbacks, language)
    current = choose(api, run, job, "newtonian")
    before = PromptRecord.objects.get(job=job).scenes_data[0]
    old_preview = api.get(current["scenes"][0]["preview_url"]).getvalue()
    response = review(api, run, job, before["id"], "YELLOW", current["version"], feedback=feedback)
    assert response.status_code == 200, response.json()
    shown = next(s for s in state(api, job)["scenes"] if s["id"] == before["id"])
    stored = next(s for s in PromptRecord.objects.get(job=job).scenes_data if s["id"] == before["id"])
    director = ROSTER["newtonian"]
    english = get_engine("storyboard_writer").rewrite(
        director, job.analysis_data, before, "closer, slower and warmer", prompt=job.brand_essence_prompt
    )
    assert effect(stored) == effect(english)  # what the English feedback would have done
    assert (shown["shot"], shown["camera"], shown["duration"]) == (english["shot"], english["camera"], 7.5)
    assert stored["grade_adjust"] == {"warmth": 0.15}
    action = shown["action_token"]
    assert lead in action and all(words in action for words in said), action
    assert voices.voice(language).CHANGES["closer"].split("{")[0] in action  # the framing change, named
    assert stored["user_feedback"] == sanitise_feedback(feedback)
    assert feedback in action  # quoted as written, its Chinese punctuation full-width again
    assert_in_language(action, language)
    for text in texts_of_scene(shown):
        assert_no_forbidden("newtonian", text, language)
    assert api.get(shown["preview_url"]).getvalue() != old_preview  # a new preview, of the closer shot


# Generated feedback ----------------------------------------------------------------------------------------

PHRASES = sorted(
    {p for lang in LANGUAGES for words in voices.voice(lang).INTENTS.values() for p in words}
    | set(FEEDBACK["closer"].values())
)
FORBIDDEN = sorted({w for d in ROSTER.values() for lang in LANGUAGES for w in voices.forbidden_words(d, lang)})
SCRIPTS = st.characters(
    codec="utf-8",
    categories=("L", "N", "P", "S", "Zs", "M", "Cc", "Cf"),
    exclude_characters="\x00",  # PostgreSQL's JSON cannot store it; the API turns it into a space anyway
)
HAN = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)


def feedback_strategy():
    """Mixed scripts: intent phrases and forbidden words of every language, Han and Latin text, any character."""
    piece = st.one_of(
        st.sampled_from(PHRASES),
        st.sampled_from(FORBIDDEN),
        st.text(HAN, min_size=1, max_size=8),
        st.text(st.sampled_from("abcdefghijklmnopqrstuvwxyz -"), min_size=1, max_size=12),
        st.text(SCRIPTS, max_size=10),
        st.from_regex(r"\d{1,2}(\.\d)? ?(s|saat|秒|秒鐘)", fullmatch=True),
        st.text(HAN, min_size=200, max_size=300),  # two of these are over the 500 characters a review may have
    )
    return st.lists(piece, max_size=8).flatmap(
        lambda parts: st.sampled_from(["", " ", "，", "、", ", "]).map(lambda sep: sep.join(parts))
    )


@settings(
    max_examples=150, deadline=None, derandomize=True, database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)  # fmt: skip
@given(feedback=feedback_strategy(), language=st.sampled_from(LANGUAGES), director_id=st.sampled_from(list(ROSTER)))
def test_generated_feedback_never_makes_a_director_say_a_forbidden_word(coffee, feedback, language, director_id):
    director = ROSTER[director_id]
    scene = start_scene(director, coffee, "any")
    try:
        local = rewrite(director, coffee, scene, feedback, language)
    except ValueError:  # empty or over-long feedback: the API's 400
        return
    for text in texts_of_scene(local):
        assert_no_forbidden(director_id, text, language)
    assert 1 <= local["duration"] <= 10 and local["shot"] and local["camera"]


@pytest.mark.django_db
@pytest.mark.parametrize("director_id", list(ROSTER))
@pytest.mark.parametrize("language", LANGUAGES)
def test_generated_feedback_through_the_api_is_a_rewrite_or_a_4xx_never_a_500(
    api, run, django_capture_on_commit_callbacks, language, director_id
):
    job = upload_in(api, django_capture_on_commit_callbacks, language)
    current = choose(api, run, job, director_id)
    scene_ids = [s["id"] for s in current["scenes"]]
    seen = {"reviews": 0}

    @settings(max_examples=12, deadline=None, derandomize=True, database=None, suppress_health_check=list(HealthCheck))
    @given(feedback=feedback_strategy())
    def check(feedback):
        version = state(api, job)["version"]
        scene_id = scene_ids[seen["reviews"] % len(scene_ids)]
        response = review(api, run, job, scene_id, "YELLOW", version, feedback=feedback)
        assert response.status_code < 500
        body = response.json()
        if response.status_code != 200:
            assert response.status_code == 400, body
            assert body["detail"] and body["code"], body
            return
        seen["reviews"] += 1
        rewritten = next(s for s in body["scenes"] if s["id"] == scene_id)
        for text in texts_of_scene(rewritten):
            assert_no_forbidden(director_id, text, language)

    check()
    assert seen["reviews"] >= 6  # most generated feedback is usable: the test did exercise rewrites
