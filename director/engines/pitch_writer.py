"""The template pitch writer: each director pitches this image in its own voice, offline.

A pitch is filled from The Eye's analysis (mood, palette, focal point, keywords, composition) and the
director's biased scores, so two images get two different pitches. Among a director's template variants
for a beat, the one whose words the user's choices favoured most wins (their vocabulary weights, when they
learn from their choices); ties, and every pick for a user with no vocabulary, follow a hash of the analysis:
the same image for the same taste always gets the same pitch. Given the user's Studio Note, each director
also answers it in one sentence in its own voice (`note_reply`). A director's forbidden words never appear,
whatever the analysis holds: every slot is filtered, and the finished text is checked again.

With the user's prompt (the brief's brand_essence_prompt), the vision beat and the last board frame take up its
names, its purpose ("for Instagram") and its words, in the director's own sentence; the prompt is read without the
words the director may not say (director.brief.read_prompt), and the beat is checked again like any other.
"""

import hashlib
import json
import re

from director.brief import read_prompt
from director.directors import dominant_dimension
from director.engines.eye import colour_name
from learning.studio_note import move_phrase
from learning.vocabulary import score, tokens

MAX_BEAT_WORDS = 15
SCENE_TIMES = {"start": 0, "middle": 2.5, "end": 5}

# Per director: the three beats' template variants, the scene board's visuals, the words each uses for the
# dominant dimension, and the words a slot falls back to when the analysis has nothing usable.
VOICES = {
    "newtonian": {
        "vision": (
            "Anchor the {focal}; its mass sets the {dimension} of every frame.",
            "Measure the {composition} frame, then drive {dimension} from the {focal}.",
            "The {focal} carries the mass. Build {dimension} from it, nothing else.",
        ),
        "safety": (
            "Hold {colour} and {colour2} values constant; friction stays real, zero drift.",
            "Lock the {mood} register and the {composition} geometry across every cut.",
            "Constant {colour} palette, true gravity, no unexplained motion. Momentum is earned.",
        ),
        "magic": (
            "At five seconds momentum peaks and the {focal} resolves in {keyword} detail.",
            "A measured push-in until velocity reads on every {keyword} surface.",
            "Final beat: mass settles, friction wins, the {mood} frame comes to rest.",
        ),
        "scenes": (
            "Establishing {composition} frame: the {focal} at rest in {colour} tones.",
            "Momentum builds; the {focal} moves at a measured velocity.",
            "Push in on the {focal} as its mass settles, {mood} and exact.",
        ),
        "dimension": {"physics": "velocity", "vibe": "colour mass", "logic": "structure"},
        "fallback": {
            "focal": "subject",
            "colour": "neutral",
            "colour2": "shadow",
            "mood": "steady",
            "keyword": "measured",
            "composition": "measured",
        },
    },
    "visionary": {
        "vision": (
            "Let {colour} bleed into {colour2} until the {mood} atmosphere breathes {dimension}.",
            "The {focal} becomes a feeling; light pools where its {dimension} lives.",
            "A {mood} reverie of {dimension}: {colour} light drifting across the {focal}.",
        ),
        "safety": (
            "We keep the {colour} heart and {composition} frame, so the emotion stays true.",
            "The {mood} mood never breaks; {colour} and {colour2} hold the memory.",
            "Every frame remembers the {focal} and its {keyword} light.",
        ),
        "magic": (
            "At the end, light spills from the {focal} and the colours bleed.",
            "Atmosphere thickens into {colour} haze; emotion arrives before the image does.",
            "A final bloom of {colour2}, and the {keyword} world exhales.",
        ),
        "scenes": (
            "Close on the {focal}, bathed in {colour} light, {mood} and slow.",
            "The atmosphere drifts; {colour2} seeps through the frame like a memory.",
            "Pull away as the light opens into a {mood} horizon.",
        ),
        "dimension": {"physics": "motion", "vibe": "colour", "logic": "stillness"},
        "fallback": {
            "focal": "heart of the image",
            "colour": "soft",
            "colour2": "dusk",
            "mood": "tender",
            "keyword": "luminous",
            "composition": "open",
        },
    },
    "minimalist": {
        "vision": (
            "One subject: the {focal}. Structure first, {dimension} second, space around it.",
            "Reduce to the {composition} structure; the {focal} holds the {dimension}.",
            "{colour} and space. The {focal}, its {dimension}, nothing more.",
        ),
        "safety": (
            "Fixed palette of {colour} and {colour2}; balance and margins never move.",
            "Static frame, {composition} grid, {mood} tone held. No extra elements.",
            "Keep the space clean; keep the {focal} exactly where it sits.",
        ),
        "magic": (
            "A single slow push-in: space tightens, the {focal} becomes the message.",
            "The last frame resolves into pure {keyword} structure. Less, but better.",
            "Balance completes: a {colour} field, one subject, silence.",
        ),
        "scenes": (
            "Wide, still {composition} frame; the {focal} alone in {colour} space.",
            "Hold. The structure reads: {colour2} against {colour}, perfectly balanced.",
            "One slow push-in to the {focal}. Nothing else moves.",
        ),
        "dimension": {"physics": "movement", "vibe": "tone", "logic": "clarity"},
        "fallback": {
            "focal": "subject",
            "colour": "neutral",
            "colour2": "white",
            "mood": "quiet",
            "keyword": "clean",
            "composition": "balanced",
        },
    },
    "provocateur": {
        "vision": (
            "Disrupt the {composition} frame. The {focal} detonates into pure {dimension}.",
            "Forget the {mood} calm: the {focal} is a radical act of {dimension}.",
            "Crash {colour} into {colour2}; let chaos and {dimension} find the {focal}.",
        ),
        "safety": (
            "Rules broken, not the image: the {colour} palette and the {focal} stay.",
            "Even chaos needs an anchor: {colour}, the {composition} frame, the {focal}.",
            "The {mood} mood survives the riot; everything else is up for grabs.",
        ),
        "magic": (
            "Unexpected snap-zoom: the {focal} shatters into {colour2} shards.",
            "The final cut flips the {composition} frame upside down. Radical, {keyword}.",
            "Chaos peaks at five seconds, then a hard cut to {colour} silence.",
        ),
        "scenes": (
            "Slam in on the {focal}; {colour} fills the lens, {mood} and loud.",
            "Tilt the world: the frame lurches and {colour2} floods the horizon.",
            "Rip back out as the {focal} spins away. Unexpected ending.",
        ),
        "dimension": {"physics": "motion", "vibe": "colour", "logic": "defiance"},
        "fallback": {
            "focal": "subject",
            "colour": "raw",
            "colour2": "black",
            "mood": "restless",
            "keyword": "radical",
            "composition": "broken",
        },
    },
}

