"""Each director's voice in Studio's four languages, and the forbidden words each may not say in each.

English is written by the template engines (director/engines/pitch_writer.py, storyboard.py); this module
adds the register line (formality and warmth) to an English pitch, and for zh-CN, zh-TW and ms replaces the
words of a pitch or a storyboard with the director's own, written by hand in director/voices/<language>.py.
Forbidden words are enforced here for every language: the director's English list (user text may be English)
and the language's own, checked on every slot and again on every finished sentence.
"""

import hashlib
import json
import re
from importlib import import_module

from director import culture
from director.brand import product_and_point
from director.directors import dominant_dimension
from director.engines.eye.colour import colour_name
from director.framing import SHOTS, finite_number
from director.grading import clamp_adjust, scene_grade

MODULES = {"zh-CN": "zh_CN", "zh-TW": "zh_TW", "ms": "ms"}
SCENE_TIMES = {"start": 0, "middle": 2.5, "end": 5}

# English's register line: formality picks the form of address, warmth the feeling (neutral adds none).
ENGLISH_REGISTER = {
    "casual": {"warm": "You'll love this:", "objective": "In short:"},
    "professional": {"warm": "Gladly, for you:", "objective": "Proposal:"},
    "formal": {"warm": "With our warm regards:", "objective": "Formal proposal:"},
}


def voice(language):
    """The voice module of a language other than English."""
    return import_module(f"director.voices.{MODULES[language]}")


def forbidden_words(director, language):
    """What `director` may not say in `language`: its English words, and that language's."""
    words = tuple(director.forbidden)
    if language in MODULES:
        words += tuple(voice(language).FORBIDDEN.get(director.id, ()))
    return words


def says_forbidden(text, words):
    folded = str(text).casefold()
    return any(word.casefold() in folded for word in words)


def scrub(text, words):
    """`text` with every forbidden word taken out, case-insensitive, also inside longer words."""
    text, before = str(text), None
    while text != before:  # a removal can join two halves into a word: repeat until nothing changes
        before = text
        for word in words:
            text = re.sub(re.escape(word), "", text, flags=re.IGNORECASE)
    return " ".join(text.split())


def register_line(context, language):
    band = culture.warmth_band(context)
    if band == "neutral":
        return ""
    table = ENGLISH_REGISTER if language == "en" else voice(language).REGISTER
    return table[culture.normalised(context)["formality"]][band]


# --- The Eye's words in a language ----------------------------------------------------------------------------


def local_word(word, language):
    """The Eye's English `word` (a colour, mood, keyword, composition) in `language`, or None if unknown."""
    if not isinstance(word, str):
        return None
    return voice(language).GLOSSARY.get(word.strip().lower())


def _colours(analysis, language):
    names = analysis.get("palette_names")
    if not (isinstance(names, list | tuple) and names):
        names = []
        for value in analysis.get("palette") or ():
            try:
                names.append(colour_name(str(value)))
            except ValueError:
                continue
    return list(dict.fromkeys(w for w in (local_word(n, language) for n in names) if w))


def local_focal(label, language):
    """ "dark maroon form at the centre" in `language`: its tone and colour named in that language."""
    if not isinstance(label, str):
        return None
    words = re.split(r"\s+at the\s+", label.strip().lower(), maxsplit=1)[0].split()
    words = [w for w in words if w != "form"]
    tone = words[0] if words and words[0] in ("bright", "dark") else ""
    colour = " ".join(words[1:] if tone else words)
    named = local_word(colour, language)
    if not named:
        return None
    module = voice(language)
    return " ".join(module.FOCAL.format(tone=module.GLOSSARY.get(tone, "") if tone else "", colour=named).split())


def subject_label(label, language):
    """What The Eye calls a subject ("face", "cat face"...) in `language`; English, or a label it does not know
    (another provider's), as it is."""
    if language not in MODULES or not isinstance(label, str):
        return label
    return voice(language).SUBJECTS.get(label, label)


def focal_label(label, language):
    """The focal point's label ("face at the upper centre", "dark maroon form at the centre", "words 'Sale' at the
    lower centre") in `language`; English, or a label not written like The Eye's, as it is."""
    if language not in MODULES or not isinstance(label, str):
        return label
    module = voice(language)
    what, _, place = label.rpartition(" at the ")
    quoted = re.fullmatch(r"words '(.*)'", what, flags=re.DOTALL)
    if quoted:
        subject = module.QUOTED_WORDS.format(quoted.group(1))
    else:
        subject = module.SUBJECTS.get(what) or local_focal(what, language)
    if not subject or place not in module.PLACES:
        return label
    return module.FOCAL_AT.format(subject=subject, place=module.PLACES[place])


