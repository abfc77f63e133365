"""The template storyboard writer: scenes in each director's voice, built from The Eye's analysis.

Every scene is written from three tokens: the action (what happens, in the
director's words), the invariant (what every scene keeps of the image) and the
style (the director's grade and voice). Text that comes from the analysis or the
user is folded to plain ASCII and scrubbed of the director's forbidden words, so
a director never says what it must not, whatever the image or the feedback holds.

The user's prompt (the brief) is read the same way (director.brief.read_prompt drops the words the director may not
say) and taken up in every scene's action, in the director's words: what the video is for, where it is shown, and
the prompt's other words.
"""

import random
import re
import unicodedata
import uuid

from director import intents
from director.brief import read_prompt
from director.engines.eye.colour import colour_name
from director.feedback import MAX_FEEDBACK, sanitise_feedback
from director.framing import CAMERAS, SHOTS
from director.grading import ADJUST_LIMITS, clamp_adjust, scene_grade
from director.models import SceneStatus

MAX_SCENES = 10
MAX_ACTION = 2000
DEFAULT_DURATION = 5.0
MIN_DURATION, MAX_DURATION = 1.0, 10.0
DEFAULT_GRAMMAR = (("close", "push-in"), ("medium", "pan"), ("wide", "pull-out"))

SHOT_WORDS = {"wide": "Wide shot", "medium": "Medium shot", "close": "Close-up", "extreme-close": "Extreme close-up"}
CAMERA_WORDS = {
    "static": "camera locked off",
    "push-in": "slow push-in",
    "pull-out": "steady pull-out",
    "pan": "lateral pan",
    "tilt": "vertical tilt",
}

# Beats: opening, middle, closing; several takes each. Fields: {shot} {camera} {subject} {mood} (an adjective)
# {palette}. The analysis keywords follow every action as a last line.
VOICES = {
    "newtonian": {
        "opening": (
            "{shot} of the {subject}, {camera}. Mass reads first: the frame holds its weight while momentum "
            "gathers in {palette}.",
            "{shot} on the {subject}, {camera} at constant velocity; friction keeps every edge honest against "
            "{palette}.",
        ),
        "middle": (
            "{shot}, {camera}. Velocity carries the eye across the {subject}; momentum transfers cleanly from "
            "edge to edge.",
            "{shot}, {camera}. The {subject} resists, mass against friction, and the motion stays measured and exact.",
        ),
        "closing": (
            "{shot}, {camera}. The move decelerates to rest; friction settles the {subject} into its final "
            "position, the light {mood}.",
            "{shot}, {camera}. Momentum spent, the {subject} comes to rest at zero velocity in {palette}.",
        ),
        "style": "Cold, exact grade: measured contrast, neutral-cool tones. Movement obeys momentum, mass, friction "
        "and velocity.",
        "transition": "cut",
        "brief": "Made for {subject}{purpose}: every move measured, {words} read as physical fact.",
    },
    "visionary": {
        "opening": (
            "{shot} of the {subject}, {camera}, drifting into the light. The atmosphere breathes in {palette}, "
            "{mood} and slow.",
            "{shot}, {camera}. Light finds the {subject} slowly, like a memory surfacing; colours bleed through "
            "{palette}.",
        ),
        "middle": (
            "{shot}, {camera}. Light pools across the {subject} and the colours bleed into one another: pure emotion.",
            "{shot}, {camera}. The atmosphere thickens around the {subject}; every shadow carries emotion.",
        ),
        "closing": (
            "{shot}, {camera}, letting the atmosphere open. The {subject} dissolves into a lingering, {mood} mood.",
            "{shot}, {camera}. The light softens and the {subject} stays with us, an emotion in {palette}.",
        ),
        "style": "Poetic, evocative grade: lifted colour, warm light, soft contrast. Atmosphere, mood, light and "
        "emotion lead.",
        "transition": "crossfade",
        "brief": "Made for {subject}{purpose}: let {words} drift through the light.",
    },
    "minimalist": {
        "opening": (
            "{shot} of the {subject}, {camera}. Negative space frames it; balance first, nothing extra: "
            "{palette} only.",
            "{shot}, {camera}. One subject, the {subject}, placed with care in open space against {palette}.",
        ),
        "middle": (
            "{shot}, {camera}. Clean structure: the {subject} sits on a quiet grid with space to breathe.",
            "{shot}, {camera}. Lines align and the {subject} holds the balance of the frame, nothing more.",
        ),
        "closing": (
            "{shot}, {camera}. The composition resolves into balance; space and structure speak like good "
            "typography, {mood} and still.",
            "{shot}, {camera}. The {subject} rests in its space, the structure complete, {palette}.",
        ),
        "style": "Clean, minimal grade: restrained colour, even contrast. Structure, typography, balance and space.",
        "transition": "crossfade",
        "brief": "Made for {subject}{purpose}: {words}. Nothing else.",
    },
    "provocateur": {
        "opening": (
            "{shot} slammed onto the {subject}, {camera}. Unexpected from frame one: disrupt the eye before it "
            "settles on {palette}.",
            "{shot}, {camera}. Start in the wrong place on purpose: the {subject} as a radical question in {palette}.",
        ),
        "middle": (
            "{shot}, {camera}. A radical angle on the {subject}; let a little chaos into the frame and break the "
            "rhythm.",
            "{shot}, {camera}. Disrupt the expected: the {subject} pushed off balance, everything turned up loud.",
        ),
        "closing": (
            "{shot}, {camera}. The last beat lands hard and unexpected: the {subject} as nobody has framed it, "
            "{mood} to the end.",
            "{shot}, {camera}. End on the disruption: the {subject}, radical and unresolved, in {palette}.",
        ),
        "style": "Bold, irreverent grade: punchy contrast and colour. Chaos, disruption, the unexpected, the radical.",
        "transition": "cut",
        "brief": "Made for {subject}{purpose}: {words}, pushed until it breaks.",
    },
}