# With a prompt: the vision beat and the board's last frame, per director. {subject} is what the video is for (its
# names, else its first words), {purpose} ", for Instagram" or nothing, {word} one more word of the prompt.
BRIEF_VOICES = {
    "newtonian": (
        "{subject}{purpose}: measured {word} momentum, the {focal} carrying real mass.",
        "Final frame: {subject} at rest, friction settled.",
    ),
    "visionary": (
        "{subject}{purpose} as a feeling: {word} light drifting across the {focal}.",
        "The light opens and {subject} lingers, {word} and tender.",
    ),
    "minimalist": (
        "{subject}{purpose}. One {focal}, {word} space, nothing more.",
        "Last frame: {subject}, alone in clean space.",
    ),
    "provocateur": (
        "{subject}{purpose}, detonated: the {focal} breaks into {word} energy.",
        "Hard cut: {subject} slams into frame. Unexpected.",
    ),
}

# Each director's answer to the user's Studio Note: how its take meets the lean, and the camera move.
NOTE_REPLIES = {
    "newtonian": "For a taste that leans toward {dimension}, {word} is measured into every frame",
    "visionary": "For a taste that leans toward {dimension}, {word} breathes through every frame",
    "minimalist": "For a taste that leans toward {dimension}: {word}, and nothing more",
    "provocateur": "You lean toward {dimension}? Then {word} gets disrupted, hard",
}
NOTE_MOVE_KEPT = "{lead}, with the {slow}{move} you prefer."
NOTE_MOVE_OTHER = "{lead}; no {slow}{move} here, this take cuts with a {own} instead."
NOTE_ONLY_KEPT = "{lead}: this take has one."
NOTE_ONLY_OTHER = "{lead}: this take cuts with a {own} instead."
NOTE_MOVE_ONLY = "Your Studio Note prefers {slow}{move}s"

_NOT_WORDS = re.compile(r"[^\w\s'-]+")


class TemplatePitchWriter:
    name = "template"

    def write(self, director, analysis, biased, prompt="", *, vocabulary=None, note=None):
        voice = VOICES[director.id]
        seed = _seed(analysis, biased)
        slots = _slots(director, voice, analysis, biased, seed)
        reading = read_prompt(prompt, director)
        pulse = {}
        for beat in ("vision", "safety", "magic"):
            written = [_clean(director, template.format(**slots), limit=MAX_BEAT_WORDS) for template in voice[beat]]
            pulse[beat] = _preferred(written, vocabulary, _pick(seed, len(written), director.id, beat))
        brief = _brief_slots(reading, slots) if reading else None
        if brief:
            pulse["vision"] = _clean(director, BRIEF_VOICES[director.id][0].format(**brief), limit=MAX_BEAT_WORDS)
        board = {}
        for (moment, time), text, (shot, move) in zip(
            SCENE_TIMES.items(), voice["scenes"], director.shot_grammar, strict=True
        ):
            board[moment] = {
                "time": time,
                "visual": _clean(director, text.format(**slots)),
                "camera": f"{shot} shot, {move}",
            }
        if brief:
            board["end"]["visual"] = _clean(
                director, f"{board['end']['visual']} " + BRIEF_VOICES[director.id][1].format(**brief)
            )
        return {"three_beat_pulse": pulse, "scene_board": board, "note_reply": _note_reply(director, voice, note)}