def describe(analysis, language):
    """The Eye's words about the image in `language`: palette, mood, composition, keywords, focal point, summary."""
    analysis = analysis if isinstance(analysis, dict) else {}
    module = voice(language)
    focal = analysis.get("focal_point")
    palette = _colours(analysis, language)
    mood = local_word(analysis.get("mood"), language)
    composition = local_word(analysis.get("composition"), language)
    out = {
        "palette": palette,
        "mood": mood,
        "composition": composition,
        "keywords": [w for w in (local_word(k, language) for k in analysis.get("keywords") or ()) if w],
        "focal_point": local_focal(focal.get("label") if isinstance(focal, dict) else None, language),
    }
    out["summary"] = module.LABELS["invariant"].format(
        palette=module.SEPARATOR.join(palette[:3]) or module.PITCH["minimalist"]["fallback"]["colour"],
        mood=mood or module.PITCH["minimalist"]["fallback"]["mood"],
        composition=composition or module.PITCH["minimalist"]["fallback"]["composition"],
    )
    return out


# --- Pitches ------------------------------------------------------------------------------------------------


def _pick(seed, count, *parts):
    digest = hashlib.sha256((seed + "|" + "|".join(parts)).encode()).digest()
    return int.from_bytes(digest[:8], "big") % count


def _seed(analysis, biased):
    keys = ("mood", "palette", "palette_names", "composition", "focal_point", "keywords")
    material = {k: analysis.get(k) for k in keys} | {"biased": biased}
    return hashlib.sha256(json.dumps(material, sort_keys=True, default=str).encode()).hexdigest()


def _slots(director, analysis, biased, language):
    module, words = voice(language), forbidden_words(director, language)
    table = module.PITCH[director.id]
    fallback = table["fallback"]
    seen = describe(analysis, language)

    def ok(value):
        return bool(value) and not says_forbidden(value, words)

    colours = [c for c in seen["palette"] if ok(c)]
    keywords = [k for k in seen["keywords"] if ok(k)]
    colour = colours[0] if colours else fallback["colour"]
    return {
        "focal": seen["focal_point"] if ok(seen["focal_point"]) else fallback["focal"],
        "colour": colour,
        "colour2": next((c for c in colours if c != colour), fallback["colour2"]),
        "mood": seen["mood"] if ok(seen["mood"]) else fallback["mood"],
        "keyword": keywords[0] if keywords else fallback["keyword"],
        "composition": seen["composition"] if ok(seen["composition"]) else fallback["composition"],
        "dimension": table["dimension"][dominant_dimension(biased)],
    }


def _sentence(text, words):
    """Scrubbed; in a Latin script each sentence opens with a capital (a slot may start one)."""
    text = scrub(text, words)
    return re.sub(r"(^|[.!?]\s+)([a-z])", lambda m: m.group(1) + m.group(2).upper(), text)


BRAND_LINE = {
    "en": "{product}: {point}.",
    "zh-CN": "{product}：{point}。",
    "zh-TW": "{product}：{point}。",
    "ms": "{product}: {point}.",
}


def _with_brand(pulse, brand, language, words):
    """The magic beat closed by the product's name and its first selling point, when the brand gave them."""
    product, point = product_and_point(brand)
    product, point = scrub(product, words), scrub(point, words)
    if not (product and point):
        return pulse
    line = BRAND_LINE[language].format(product=product, point=point)
    return {**pulse, "magic": f"{pulse['magic']} {line}"}


# --- The Studio Note and the directors' answers to it -------------------------------------------------------


def note_text(note, language):
    """The Studio Note `note` (learning/studio_note.py's data) as one sentence in `language` (not English)."""
    table = voice(language).NOTE
    move = note.get("move")
    parts = []
    if note.get("dimension") in table["dimensions"]:
        parts.append(table["lean"].format(dimension=table["dimensions"][note["dimension"]]))
    if note.get("engine"):
        parts.append(table["engine"].format(engine=note["engine"].capitalize()))
    if move:
        slow = table["slow"] if note.get("slow") else ""
        parts.append(table["move"].format(slow=slow, move=table["moves"].get(move, move)))
    if not parts:
        return table["none"]
    text = table["separator"].join(parts) + table["end"]
    return text[0].upper() + text[1:]


