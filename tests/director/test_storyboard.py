import string

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from director.directors import ROSTER, get_director
from director.engines import get_engine
from director.engines.eye import LocalEye
from director.engines.storyboard import TemplateStoryboardWriter
from director.framing import CAMERAS, SHOTS
from tests.photos import photo_image

SCENE_KEYS = {
    "id", "sequence_index", "action_token", "invariant_token", "style_token", "shot", "camera", "duration",
    "transition", "status", "preview_url", "video_url", "user_feedback", "engine", "attempt_count",
}  # fmt: skip


@pytest.fixture(scope="module")
def analysis():
    return LocalEye().analyze(photo_image("coffee.jpg"))


@pytest.fixture
def writer():
    return TemplateStoryboardWriter()


def strings_of(scene):
    return [value for value in scene.values() if isinstance(value, str)]


def test_the_engine_registry_resolves_the_template_writer():
    assert isinstance(get_engine("storyboard_writer"), TemplateStoryboardWriter)


@pytest.mark.parametrize("director_id", sorted(ROSTER))
def test_it_writes_three_valid_scenes_by_default(writer, analysis, director_id):
    scenes = writer.write(get_director(director_id), analysis)

    assert len(scenes) == 3
    assert [s["sequence_index"] for s in scenes] == [1, 2, 3]
    assert len({s["id"] for s in scenes}) == 3
    for scene in scenes:
        assert SCENE_KEYS <= scene.keys()
        assert scene["shot"] in SHOTS and scene["camera"] in CAMERAS
        assert scene["duration"] == 5.0 and scene["transition"] in ("cut", "crossfade")
        assert scene["status"] == "PENDING" and scene["attempt_count"] == 0
        assert scene["preview_url"] is None and scene["video_url"] is None and scene["user_feedback"] is None
        assert 0 < len(scene["action_token"]) <= 2000
        assert scene["invariant_token"] and scene["style_token"]


def test_it_follows_the_director_shot_grammar(writer, analysis):
    director = get_director("provocateur")
    scenes = writer.write(director, analysis)

    assert [(s["shot"], s["camera"]) for s in scenes] == list(director.shot_grammar)


def test_it_writes_at_most_ten_scenes(writer, analysis):
    director = get_director("visionary")

    assert len(writer.write(director, analysis, scenes=10)) == 10
    with pytest.raises(ValueError):
        writer.write(director, analysis, scenes=11)
    with pytest.raises(ValueError):
        writer.write(director, analysis, scenes=0)


@pytest.mark.parametrize(("count", "duration"), [(1, 2.0), (4, 2.5), (10, 10.0)])
def test_it_writes_the_scenes_asked_for_at_the_length_asked_for(writer, analysis, count, duration):
    scenes = writer.write(get_director("newtonian"), analysis, scenes=count, duration=duration)

    assert [s["sequence_index"] for s in scenes] == list(range(1, count + 1))
    assert [s["duration"] for s in scenes] == [duration] * count
    assert scenes[-1]["beat"] == ("opening" if count == 1 else "closing")


@pytest.mark.parametrize("duration", [0.5, 10.5, float("nan"), "5", True])
def test_it_refuses_a_scene_length_out_of_bounds(writer, analysis, duration):
    with pytest.raises(ValueError):
        writer.write(get_director("newtonian"), analysis, duration=duration)


def test_it_reflects_the_analysis(writer, analysis):
    scenes = writer.write(get_director("minimalist"), analysis)
    text = " ".join(s["action_token"] for s in scenes)

    assert analysis["focal_point"]["label"] in text
    assert analysis["mood"] in text
    assert analysis["palette_names"][0] in text
    assert analysis["keywords"][0] in text
    assert scenes[0]["invariant_token"].startswith(analysis["invariant_visual_summary"].rstrip("."))
    assert scenes[0]["focus"] == {"x": analysis["focal_point"]["x"], "y": analysis["focal_point"]["y"]}


def test_it_speaks_in_each_directors_vocabulary(writer, analysis):
    for director in ROSTER.values():
        text = " ".join(" ".join(strings_of(s)) for s in writer.write(director, analysis)).lower()
        used = [word for word in director.vocabulary if word.lower() in text]
        assert len(used) >= 2, (director.id, used)