# A stand-in for a forbidden word found in analysis or feedback text; checked again after replacement.
REPLACEMENTS = {
    "magic": "wonder",
    "dream": "reverie",
    "glow": "radiance",
    "technical": "crafted",
    "precise": "clear",
    "calculate": "measure",
    "chaos": "energy",
    "wild": "free",
    "explosive": "forceful",
    "safe": "steady",
    "conservative": "restrained",
    "traditional": "classic",
}

CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
HEX = re.compile(r"^#?([0-9a-fA-F]{6})$")


# --- Text hygiene ----------------------------------------------------------------------------------------------


def clean_text(value, limit=200):
    """Plain, printable ASCII on one line: control characters gone, whitespace collapsed, at most `limit` chars."""
    text = unicodedata.normalize("NFKD", str(value)).encode("ascii", "ignore").decode("ascii")
    text = " ".join(CONTROL.sub(" ", text).split())
    return text[:limit].strip()


def scrub(text, forbidden):
    """`text` without any of the forbidden words, even inside longer words (Magical, dreamy, SAFETY)."""
    words = [w.lower() for w in forbidden if w]
    if not words:
        return text
    pattern = re.compile(r"[A-Za-z]*(?:" + "|".join(re.escape(w) for w in words) + r")[A-Za-z]*", re.IGNORECASE)
    for _ in range(3):
        text = pattern.sub(lambda m: _replacement(m.group(0), words), text)
        if not pattern.search(text):
            break
    else:
        text = pattern.sub("", text)
    return " ".join(text.split())


def _replacement(word, forbidden):
    for bad in forbidden:
        if bad in word.lower():
            stand_in = REPLACEMENTS.get(bad, "")
            return "" if any(b in stand_in for b in forbidden) else stand_in
    return ""


def _flatten(value, limit):
    """Readable text from an analysis value: a string, a list of them, or a dict with a name/label."""
    if value is None:
        return ""
    if isinstance(value, str):
        match = HEX.match(value.strip())
        return colour_name(match.group(1)) if match else clean_text(value, limit)
    if isinstance(value, int | float):
        return ""
    if isinstance(value, dict):
        for key in ("name", "label", "description", "type", "summary", "hex"):
            if value.get(key):
                return _flatten(value[key], limit)
        return ", ".join(filter(None, (_flatten(v, limit) for v in value.values() if isinstance(v, str))))[:limit]
    if isinstance(value, list | tuple):
        parts = []
        for item in value[:8]:
            text = _flatten(item, limit)
            if text and text not in parts:
                parts.append(text)
        return ", ".join(parts)[:limit]
    return clean_text(value, limit)


# --- Reading the director and the analysis ----------------------------------------------------------------------