def _note_reply(director, voice, note):
    """The director's one sentence on the user's Studio Note (None without a note, or with nothing to answer)."""
    if not note or not (note.get("dimension") or note.get("move")):
        return None
    dimension, move = note.get("dimension"), note.get("move")
    slow = "slow " if note.get("slow") else ""
    moves = [m for _, m in director.shot_grammar]
    if dimension:
        lead = NOTE_REPLIES[director.id].format(dimension=dimension, word=voice["dimension"][dimension])
        kept, other = NOTE_MOVE_KEPT, NOTE_MOVE_OTHER
    else:
        lead = NOTE_MOVE_ONLY.format(slow=slow, move=move_phrase(move))
        kept, other = NOTE_ONLY_KEPT, NOTE_ONLY_OTHER
    if not move:
        text = lead + "."
    elif move in moves:
        text = kept.format(lead=lead, slow=slow, move=move_phrase(move))
    else:
        text = other.format(lead=lead, slow=slow, move=move_phrase(move), own=move_phrase(moves[-1]))
    return _clean(director, text)


def _preferred(written, vocabulary, seeded):
    """The variant whose words the user's choices favoured most; ties go to the seeded pick, then the next ones."""
    order = [(seeded + offset) % len(written) for offset in range(len(written))]
    best = max(range(len(order)), key=lambda rank: (score(vocabulary, tokens(written[order[rank]])), -rank))
    return written[order[best]]


def _brief_slots(reading, slots):
    """The brief template's slots from a prompt reading; the image's own words where the prompt has none."""
    subject = reading.subject or slots["focal"]
    purpose = f", {reading.purpose}" if reading.purpose else ""
    others = [w for w in reading.other_words if w.casefold() not in subject.casefold()]
    return {**slots, "subject": subject, "purpose": purpose, "word": others[0] if others else slots["mood"]}


def _slots(director, voice, analysis, biased, seed):
    fallback = voice["fallback"]
    colours = _colour_names(analysis)
    safe_colours = [c for c in (_words(director, c, 2) for c in colours) if c]
    colour = safe_colours[0] if safe_colours else fallback["colour"]
    colour2 = next((c for c in safe_colours if c != colour), fallback["colour2"])
    mood = _words(director, analysis.get("mood"), 2) or fallback["mood"]
    composition = _words(director, analysis.get("composition"), 2) or fallback["composition"]
    # A keyword the other slots don't already say, chosen by the analysis' hash.
    keywords = [k for k in (_words(director, k, 2) for k in analysis.get("keywords") or ()) if k]
    fresh = [k for k in keywords if k not in (mood, colour, colour2, composition)] or keywords
    keyword = fresh[_pick(seed, len(fresh), director.id, "keyword")] if fresh else fallback["keyword"]
    focal = analysis.get("focal_point") or {}
    return {
        "mood": mood,
        "colour": colour,
        "colour2": colour2,
        "keyword": keyword,
        "focal": _words(director, _focal_phrase(focal.get("label") if isinstance(focal, dict) else None), 4)
        or fallback["focal"],
        "composition": composition,
        "dimension": voice["dimension"][dominant_dimension(biased)],
    }


def _colour_names(analysis):
    names = analysis.get("palette_names")
    if isinstance(names, list | tuple) and names:
        return [str(n) for n in names]
    out = []
    for value in analysis.get("palette") or ():
        try:
            out.append(colour_name(str(value)))
        except ValueError:
            continue
    return out


def _focal_phrase(label):
    """ "dark maroon form at the centre" reads better in a beat as "dark maroon form"."""
    if not label:
        return None
    return re.split(r"\s+at the\s+", str(label), maxsplit=1)[0]


def _words(director, value, limit):
    """At most `limit` plain words of `value`, with any word the director may not say removed."""
    if value is None:
        return ""
    text = _NOT_WORDS.sub(" ", str(value))
    kept = [w for w in text.split() if not director.uses_forbidden(w) and w.strip("'-_")]
    return " ".join(kept[:limit])


def _clean(director, text, limit=None):
    """The final guard: drop any word that holds a forbidden word, cap the length, end with a full stop."""
    words = [w for w in text.split() if not director.uses_forbidden(w)]
    if limit and len(words) > limit:
        words = words[:limit]
    sentence = " ".join(words).rstrip(",;:-")
    if sentence and sentence[-1] not in ".!?":
        sentence += "."
    return sentence[:1].upper() + sentence[1:]


def _seed(analysis, biased):
    keys = ("mood", "palette", "palette_names", "composition", "focal_point", "keywords", "physics", "vibe", "logic")
    material = {k: analysis.get(k) for k in keys} | {"biased": biased}
    return hashlib.sha256(json.dumps(material, sort_keys=True, default=str).encode()).hexdigest()


def _pick(seed, count, *parts):
    """A stable choice among `count` variants for this analysis and these parts (director, beat)."""
    digest = hashlib.sha256((seed + "|" + "|".join(parts)).encode()).digest()
    return int.from_bytes(digest[:8], "big") % count
