"""The words the server writes for a job (the Studio Head's reasons, the directors' archetypes and quotes, engine
labels, The Eye's quality issues) are in the job's language, whatever language the request asks for; an English
job's are the English ones, unchanged."""

import re

import hanzidentifier
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from director import voices
from director.directors import ROSTER
from director.engines.eye import describe
from director.lounge import build_pitches
from director.models import VisionJob
from director.voices import forbidden_words, says_forbidden
from learning.explain import LEARNING_OFF, NEW_HERE, OBJECTIVE
from learning.studio_note import studio_note
from tests.flow import choose
from tests.learning.test_ranking import profile_after
from tests.photos import blurred_jpeg, photo_bytes

CJK = re.compile(r"[\u4e00-\u9fff]")
# Malay words these sentences are made of, and English ones no Malay sentence here has.
MALAY = {"imej", "ini", "anda", "pilihan", "untuk", "daripada", "gerakan", "gaya", "tempatan", "kabur", "ketajaman"}
ENGLISH = {"the", "image", "is", "your", "renderer", "motion", "pick", "new", "here", "blurred", "sharpness"}
# The request asks for another language than the job's: the job's wins.
OTHER = {"zh-CN": "en", "zh-TW": "ms", "ms": "zh-TW", "en": "zh-CN"}


def upload_blurred(api, captured, language):
    with captured(execute=True):
        response = api.post(
            "/api/v1/jobs/",
            {"image": SimpleUploadedFile("b.jpg", blurred_jpeg(), "image/jpeg"), "language": language},
            format="multipart",
            HTTP_ACCEPT_LANGUAGE=OTHER[language],
        )
    assert response.status_code == 201, response.json()
    job = VisionJob.objects.get(pk=response.json()["id"])
    assert job.status == "completed", job.error_message
    return job


def server_words(api, run, job, language):
    """Every word the server wrote for `job` that the page shows as it comes, read through the API."""
    header = {"HTTP_ACCEPT_LANGUAGE": OTHER[language]}
    pitches = api.get(f"/api/v1/jobs/{job.pk}/pitches/", **header).json()
    detail = api.get(f"/api/v1/jobs/{job.pk}/", **header).json()
    lounge = api.get(f"/api/v1/jobs/{job.pk}/director/", **header).json()
    choose(api, run, job, "newtonian")
    chosen = api.get(f"/api/v1/jobs/{job.pk}/director/", **header).json()
    return {
        "reasons": [p["reason"] for p in pitches],
        "archetypes": [p["archetype"] for p in pitches],
        "quotes": [p["quote"] for p in pitches],
        "engine_labels": [p["recommended_engine_label"] for p in pitches]
        + [chosen["engine_label"]]
        + [s["engine_label"] for s in chosen["scenes"]],
        "quality_issues": detail["analysis"]["quality_issues"],
        "lounge": lounge,
        "chosen": chosen,
    }


def assert_in_language(texts, language):
    assert texts and all(texts), texts
    joined = " ".join(texts)
    if language.startswith("zh"):
        assert all(len(CJK.findall(text)) >= 2 for text in texts), texts
        han = set(CJK.findall(joined))
        kinds = {hanzidentifier.identify(c) for c in han}
        if language == "zh-TW":
            assert hanzidentifier.SIMPLIFIED not in kinds, [c for c in han if hanzidentifier.is_simplified(c)]
        else:
            assert hanzidentifier.TRADITIONAL not in kinds, [c for c in han if hanzidentifier.is_traditional(c)]
        return kinds
    for text in texts:
        words = set(re.findall(r"[a-z]+", text.replace("The Eye", "").lower()))  # names stay as they are
        assert not CJK.search(text) and not words & ENGLISH, (words & ENGLISH, text)
    return set()


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["zh-CN", "zh-TW", "ms"])
def test_a_jobs_reasons_labels_quotes_and_quality_issues_are_in_its_language(
    api, run, django_capture_on_commit_callbacks, language
):
    job = upload_blurred(api, django_capture_on_commit_callbacks, language)
    words = server_words(api, run, job, language)
    english_issues = job.analysis_data["quality_issues"]
    assert any(issue.startswith("The image is blurred") for issue in english_issues)  # stored in English
    assert len(words["quality_issues"]) == len(english_issues)
    assert words["lounge"]["quality_issues"] == words["quality_issues"]
    assert {p["reason"] for p in words["lounge"]["pitches"]} == set(words["reasons"])
    kinds, everything = set(), []
    words["summaries"] = [words["lounge"]["invariant_visual_summary"], words["chosen"]["invariant_visual_summary"]]
    assert words["summaries"][0] == words["summaries"][1]  # the Lounge's "Every scene keeps" is the storyboard's
    for key in ("reasons", "archetypes", "quotes", "engine_labels", "quality_issues", "summaries"):
        kinds |= assert_in_language(words[key], language)
        everything += words[key]
    if language == "ms":
        assert len(set(re.findall(r"[a-z]+", " ".join(everything).lower())) & MALAY) >= 6, everything
    if language == "zh-TW":
        assert hanzidentifier.TRADITIONAL in kinds  # 圖, 導, 體...: written in Traditional, not only shared characters
    if language == "zh-CN":
        assert hanzidentifier.SIMPLIFIED in kinds
    # the numbers The Eye measured survive the translation
    sharpness = re.search(r"sharpness (\d+)/100", english_issues[0]).group(1)
    assert f"{sharpness}/100" in words["quality_issues"][0]