def _voice(director):
    voice = VOICES.get(getattr(director, "id", None))
    if voice:
        return voice
    # Vocabulary goes into a template: no braces may survive.
    vocab = [clean_text(v, 30).replace("{", "").replace("}", "") for v in getattr(director, "vocabulary", ())]
    vocab = ([v for v in vocab if v] * 3 or ["Light", "Space", "Motion"])[:3]
    tone = clean_text(getattr(director, "tone", ""), 60) or "Own"
    return {
        "opening": ("{shot} of the {subject}, {camera}, in " + vocab[0].lower() + " and {palette}.",),
        "middle": ("{shot}, {camera}. " + vocab[1] + " shapes the {subject}.",),
        "closing": ("{shot}, {camera}. " + vocab[2] + " settles on the {subject}, {mood} to the end.",),
        "style": f"{tone} grade in the director's voice: {', '.join(vocab)}.",
        "transition": "cut",
        "brief": "Made for {subject}{purpose}: {words}.",
    }


def _grammar(director):
    grammar = []
    for item in getattr(director, "shot_grammar", None) or ():
        try:
            shot, camera = item[0], item[1]
        except (TypeError, IndexError, KeyError):
            continue
        if shot in SHOTS and camera in CAMERAS:
            grammar.append((shot, camera))
    return tuple(grammar) or DEFAULT_GRAMMAR


class _Facts:
    """What the writer uses from The Eye's analysis and the user's prompt, cleaned and scrubbed for one director."""

    def __init__(self, director, analysis, prompt=""):
        analysis = analysis if isinstance(analysis, dict) else {}
        forbidden = tuple(getattr(director, "forbidden", ()) or ())
        self.forbidden = forbidden

        def pick(value, limit, default):
            return scrub(_flatten(value, limit), forbidden) or default

        focal = analysis.get("focal_point")
        subject = pick(focal.get("label") if isinstance(focal, dict) else focal, 60, "subject")
        self.subject = re.sub(r"^(the|a|an)\s+", "", subject, flags=re.IGNORECASE) or "subject"
        self.mood = pick(analysis.get("mood"), 80, "unchanged")
        colours = analysis.get("palette_names") or analysis.get("palette")
        self.palette = pick(list(colours)[:3] if isinstance(colours, list | tuple) else colours, 120, "its own colours")
        self.keywords = pick(list(analysis.get("keywords") or [])[:5], 120, "the detail of the image")
        self.composition = pick(analysis.get("composition"), 120, "")
        self.summary = pick(analysis.get("invariant_visual_summary"), 600, "")
        self.prompt = read_prompt(prompt, director) if hasattr(director, "uses_forbidden") else read_prompt(prompt)
        self.focus = None
        if isinstance(focal, dict) and "x" in focal and "y" in focal:
            self.focus = {"x": focal["x"], "y": focal["y"]}

    def invariant(self):
        summary = self.summary.rstrip(". ")
        parts = [f"{summary}." if summary.lower().startswith("keep") else f"Keep the image's look: {summary}."]
        if not summary:
            parts = ["Keep the image's look."]
        parts.append(f"Palette: {self.palette}. Mood: {self.mood}.")
        if self.composition:
            parts.append(f"Composition: {self.composition}.")
        return " ".join(parts)


def _beat(index, total):
    if index == 1:
        return "opening"
    return "closing" if index == total else "middle"


def _style(director, voice, scene):
    grade = scene_grade(director, scene)
    numbers = (
        f"saturation {grade['saturation']:.2f}, contrast {grade['contrast']:.2f}, "
        f"warmth {grade['warmth']:+.2f}, brightness {grade['brightness']:.2f}"
    )
    return f"{voice['style']} Grade: {numbers}."


def _brief_line(facts, voice):
    """The prompt taken up in the director's words: what the video is for, where it is shown, its other words."""
    reading = facts.prompt
    if not reading:
        return ""
    subject = clean_text(reading.subject, 120) or facts.subject
    purpose = f", {clean_text(reading.purpose, 60)}" if reading.purpose else ""
    words = [clean_text(w, 40) for w in reading.other_words]
    words = ", ".join(w for w in words if w and w.casefold() not in subject.casefold()) or facts.mood
    return voice["brief"].format(subject=subject, purpose=purpose, words=words)