# Text an analysis might hold: printable noise with every director's forbidden words mixed in, in any case,
# inside longer words ("magical", "unsafe"), and with look-alike Unicode.
FORBIDDEN = sorted({word for d in ROSTER.values() for word in d.forbidden})
word = st.one_of(
    st.sampled_from(FORBIDDEN).map(str.lower),
    st.sampled_from(FORBIDDEN).map(str.upper),
    st.sampled_from(FORBIDDEN).map(lambda w: f"un{w.lower()}ly"),
    st.sampled_from(["ſafe", "Ｍａｇｉｃ", "drea\u0301m", "g\u200blow", "chaos\x00"]),
    st.text(alphabet=string.ascii_letters + " -#,.'", max_size=12),
    st.text(max_size=8),
)
phrase = st.lists(word, max_size=6).map(" ".join)
analyses = st.fixed_dictionaries(
    {
        "mood": phrase,
        "palette": st.lists(st.one_of(phrase, st.from_regex(r"#[0-9a-f]{6}", fullmatch=True)), max_size=5),
        "composition": phrase,
        "keywords": st.lists(phrase, max_size=6),
        "focal_point": st.fixed_dictionaries({"x": st.floats(0, 1), "y": st.floats(0, 1), "label": phrase}),
        "invariant_visual_summary": phrase,
    }
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(analysis=analyses, feedback=phrase.filter(lambda text: 0 < len(text.strip()) <= 400), count=st.integers(1, 10))
def test_it_never_uses_a_directors_forbidden_words(writer, analysis, feedback, count):
    for director in ROSTER.values():
        scenes = writer.write(director, analysis, scenes=count)
        takes = list(scenes) + [writer.regenerate(director, analysis, scenes[0])]
        try:
            takes.append(writer.rewrite(director, analysis, scenes[-1], feedback))
        except ValueError:  # feedback that is only control characters is empty once cleaned
            pass
        for scene in takes:
            for text in strings_of(scene):
                if text == scene.get("user_feedback"):
                    continue  # the user's own words are kept as they wrote them
                assert not director.uses_forbidden(text), (director.id, text)


def test_closer_warmer_feedback_tightens_the_shot_and_warms_the_grade(writer, analysis):
    director = get_director("newtonian")
    scene = writer.write(director, analysis)[1]  # medium, pan
    scene = {**scene, "attempt_count": 2}

    new = writer.rewrite(director, analysis, scene, "closer, warmer")

    assert (new["id"], new["sequence_index"]) == (scene["id"], scene["sequence_index"])
    assert SHOTS.index(new["shot"]) == SHOTS.index(scene["shot"]) + 1
    assert new["grade_adjust"]["warmth"] > 0
    assert '"closer, warmer"' in new["action_token"]
    assert new["action_token"] != scene["action_token"]
    assert "warmth +0.10" in new["style_token"]  # the newtonian's -0.05 plus the adjustment
    assert new["status"] == "PENDING" and new["user_feedback"] == "closer, warmer"
    assert new["attempt_count"] == 2


@pytest.mark.parametrize(
    ("feedback", "field", "expected"),
    [
        ("go wider", "shot", "wide"),
        ("tighter please", "shot", "close"),
        ("make it slower", "duration", 7.5),
        ("a bit faster", "duration", 3.33),
        ("8 seconds", "duration", 8.0),
        ("keep the camera static", "camera", "static"),
        ("zoom in on it", "camera", "push-in"),
        ("zoom out slowly", "camera", "pull-out"),
        ("tilt up", "camera", "tilt"),
        ("dissolve into this one", "transition", "crossfade"),
    ],
)
def test_feedback_intents_change_the_scene(writer, analysis, feedback, field, expected):
    director = get_director("newtonian")
    scene = {**writer.write(director, analysis)[1], "shot": "medium", "camera": "pan", "transition": "cut"}

    new = writer.rewrite(director, analysis, scene, feedback)

    assert new[field] == expected
    assert f'"{feedback}"' in new["action_token"]


@pytest.mark.parametrize(
    ("feedback", "key", "sign"), [("cooler", "warmth", -1), ("brighter", "brightness", 1), ("darker", "brightness", -1)]
)
def test_grade_feedback_is_stored_as_a_grade_adjustment(writer, analysis, feedback, key, sign):
    director = get_director("visionary")
    scene = writer.write(director, analysis)[0]

    new = writer.rewrite(director, analysis, scene, feedback)

    assert new["grade_adjust"][key] * sign > 0


def test_adjustments_accumulate_over_rewrites_and_stay_bounded(writer, analysis):
    director = get_director("visionary")
    scene = writer.write(director, analysis)[0]
    for _ in range(12):
        scene = writer.rewrite(director, analysis, scene, "warmer")

    assert scene["grade_adjust"]["warmth"] == 1.0


def test_feedback_is_sanitised_and_bounded(writer, analysis):
    director = get_director("minimalist")
    scene = writer.write(director, analysis)[0]

    new = writer.rewrite(director, analysis, scene, "  more\x00 light\n\n\tplease\x1b[31m ")

    assert new["user_feedback"] == "more light please [31m"
    assert "\x00" not in new["action_token"] and "\n" not in new["action_token"]
    with pytest.raises(ValueError):
        writer.rewrite(director, analysis, scene, "x" * 501)
    with pytest.raises(ValueError):
        writer.rewrite(director, analysis, scene, " \x00\n ")


def test_regenerate_gives_a_different_take_that_is_reproducible(writer, analysis):
    director = get_director("visionary")
    scene = writer.rewrite(director, analysis, writer.write(director, analysis)[1], "warmer")
    scene = {**scene, "attempt_count": 1}

    take = writer.regenerate(director, analysis, scene)

    assert take["shot"] != scene["shot"] and take["camera"] != scene["camera"]
    assert take["action_token"] != scene["action_token"]
    assert (take["id"], take["sequence_index"]) == (scene["id"], scene["sequence_index"])
    assert take["user_feedback"] is None and "grade_adjust" not in take
    assert take["attempt_count"] == 1
    assert writer.regenerate(director, analysis, scene) == take
    others = {
        (t["shot"], t["camera"])
        for t in (writer.regenerate(director, analysis, {**scene, "attempt_count": n}) for n in range(2, 6))
    }
    assert len(others | {(take["shot"], take["camera"])}) > 1