@pytest.mark.django_db
def test_an_english_jobs_words_are_the_english_ones_even_when_the_request_asks_for_chinese(
    api, run, django_capture_on_commit_callbacks
):
    job = upload_blurred(api, django_capture_on_commit_callbacks, "en")
    words = server_words(api, run, job, "en")
    assert set(words["reasons"]) <= {NEW_HERE, OBJECTIVE, LEARNING_OFF}
    assert sorted(words["archetypes"]) == sorted(d.archetype for d in ROSTER.values())
    assert sorted(words["quotes"]) == sorted(d.quote for d in ROSTER.values())
    assert words["chosen"]["engine_label"] == "Local renderer, Kling-style motion"
    assert set(words["engine_labels"]) <= {
        "Local renderer, Kling-style motion",
        "Local renderer, Luma-style motion",
        "Local renderer, Gemini Pro-style motion",
    }
    assert words["quality_issues"] == job.analysis_data["quality_issues"]
    summary = job.analysis_data["invariant_visual_summary"]
    assert summary.startswith("Keep the ")
    assert words["lounge"]["invariant_visual_summary"] == words["chosen"]["invariant_visual_summary"] == summary
    assert words["quality_issues"][0].startswith("The image is blurred (sharpness ")


def test_every_issue_the_eye_writes_reads_back_and_an_unknown_one_is_left_as_it_is():
    values = {"sharpness": 31, "brightness": 12, "percent": 40, "contrast": 20, "noise": "3.5", "width": 320}
    written = [template % (values | {"height": 240}) for template in describe.ISSUES]
    with translation.override("en"):
        assert describe.localised_issues(written) == written  # English in, the same English out
    with translation.override("zh-hant"):
        shown = describe.localised_issues([*written, "Lens flare in the corner"])
    assert shown[-1] == "Lens flare in the corner"
    assert all(CJK.search(text) for text in shown[:-1]), shown
    assert "320×240" in shown[-2] and "40%" in shown[3]


def note_words(api, user, captured, language, choices):
    """The Studio Note and the directors' answers to it, as the Lounge of a job in `language` shows them, for a
    user whose taste was learned from `choices`."""
    user.learning_consent = True
    user.creative_profile = profile_after(choices)
    user.save()
    job = upload_blurred(api, captured, language)
    pitches = api.get(f"/api/v1/jobs/{job.pk}/pitches/", HTTP_ACCEPT_LANGUAGE=OTHER[language]).json()
    notes = [p["studio_note"] for p in pitches if p["studio_note"]]
    replies = {p["director_id"]: p["note_reply"] for p in pitches}
    return job, notes, replies


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["zh-CN", "zh-TW", "ms"])
@pytest.mark.parametrize("choices", [["visionary"] * 10, ["minimalist"] * 10, ["newtonian", "provocateur"] * 4])
def test_the_studio_note_and_every_directors_answer_are_in_the_jobs_language_without_its_forbidden_words(
    api, user, django_capture_on_commit_callbacks, language, choices
):
    _, notes, replies = note_words(api, user, django_capture_on_commit_callbacks, language, choices)
    assert len(notes) == 1 and set(replies) == set(ROSTER)
    kinds = assert_in_language(notes + list(replies.values()), language)
    assert "Kling" in notes[0] or "Luma" in notes[0] or studio_note(user.creative_profile)["engine"] is None
    for director_id, reply in replies.items():
        assert not says_forbidden(reply, forbidden_words(ROSTER[director_id], language)), (director_id, reply)
    assert len(set(replies.values())) == len(ROSTER)  # each in its own voice
    if language == "ms":
        words = set(re.findall(r"[a-z]+", " ".join([*notes, *replies.values()]).lower()))
        assert len(words & {"cenderung", "kepada", "setiap", "bingkai", "ini", "versi", "dengan"}) >= 4, words
    if language == "zh-TW":
        assert hanzidentifier.TRADITIONAL in kinds
    if language == "zh-CN":
        assert hanzidentifier.SIMPLIFIED in kinds