def note_reply(director, note, context):
    """`director`'s one sentence on the Studio Note `note` in the context's language (not English), in its own
    words and without its forbidden ones; None without a note, or with nothing in it to answer."""
    if not note or not (note.get("dimension") or note.get("move")):
        return None
    normal = culture.normalised(context)
    module, words = voice(normal["language"]), forbidden_words(director, normal["language"])
    table, answers = module.NOTE, module.NOTE_ANSWERS
    you = module.ADDRESS[normal["formality"]]
    dimension, move = note.get("dimension"), note.get("move")
    slow = table["slow"] if note.get("slow") else ""
    moves = [m for _, m in director.shot_grammar]
    named = table["moves"].get(move, move)
    if dimension:
        lead = module.NOTE_REPLIES[director.id].format(
            you=you, dimension=table["dimensions"][dimension], word=module.PITCH[director.id]["dimension"][dimension]
        )
        kept, other = answers["kept"], answers["other"]
    else:
        lead = answers["move_only"].format(you=you, slow=slow, move=named)
        kept, other = answers["only_kept"], answers["only_other"]
    if not move:
        text = lead + answers["end"]
    elif move in moves:
        text = kept.format(lead=lead, you=you, slow=slow, move=named)
    else:
        text = other.format(lead=lead, slow=slow, move=named, own=table["moves"][moves[-1]])
    return _sentence(text, words)


def localise_pitch(director, analysis, biased, written, context, *, brand=None, note=None):
    """The pitch `written` for `director`, in the context's language and register, naming the brand's product,
    answering the Studio Note `note` in that language."""
    language = culture.normalised(context)["language"]
    line = register_line(context, language)
    if language == "en":
        pulse = dict(written["three_beat_pulse"])
        if line:
            pulse["vision"] = scrub(f"{line} {pulse['vision']}", director.forbidden)
        return {**written, "three_beat_pulse": _with_brand(pulse, brand, language, director.forbidden)}
    module, words = voice(language), forbidden_words(director, language)
    table = module.PITCH[director.id]
    slots = _slots(director, analysis, biased, language)
    seed = _seed(analysis, biased)
    pulse = {}
    for beat in ("vision", "safety", "magic"):
        variants = table[beat]
        pulse[beat] = _sentence(variants[_pick(seed, len(variants), director.id, beat)].format(**slots), words)
    if line:
        pulse["vision"] = _sentence(f"{line}{'' if language.startswith('zh') else ' '}{pulse['vision']}", words)
    pulse = _with_brand(pulse, brand, language, words)
    board = {}
    for (moment, time), text, (shot, move) in zip(
        SCENE_TIMES.items(), table["scenes"], director.shot_grammar, strict=True
    ):
        camera = f"{module.SHOTS.get(shot, shot)}{module.SEPARATOR}{module.CAMERAS.get(move, move)}"
        board[moment] = {"time": time, "visual": _sentence(text.format(**slots), words), "camera": camera}
    return {"three_beat_pulse": pulse, "scene_board": board, "note_reply": note_reply(director, note, context)}


# --- Storyboards ----------------------------------------------------------------------------------------------


def _story_slots(director, analysis, language):
    module, words = voice(language), forbidden_words(director, language)
    fallback = module.PITCH[director.id]["fallback"]
    seen = describe(analysis, language)
    palette = [c for c in seen["palette"] if not says_forbidden(c, words)][:3]
    mood = seen["mood"] if seen["mood"] and not says_forbidden(seen["mood"], words) else fallback["mood"]
    focal = seen["focal_point"]
    keywords = [k for k in seen["keywords"] if not says_forbidden(k, words)][:5]
    composition = seen["composition"] if seen["composition"] and not says_forbidden(seen["composition"], words) else ""
    return {
        "subject": focal if focal and not says_forbidden(focal, words) else fallback["focal"],
        "mood": mood,
        "palette": module.SEPARATOR.join(palette) or fallback["colour"],
        "keywords": module.SEPARATOR.join(keywords) or fallback["keyword"],
        "composition": composition or fallback["composition"],
    }


