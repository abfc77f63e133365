"""The words of the pitches a user was shown, and the weights their choices give those words.

Words in the chosen pitch gain weight and words in the pitches passed over lose it, so a word every pitch said
(a slot filled from the same analysis, a camera move every director uses) nets nothing. Older evidence fades a
little at every choice, and only the strongest VOCABULARY_SIZE words are kept, so the profile stays small.

Pure and exact like the rest of the Studio Head: the same shown pitches always give the same words, and the
update is plain arithmetic in a fixed order, so a replay rebuilds the weights the live choices built.
"""

import re

VOCABULARY_SIZE = 150  # words kept, the largest |weight| first
VOCABULARY_STEP = 0.2  # the weight a word gains when only the chosen pitch said it
VOCABULARY_DECAY = 0.97  # every earlier weight fades by this at each choice
WEIGHT_PLACES = 4  # weights are kept to 4 places: small JSON, and what fades to nothing is dropped

# Words that say nothing about a taste: articles, pronouns, auxiliaries, prepositions, conjunctions.
STOP_WORDS = frozenset(
    """
    a about above across after again against all almost along also am an and any are around as at away be
    because been before being below beneath between both but by can could did do does doing down during each
    either else even ever every for from further had has have having here how however if in into is it its
    itself just least less let more most much must my near neither no nor not now of off on once one only onto
    or other our out over own per same shall she should since so some still such than that the their them then
    there these they this those through thus till to too toward towards under until up upon us very was we
    were what when where whether which while who whom whose why will with within without would yet you your
    """.split()
)

_TOKEN = re.compile(r"[a-z]+(?:['-][a-z]+)*")
MIN_LETTERS = 3


def tokens(text):
    """The distinct content words of `text`, lower-cased, in order of first appearance."""
    seen = {}
    for word in _TOKEN.findall(str(text or "").lower()):
        word = word.removesuffix("'s")
        if len(word) >= MIN_LETTERS and word not in STOP_WORDS:
            seen.setdefault(word, None)
    return list(seen)


def pitch_text(pitch):
    """Everything the Lounge shows of a pitch in words: the three beats, the scene board, the note's reply."""
    parts = []
    pulse = pitch.get("three_beat_pulse") or {}
    if isinstance(pulse, dict):
        parts += [str(pulse.get(beat) or "") for beat in ("vision", "safety", "magic")]
    board = pitch.get("scene_board") or {}
    if isinstance(board, dict):
        for moment in ("start", "middle", "end"):
            scene = board.get(moment) or {}
            if isinstance(scene, dict):
                parts += [str(scene.get("visual") or ""), str(scene.get("camera") or "")]
    parts.append(str(pitch.get("note_reply") or ""))
    return " ".join(parts)


def pitch_words(pitch):
    """The pitch's words, sorted: as stored with a learning event (`words`), else read from its text."""
    stored = pitch.get("words")
    if isinstance(stored, list | tuple):
        return sorted({str(w) for w in stored})
    return sorted(set(tokens(pitch_text(pitch))))


def score(vocabulary, words):
    """How much a user's choices favoured these words: the sum of their weights (0 for unknown words)."""
    if not vocabulary:
        return 0.0
    return sum(float(vocabulary.get(word, 0.0)) for word in set(words))


def update(vocabulary, shown_words, chosen_index):
    """The vocabulary after a choice among pitches whose words are `shown_words` (a list, one per pitch).

    Each word moves by STEP x (1 if the chosen pitch said it, minus the share of the passed-over pitches that
    said it); earlier weights fade by DECAY. A choice among one pitch teaches nothing about words.
    """
    old = {str(word): float(weight) for word, weight in (vocabulary or {}).items()}
    losers = len(shown_words) - 1
    if losers < 1:
        return dict(old)
    chosen = set(shown_words[chosen_index])
    against = {}
    for index, words in enumerate(shown_words):
        if index != chosen_index:
            for word in set(words):
                against[word] = against.get(word, 0) + 1
    new = {}
    for word in sorted(set(old) | chosen | set(against)):
        # integer numerator: a word every pitch said moves by exactly 0
        moved = ((losers if word in chosen else 0) - against.get(word, 0)) / losers
        weight = round(VOCABULARY_DECAY * old.get(word, 0.0) + VOCABULARY_STEP * moved, WEIGHT_PLACES)
        if weight:
            new[word] = weight
    kept = sorted(new, key=lambda word: (-abs(new[word]), word))[:VOCABULARY_SIZE]
    return {word: new[word] for word in sorted(kept)}