@pytest.mark.django_db
def test_an_english_jobs_studio_note_and_answers_are_the_english_ones(api, user, django_capture_on_commit_callbacks):
    job, notes, replies = note_words(api, user, django_capture_on_commit_callbacks, "en", ["visionary"] * 10)
    assert notes == [studio_note(user.creative_profile)["text"]]
    assert notes[0].startswith("Leans toward vibe, favours Luma renders")
    english = build_pitches(job.analysis_data, job.brand_essence_prompt, profile=user.creative_profile)
    assert replies == {p["director_id"]: p["note_reply"] for p in english}
    assert replies["visionary"].startswith("For a taste that leans toward vibe")


def test_a_note_with_only_a_move_is_answered_with_the_move_and_a_formal_context_says_nin():
    note = {"dimension": None, "engine": None, "move": "push-in", "slow": True}
    formal = {"language": "zh-CN", "formality": "formal"}
    casual = {"language": "zh-CN", "formality": "casual"}
    assert voices.note_text(note, "zh-CN") == "喜欢缓慢推镜。"
    assert voices.note_reply(ROSTER["visionary"], note, formal) == "您的 Studio 笔记偏爱缓慢推镜：这一版正好有。"
    assert voices.note_reply(ROSTER["visionary"], note, casual).startswith("你的")
    assert voices.note_reply(ROSTER["newtonian"], {**note, "move": "tilt"}, {"language": "ms"}) == (
        "Nota Studio anda menggemari condong menegak perlahan: versi ini memotong dengan tolakan masuk."
    )
    assert voices.note_text({"dimension": None, "engine": None, "move": None}, "zh-TW") == (
        "暫無明顯偏好：每位導演都可以試試。"
    )
    assert voices.note_reply(ROSTER["visionary"], {"dimension": None, "move": None}, formal) is None


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["zh-CN", "zh-TW", "ms", "en"])
def test_the_subjects_and_the_focal_point_the_lounge_shows_are_named_in_the_jobs_language(
    api, django_capture_on_commit_callbacks, language
):
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(
            "/api/v1/jobs/",
            {"image": SimpleUploadedFile("a.jpg", photo_bytes("astronaut.jpg"), "image/jpeg"), "language": language},
            format="multipart",
            HTTP_ACCEPT_LANGUAGE=OTHER[language],
        )
    job = VisionJob.objects.get(pk=response.json()["id"])
    analysis = api.get(f"/api/v1/jobs/{job.pk}/", HTTP_ACCEPT_LANGUAGE=OTHER[language]).json()["analysis"]
    stored = job.analysis_data
    # the machine's values stay the stored English ones
    assert [s["label"] for s in analysis["subjects"]] == [s["label"] for s in stored["subjects"]]
    assert analysis["subjects"][0]["label"] == "face"
    assert analysis["focal_point"]["label"] == stored["focal_point"]["label"] == "face at the upper centre"
    shown = [s["label_text"] for s in analysis["subjects"]] + [analysis["focal_point"]["label_text"]]
    if language == "en":
        assert shown == [s["label"] for s in stored["subjects"]] + ["face at the upper centre"]
        return
    assert_in_language(shown, language)
    expected = {"zh-CN": "上方中央的人脸", "zh-TW": "上方中央的人臉", "ms": "wajah di bahagian atas tengah"}
    assert analysis["focal_point"]["label_text"] == expected[language]


@pytest.mark.parametrize(
    ("label", "language", "shown"),
    [
        ("dark maroon form at the centre", "zh-CN", "画面中央的深酒红色主体"),
        ("bright gold form at the lower right", "zh-TW", "右下方的明亮的金色主體"),
        ("words 'Meet at the park' at the lower centre", "zh-TW", "下方中央的文字「Meet at the park」"),
        ("cat face at the left side", "ms", "muka kucing di sisi kiri"),
        ("dark maroon form at the centre", "en", "dark maroon form at the centre"),
        ("a lighthouse on the left", "zh-CN", "a lighthouse on the left"),  # another provider's: as it is
        ("glowing orb at the centre", "ms", "glowing orb at the centre"),
    ],
)
def test_focal_labels_read_in_each_language_and_an_unknown_one_is_left_as_it_is(label, language, shown):
    assert voices.focal_label(label, language) == shown