def _action(director, facts, voice, scene, take, extra=""):
    template = voice[scene["beat"]][take % len(voice[scene["beat"]])]
    text = template.format(
        shot=SHOT_WORDS[scene["shot"]],
        camera=CAMERA_WORDS[scene["camera"]],
        subject=facts.subject,
        mood=facts.mood,
        palette=facts.palette,
    )
    text = f"{text} Keywords: {facts.keywords}."
    if brief := _brief_line(facts, voice):
        text = f"{text} {brief}"
    if extra:
        text = f"{text} {extra}"
    return scrub(text, facts.forbidden)[:MAX_ACTION]


def _finish(director, facts, voice, scene, take, extra=""):
    scene["action_token"] = _action(director, facts, voice, scene, take, extra)
    scene["invariant_token"] = scrub(facts.invariant(), facts.forbidden)
    scene["style_token"] = scrub(_style(director, voice, scene), facts.forbidden)
    return scene


# --- Feedback intents -------------------------------------------------------------------------------------------

# What each intent (director/intents.py, read in any of the four languages) does to a scene.
EFFECTS = {
    "closer": ("shot", +1),
    "wider": ("shot", -1),
    "push_in": ("camera", "push-in"),
    "pull_out": ("camera", "pull-out"),
    "pan": ("camera", "pan"),
    "tilt": ("camera", "tilt"),
    "static": ("camera", "static"),
    "slower": ("duration", 1.5),
    "faster": ("duration", 1 / 1.5),
    "warmer": ("warmth", +0.15),
    "cooler": ("warmth", -0.15),
    "brighter": ("brightness", +0.12),
    "darker": ("brightness", -0.12),
    "more_colour": ("saturation", +0.2),
    "less_colour": ("saturation", -0.2),
    "more_contrast": ("contrast", +0.15),
    "less_contrast": ("contrast", -0.15),
    "crossfade": ("transition", "crossfade"),
    "cut": ("transition", "cut"),
}
GRADE_WORDS = {
    "warmth": ("warmer", "cooler"),
    "brightness": ("brighter", "darker"),
    "saturation": ("richer colour", "muted colour"),
    "contrast": ("more contrast", "softer contrast"),
}


def apply_feedback(scene, feedback):
    """The scene with the feedback's recognised intents applied, and a list of what changed, in words."""
    scene = dict(scene)
    changes = []
    adjust = dict(clamp_adjust(scene.get("grade_adjust")))
    for kind, value in (EFFECTS[name] for name in intents.recognise(feedback)):
        if kind == "shot":
            position = SHOTS.index(scene["shot"])
            new = SHOTS[max(0, min(len(SHOTS) - 1, position + value))]
            if new != scene["shot"]:
                scene["shot"] = new
                changes.append(("tighter" if value > 0 else "wider") + f" framing ({SHOT_WORDS[new].lower()})")
        elif kind == "camera":
            scene["camera"] = value
            changes.append(CAMERA_WORDS[value])
        elif kind == "duration":
            duration = round(min(MAX_DURATION, max(MIN_DURATION, scene["duration"] * value)), 2)
            if duration != scene["duration"]:
                changes.append(("slower" if value > 1 else "faster") + f" pace ({duration:g} s)")
                scene["duration"] = duration
        elif kind == "transition":
            scene["transition"] = value
            changes.append(f"{value} in")
        else:
            low, high = ADJUST_LIMITS[kind]
            adjust[kind] = round(max(low, min(high, adjust.get(kind, 0.0) + value)), 3)
            changes.append(GRADE_WORDS[kind][0 if value > 0 else 1] + " grade")
    if (seconds := intents.seconds(feedback)) is not None:
        duration = round(min(MAX_DURATION, max(MIN_DURATION, seconds)), 2)
        scene["duration"] = duration
        changes.append(f"{duration:g} s long")
    if adjust:
        scene["grade_adjust"] = adjust
    return scene, changes


# --- The writer -------------------------------------------------------------------------------------------------


def _base_scene(scene):
    """A copy of a stored scene with every field the writer relies on present and valid."""
    scene = dict(scene)
    scene["shot"] = scene.get("shot") if scene.get("shot") in SHOTS else "medium"
    scene["camera"] = scene.get("camera") if scene.get("camera") in CAMERAS else "static"
    try:
        duration = float(scene.get("duration", DEFAULT_DURATION))
    except (TypeError, ValueError):
        duration = DEFAULT_DURATION
    scene["duration"] = min(MAX_DURATION, max(MIN_DURATION, duration))
    if scene.get("transition") not in ("cut", "crossfade"):
        scene["transition"] = "cut"
    if scene.get("beat") not in ("opening", "middle", "closing"):
        scene["beat"] = "opening" if scene.get("sequence_index") == 1 else "middle"
    return scene