def localise_scene(director, analysis, scene, context, *, extra=""):
    """`scene` (as the English writer wrote it: shot, camera, beat, grade) with its tokens in the job's language."""
    language = culture.normalised(context)["language"]
    if language == "en":
        return scene
    module, words = voice(language), forbidden_words(director, language)
    slots = _story_slots(director, analysis, language)
    story = module.STORY[director.id]
    beat = scene.get("beat") if scene.get("beat") in ("opening", "middle", "closing") else "middle"
    action = story[beat].format(
        shot=module.SHOTS.get(scene.get("shot"), module.SHOTS["medium"]),
        camera=module.CAMERAS.get(scene.get("camera"), module.CAMERAS["static"]),
        subject=slots["subject"],
        mood=slots["mood"],
        palette=slots["palette"],
    )
    action = f"{action} {module.LABELS['keywords'].format(slots['keywords'])}"
    if extra:
        action = f"{action} {extra}"
    grade = scene_grade(director, scene)
    return {
        **scene,
        "action_token": _sentence(action, words)[:2000],
        "invariant_token": scrub(
            module.LABELS["invariant"].format(
                palette=slots["palette"], mood=slots["mood"], composition=slots["composition"]
            ),
            words,
        ),
        "style_token": scrub(f"{story['style']} {module.LABELS['grade'].format(**grade)}", words),
    }


def localise_storyboard(director, analysis, scenes, context):
    return [localise_scene(director, analysis, scene, context) for scene in scenes]


# What a rewrite changed, compared field by field: (change, the word for the grade's direction).
GRADE_CHANGES = {
    "warmth": ("warmer", "cooler"),
    "brightness": ("brighter", "darker"),
    "saturation": ("more_colour", "less_colour"),
    "contrast": ("more_contrast", "less_contrast"),
}


# Punctuation after a Chinese character, in its full-width form (NFKC turned "，" into ",").
FULL_WIDTH = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！"}
CJK_PUNCTUATION = re.compile(r"(?<=[\u3400-\u9fff\uf900-\ufaff])[,;:?!]")


def describe_changes(before, after, language):
    """What `after` changed of `before` (framing, camera, length, transition, grade), in `language`'s words."""
    module = voice(language)
    words = module.CHANGES
    out = []
    old_shot, new_shot = before.get("shot"), after.get("shot")
    if old_shot in SHOTS and new_shot in SHOTS and old_shot != new_shot:
        key = "closer" if SHOTS.index(new_shot) > SHOTS.index(old_shot) else "wider"
        out.append(words[key].format(shot=module.SHOTS[new_shot].lower()))
    if after.get("camera") in module.CAMERAS and after.get("camera") != before.get("camera"):
        out.append(words["camera"].format(camera=module.CAMERAS[after["camera"]]))
    old, new = finite_number(before.get("duration"), None), finite_number(after.get("duration"), None)
    if old is not None and new is not None and abs(new - old) > 1e-6:
        out.append(words["slower" if new > old else "faster"].format(seconds=f"{new:g}"))
    old_adjust, new_adjust = clamp_adjust(before.get("grade_adjust")), clamp_adjust(after.get("grade_adjust"))
    for key, (up, down) in GRADE_CHANGES.items():
        delta = new_adjust.get(key, 0.0) - old_adjust.get(key, 0.0)
        if abs(delta) > 1e-6:
            out.append(words[up if delta > 0 else down])
    if after.get("transition") in ("cut", "crossfade") and after.get("transition") != before.get("transition"):
        out.append(words[after["transition"]])
    return out


def revision_line(director, language, changes):
    """The director's opening for a rewrite, and what changed: 按审阅意见重新校准：景别收紧为特写；色温更暖。"""
    module = voice(language)
    lead = module.REVISED.get(director.id, module.REVISED["default"])
    with_changes, alone = module.REVISION
    if not changes:
        return alone.format(lead=lead)
    return with_changes.format(lead=lead, changes=module.CHANGE_SEPARATOR.join(changes))


def localise_rewrite(director, analysis, scene, context, *, feedback=None, before=None):
    """A rewritten (feedback given) or regenerated scene's tokens in the job's language: for a rewrite, what
    changed of `before` (the scene as it was) in the director's words, and the feedback quoted."""
    language = culture.normalised(context)["language"]
    if language == "en":
        return scene
    module, words = voice(language), forbidden_words(director, language)
    if feedback:
        quoted = scrub(str(feedback)[:500], words)
        if language.startswith("zh"):  # the feedback was NFKC-folded: its Chinese punctuation comes back
            quoted = CJK_PUNCTUATION.sub(lambda m: FULL_WIDTH[m.group(0)], quoted)
        changes = describe_changes(before, scene, language) if before is not None else []
        extra = revision_line(director, language, changes)
        if quoted:
            extra = f"{extra} {module.LABELS['direction'].format(quoted)}"
    else:
        extra = module.LABELS["new_take"]
    return localise_scene(director, analysis, scene, context, extra=extra)