class TemplateStoryboardWriter:
    name = "template"

    def write(self, director, analysis, *, scenes=3, duration=DEFAULT_DURATION, prompt=""):
        """`scenes` scenes (3 by default, 1..10) of `duration` seconds, in the director's voice and shot grammar."""
        if isinstance(scenes, bool) or not isinstance(scenes, int) or not 1 <= scenes <= MAX_SCENES:
            raise ValueError(f"a storyboard has 1..{MAX_SCENES} scenes, not {scenes!r}")
        if (
            isinstance(duration, bool)
            or not isinstance(duration, int | float)
            or not (MIN_DURATION <= duration <= MAX_DURATION)
        ):
            raise ValueError(f"a scene lasts {MIN_DURATION:g}..{MAX_DURATION:g} s, not {duration!r}")
        voice, facts, grammar = _voice(director), _Facts(director, analysis, prompt), _grammar(director)
        board = []
        for index in range(1, scenes + 1):
            beat = _beat(index, scenes)
            if beat == "opening":
                shot, camera = grammar[0]
            elif beat == "closing":
                shot, camera = grammar[-1]
            else:  # middle scenes walk the rest of the grammar, then vary it
                middle, k = grammar[1:-1] or grammar, index - 2
                shot, camera = middle[k % len(middle)]
                if k >= len(middle):
                    shot = grammar[k % len(grammar)][0]
                    camera = CAMERAS[(CAMERAS.index(camera) + k) % len(CAMERAS)]
            scene = {
                "id": str(uuid.uuid4()),
                "sequence_index": index,
                "action_token": "",
                "invariant_token": "",
                "style_token": "",
                "shot": shot,
                "camera": camera,
                "duration": float(duration),
                "transition": "cut" if index == 1 else voice["transition"],
                "status": SceneStatus.PENDING,
                "preview_url": None,
                "video_url": None,
                "user_feedback": None,
                "engine": None,
                "attempt_count": 0,
                "beat": beat,
            }
            if facts.focus:
                scene["focus"] = dict(facts.focus)
            board.append(_finish(director, facts, voice, scene, take=index - 1))
        return board

    def rewrite(self, director, analysis, scene, feedback, prompt=""):
        """YELLOW: the scene rewritten with the user's feedback applied and quoted as a direction."""
        text = sanitise_feedback(feedback)
        if not text:
            raise ValueError("a rewrite needs feedback")
        if len(text) > MAX_FEEDBACK:
            raise ValueError(f"feedback is at most {MAX_FEEDBACK} characters")
        voice, facts = _voice(director), _Facts(director, analysis, prompt)
        new, changes = apply_feedback(_base_scene(scene), text)
        direction = scrub(clean_text(text, MAX_FEEDBACK), facts.forbidden)
        extra = f"Revised: {', '.join(changes)}." if changes else ""
        if direction:  # feedback in another script has no ASCII to quote; its intents are applied all the same
            extra = f'{extra} Direction from review: "{direction}".'.strip()
        new.update(status=SceneStatus.PENDING, user_feedback=text, preview_url=None, video_url=None)
        take = int(scene.get("attempt_count") or 0)
        return _finish(director, facts, voice, new, take, extra)

    def regenerate(self, director, analysis, scene, prompt=""):
        """RED: a different take (another shot, another camera, other words), the same for the same attempt."""
        voice, facts = _voice(director), _Facts(director, analysis, prompt)
        new = _base_scene(scene)
        attempt = int(scene.get("attempt_count") or 0)
        rng = random.Random(f"{scene.get('id')}:{attempt}")
        choices = [(s, c) for s in SHOTS for c in CAMERAS if s != new["shot"] and c != new["camera"]]
        new["shot"], new["camera"] = rng.choice(choices)
        new.pop("grade_adjust", None)
        new.update(status=SceneStatus.PENDING, user_feedback=None, preview_url=None, video_url=None)
        take = rng.randrange(len(voice[new["beat"]]))
        return _finish(director, facts, voice, new, take, "A new take.")
