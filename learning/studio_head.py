"""The Studio Head: learns each user's taste in directors from the choices they make in the Lounge.

An online multinomial-logit (conditional logit) choice model. The utility of a pitch is
``w . features(pitch) + b[director]``; the chance of choosing it is the softmax over the pitches shown. Each
selection takes one gradient step on the log-likelihood (chosen features minus expected features) with a decaying
learning rate, plus an L2 pull toward the population prior, so a new user behaves like the population.

Everything here is pure and deterministic: no clock, no global randomness, fixed iteration orders. Replaying a
user's events through ``learn_from_choice`` rebuilds their profile exactly (``==``), which is what
``manage.py rebuild_creative_profiles`` relies on.
"""

import math
import random
from collections.abc import Iterable

from director.directors import DIMENSIONS, DIRECTOR_IDS, objective_recommendation
from learning.explain import reason
from learning.features import (
    FEATURES,
    biased_scores,
    director_id,
    engine,
    features,
    is_objective_pick,
    pitch_dimension,
    risk_value,
    top_dimension,
)
from learning.studio_note import NOTE_AFTER, studio_note
from learning.vocabulary import VOCABULARY_DECAY, pitch_words
from learning.vocabulary import update as update_vocabulary

__all__ = [
    "empty_profile",
    "predict_proba",
    "rank_pitches",
    "learn_from_choice",
    "replay",
    "stored_pitches",
    "update_profile",
]

PROFILE_VERSION = 1

# Learning rate eta_t = ETA0 / (1 + t / TAU), t = selections learned so far.
ETA0 = 0.6
TAU = 5.0
# Strength of the pull back toward the population prior at each step.
PRIOR_PULL = 0.02

# The population prior: a conditional logit fitted once on a simulated population
# (`manage.py evaluate_studio_head --fit-prior --seed 1`), so a new user ranks like everybody else.
PRIOR_WEIGHTS = {
    "physics": 0.1144,
    "vibe": 0.026,
    "logic": 0.1328,
    "risk": -0.061,
    "engine_kling": -0.0241,
    "engine_luma": 0.0241,
    "objective_pick": 0.4585,
    "dominant_physics": -0.0089,
    "dominant_vibe": 0.0407,
    "dominant_logic": -0.0318,
}
PRIOR_DIRECTOR_BIAS = {"newtonian": -0.0951, "visionary": 0.0744, "minimalist": 0.1426, "provocateur": -0.1219}

COLD_START_SELECTIONS = NOTE_AFTER  # the first 5 choices are shown in a random (seeded) order
PRESELECT_AFTER = COLD_START_SELECTIONS  # from then on the recommended pitch is preselected
CONFIDENCE_AFTER = 10  # choices before the recommendation shows its confidence
# The confidence shown is the top pitch's probability through sigmoid(SLOPE * logit(p) + OFFSET), fitted by maximum
# likelihood on whether the top pitch was chosen, on a simulated population's choices after the 10th
# (`manage.py evaluate_studio_head --users 1000 --seed 1 --fit-confidence` prints it); the evaluation checks it on
# another population's held-out half (learning/calibration.py).
CONFIDENCE_SLOPE = 1.0382
CONFIDENCE_OFFSET = 0.2841
RECENT_CHOICES = 10  # kept for explanations and for spotting a narrow pattern
NARROW_SHARE = 0.8  # one director in >= 80% of the recent choices -> show a wildcard
BIAS_VECTOR_ALPHA = 0.15  # weight of the newest choice in the readable bias vector
BIAS_TARGET_CHOSEN = 1.0
BIAS_TARGET_OTHER = -0.5


def empty_profile() -> dict:
    return {
        "version": PROFILE_VERSION,
        "biasVector": {dim: 0.0 for dim in DIMENSIONS},
        "directorWinRate": {
            ident: {"wins": 0, "losses": 0, "streak": 0, "lastSelected": None, "rate": 0.0} for ident in DIRECTOR_IDS
        },
        "totalSelections": 0,
        "overrideCount": 0,
        "overrideRate": 0.0,
        "model": {
            "weights": {name: PRIOR_WEIGHTS[name] for name in FEATURES},
            "directorBias": {ident: PRIOR_DIRECTOR_BIAS[ident] for ident in DIRECTOR_IDS},
            "steps": 0,
        },
        "recentChoices": [],
        "vocabularyWeights": {},
    }


def _canonical(pitches):
    """Pitches in roster order, so no result depends on the order they were listed in."""
    order = {ident: index for index, ident in enumerate(DIRECTOR_IDS)}
    keyed = sorted(
        (((order.get(ident, len(order)), str(ident)), p) for ident, p in ((director_id(p), p) for p in pitches)),
        key=lambda pair: pair[0],
    )
    ids = [key[1] for key, _ in keyed]
    if len(set(ids)) != len(ids) or "None" in ids:
        raise ValueError("each pitch needs a distinct director id")
    return [p for _, p in keyed]


def _model(profile):
    model = (profile or {}).get("model") or {}
    stored_w = model.get("weights") or {}
    stored_b = model.get("directorBias") or {}
    weights = tuple(float(stored_w.get(name, PRIOR_WEIGHTS[name])) for name in FEATURES)
    bias = {ident: float(stored_b.get(ident, PRIOR_DIRECTOR_BIAS[ident])) for ident in DIRECTOR_IDS}
    return weights, bias, int(model.get("steps", 0))


def _probabilities(weights, bias, rows):
    utilities = [sum(w * x for w, x in zip(weights, xs, strict=True)) + bias.get(ident, 0.0) for ident, xs in rows]
    top = max(utilities)
    exps = [math.exp(u - top) for u in utilities]
    total = sum(exps)
    return [e / total for e in exps]


def predict_proba(profile, pitches) -> dict[str, float]:
    """The model's chance that this user picks each pitch, keyed by director id."""
    ordered = _canonical(pitches)
    weights, bias, _ = _model(profile)
    rows = [(director_id(p), features(p)) for p in ordered]
    return dict(zip((ident for ident, _ in rows), _probabilities(weights, bias, rows), strict=True))


def _rounded(probabilities):
    """4 dp, with the largest absorbing the rounding so the logged values still sum to 1."""
    rounded = {ident: round(p, 4) for ident, p in probabilities.items()}
    top = max(rounded, key=lambda ident: (probabilities[ident], -list(probabilities).index(ident)))
    rounded[top] = round(1.0 - sum(v for ident, v in rounded.items() if ident != top), 4)
    return rounded


def _favourite_if_narrow(profile):
    recent = (profile or {}).get("recentChoices") or []
    recent = recent[-RECENT_CHOICES:]
    if len(recent) < COLD_START_SELECTIONS:
        return None
    counts = {}
    for choice in recent:
        counts[choice["directorId"]] = counts.get(choice["directorId"], 0) + 1
    favourite = max(counts, key=lambda ident: (counts[ident], -_roster_index(ident)))
    if counts[favourite] >= NARROW_SHARE * len(recent):
        return favourite
    return None


def _roster_index(ident):
    return DIRECTOR_IDS.index(ident) if ident in DIRECTOR_IDS else len(DIRECTOR_IDS)


def rank_pitches(profile: dict | None, pitches: list[dict], *, seed, learning_off=False) -> list[dict]:
    """New pitch dicts, best first, with rank, probability, recommended, reason, exploration, and on the
    recommended pitch the Studio Note, whether it is preselected and, after CONFIDENCE_AFTER choices, the
    calibrated confidence (None on the others).

    For a user's first choices the order is random (seeded, so the same job always shows the same order) while the
    model's probabilities are still logged; a user with a narrow pattern gets one non-favourite pitch 2nd.
    `learning_off` (the user said no to learning) changes only the reasons: none speaks of finding their taste.
    """
    ordered = _canonical(pitches)
    probabilities = predict_proba(profile, ordered)
    by_model = sorted(ordered, key=lambda p: -probabilities[director_id(p)])  # stable: roster order breaks ties
    recommended_id = director_id(by_model[0])
    exploration = {}

    total = int((profile or {}).get("totalSelections", 0))
    if total < COLD_START_SELECTIONS:
        shown = list(ordered)
        random.Random(f"studio-head:{seed}").shuffle(shown)
        exploration = {director_id(p): "cold_start" for p in shown}
    else:
        shown = by_model
        favourite = _favourite_if_narrow(profile)
        if favourite is not None and len(shown) > 2:
            wildcard = _pick_wildcard(shown, favourite, seed)
            if wildcard is not None:
                shown = [shown[0], wildcard] + [p for p in shown[1:] if p is not wildcard]
                exploration[director_id(wildcard)] = "wildcard"

    logged = _rounded(probabilities)
    note = studio_note(profile)
    confidence = confidence_of(probabilities) if total >= CONFIDENCE_AFTER else None
    ranked = []
    for rank, pitch in enumerate(shown, start=1):
        ident = director_id(pitch)
        item = dict(pitch)
        item.update(
            rank=rank,
            probability=logged[ident],
            recommended=ident == recommended_id,
            exploration=exploration.get(ident),
            preselected=ident == recommended_id and total >= PRESELECT_AFTER,
            confidence=confidence if ident == recommended_id else None,
            studio_note=note["text"] if note and ident == recommended_id else None,
        )
        item.setdefault("note_reply", None)
        item["reason"] = reason(item, profile=profile, exploration=item["exploration"], learning_off=learning_off)
        ranked.append(item)
    return ranked


def scaled_confidence(probability, slope=CONFIDENCE_SLOPE, offset=CONFIDENCE_OFFSET):
    """A top probability through the logistic scaling of its log-odds."""
    p = min(max(probability, 1e-9), 1.0 - 1e-9)
    return 1.0 / (1.0 + math.exp(-(slope * math.log(p / (1.0 - p)) + offset)))


def confidence_of(probabilities):
    """The calibrated chance that the top pitch is the one chosen, to 2 places (a percentage)."""
    return round(scaled_confidence(max(probabilities.values())), 2)


def _pick_wildcard(shown, favourite, seed):
    """A non-favourite pitch from a different dimension when there is one, chosen at random (seeded)."""
    top = shown[0]
    fav_pitch = next((p for p in shown if director_id(p) == favourite), None)
    fav_dim = pitch_dimension(fav_pitch) if fav_pitch is not None else None
    others = [p for p in shown[1:] if director_id(p) != favourite]
    different = [p for p in others if pitch_dimension(p) != fav_dim and p is not top]
    candidates = different or others
    if not candidates:
        return None
    return random.Random(f"studio-head-wildcard:{seed}").choice(candidates)


def stored_pitches(ranked: list[dict]) -> list[dict]:
    """The pitches as a learning event stores them: the original's camelCase keys plus how each was shown."""
    return [
        {
            "directorId": director_id(p),
            "biasedScores": biased_scores(p),
            "recommendedEngine": engine(p),
            "risk": risk_value(p),
            "objectivePick": is_objective_pick(p),
            "rank": p.get("rank"),
            "probability": p.get("probability"),
            "recommended": p.get("recommended"),
            "exploration": p.get("exploration"),
            "preselected": p.get("preselected"),
            "confidence": p.get("confidence"),
            "words": pitch_words(p),
        }
        for p in ranked
    ]


def _objective_winner(raw_scores):
    return top_dimension(_raw(raw_scores))


def _raw(raw_scores):
    return {dim: float((raw_scores or {}).get(dim) or 0.0) for dim in DIMENSIONS}


def _objective_pick(shown, raw_scores):
    """The director The Eye's objective rule picked for this image: the pitch shown as the objective pick (the
    card the Lounge labels so), else the same rule on the raw scores. An override is any other choice."""
    flagged = [director_id(p) for p in shown if is_objective_pick(p)]
    return flagged[0] if flagged else objective_recommendation(_raw(raw_scores))


def learn_from_choice(profile: dict | None, shown: list[dict], chosen_id: str, raw_scores: dict) -> tuple[dict, dict]:
    """Learn from one selection. Pure: returns (new_profile, learning_delta) and leaves `profile` untouched."""
    return _learn(profile, shown, chosen_id, raw_scores, explain=True)


def update_profile(profile: dict | None, shown: list[dict], chosen_id: str, raw_scores: dict) -> dict:
    """learn_from_choice's new profile alone, without building the learning delta (for replays)."""
    return _learn(profile, shown, chosen_id, raw_scores, explain=False)[0]


def logit_step(weights, bias, rows, chosen_index, steps, *, prior_weights, prior_bias):
    """One online step of the conditional logit on one choice: the Studio Head's learning core.

    `rows` are the alternatives shown, (id, features); `bias` and `prior_bias` hold a constant per alternative id
    (every id of `prior_bias`, shown or not); `steps` is how many choices were learned before. Returns the choice
    probabilities before the step, the learning rate, the gradient, and the new weights and biases. Plain
    arithmetic in a fixed order, so the same inputs always give the same floats.
    """
    probabilities = _probabilities(weights, bias, rows)
    chosen_id, chosen_x = rows[chosen_index]
    size = len(weights)
    expected = [0.0] * size
    for p, (_, x) in zip(probabilities, rows, strict=True):
        for k in range(size):
            expected[k] += p * x[k]
    eta = ETA0 / (1.0 + steps / TAU)
    gradient = [chosen_x[k] - expected[k] for k in range(size)]
    new_weights = [weights[k] + eta * (gradient[k] - PRIOR_PULL * (weights[k] - prior_weights[k])) for k in range(size)]
    shown_p = {ident: p for (ident, _), p in zip(rows, probabilities, strict=True)}
    bias_gradient = {
        ident: ((1.0 if ident == chosen_id else 0.0) - shown_p[ident]) if ident in shown_p else 0.0
        for ident in prior_bias
    }
    new_bias = {
        ident: bias[ident] + eta * (bias_gradient[ident] - PRIOR_PULL * (bias[ident] - prior_bias[ident]))
        for ident in prior_bias
    }
    return {
        "probabilities": probabilities,
        "eta": eta,
        "gradient": gradient,
        "weights": new_weights,
        "biasGradient": bias_gradient,
        "bias": new_bias,
    }


def _learn(profile, shown, chosen_id, raw_scores, *, explain):
    base = profile if profile is not None else empty_profile()
    rows = [(director_id(p), p) for p in _canonical(shown)]
    idents = [ident for ident, _ in rows]
    if chosen_id not in idents:
        raise ValueError(f"director {chosen_id!r} was not among the pitches shown")
    chosen = rows[idents.index(chosen_id)][1]

    weights, bias, steps = _model(base)
    xs = [features(p) for _, p in rows]
    chosen_index = idents.index(chosen_id)
    step = logit_step(
        weights,
        bias,
        list(zip(idents, xs, strict=True)),
        chosen_index,
        steps,
        prior_weights=[PRIOR_WEIGHTS[name] for name in FEATURES],
        prior_bias=PRIOR_DIRECTOR_BIAS,
    )
    probabilities, eta, gradient, new_weights = step["probabilities"], step["eta"], step["gradient"], step["weights"]
    bias_gradient, new_bias = step["biasGradient"], step["bias"]
    chosen_p = probabilities[chosen_index]
    shown_p = dict(zip(idents, probabilities, strict=True))

    subjective = pitch_dimension(chosen)
    objective = _objective_winner(raw_scores)
    objective_pick = _objective_pick([p for _, p in rows], raw_scores)
    was_override = chosen_id != objective_pick
    total = int(base.get("totalSelections", 0)) + 1
    overrides = int(base.get("overrideCount", 0)) + (1 if was_override else 0)

    old_vector = base.get("biasVector") or {}
    bias_vector = {}
    for dim in DIMENSIONS:
        target = BIAS_TARGET_CHOSEN if dim == subjective else BIAS_TARGET_OTHER
        old = float(old_vector.get(dim, 0.0))
        bias_vector[dim] = round((1.0 - BIAS_VECTOR_ALPHA) * old + BIAS_VECTOR_ALPHA * target, 6)

    old_rates = base.get("directorWinRate") or {}
    win_rate = {}
    for ident in DIRECTOR_IDS:
        entry = dict(old_rates.get(ident) or {"wins": 0, "losses": 0, "streak": 0, "lastSelected": None})
        if ident == chosen_id:
            entry["wins"] = entry.get("wins", 0) + 1
            entry["streak"] = entry.get("streak", 0) + 1
            entry["lastSelected"] = total
        else:
            entry["streak"] = 0
            if ident in shown_p:
                entry["losses"] = entry.get("losses", 0) + 1
        seen = entry["wins"] + entry["losses"]
        entry["rate"] = round(entry["wins"] / seen, 4) if seen else 0.0
        win_rate[ident] = entry

    vocabulary = update_vocabulary(base.get("vocabularyWeights"), [pitch_words(p) for _, p in rows], chosen_index)

    recent = list(base.get("recentChoices") or [])
    recent.append({"directorId": chosen_id, "dimension": subjective})

    new_profile = {
        "version": PROFILE_VERSION,
        "biasVector": bias_vector,
        "directorWinRate": win_rate,
        "totalSelections": total,
        "overrideCount": overrides,
        "overrideRate": round(overrides / total, 4),
        "model": {
            "weights": dict(zip(FEATURES, new_weights, strict=True)),
            "directorBias": new_bias,
            "steps": steps + 1,
        },
        "recentChoices": recent[-RECENT_CHOICES:],
        "vocabularyWeights": vocabulary,
    }
    if not explain:
        return new_profile, None
    chosen_shown = next(p for p in shown if director_id(p) == chosen_id)
    delta = {
        "objectiveWinner": objective,
        "objectivePick": objective_pick,
        "subjectiveChoice": subjective,
        "wasOverride": was_override,
        "step": steps + 1,
        "learningRate": eta,
        "priorPull": PRIOR_PULL,
        "chosenProbability": chosen_p,
        "surprise": -math.log(max(chosen_p, 1e-300)),
        "shownRank": chosen_shown.get("rank"),
        "exploration": chosen_shown.get("exploration"),
        "gradient": dict(zip(FEATURES, gradient, strict=True)),
        "weightsBefore": dict(zip(FEATURES, weights, strict=True)),
        "weightsAfter": dict(zip(FEATURES, new_weights, strict=True)),
        "directorBiasGradient": bias_gradient,
        "directorBiasBefore": bias,
        "directorBiasDelta": {ident: new_bias[ident] - bias[ident] for ident in DIRECTOR_IDS},
        "biasVectorDelta": {dim: bias_vector[dim] - float(old_vector.get(dim, 0.0)) for dim in DIMENSIONS},
        "vocabularyDelta": _vocabulary_delta(base.get("vocabularyWeights") or {}, vocabulary),
    }
    return new_profile, delta


def _vocabulary_delta(before, after):
    """The words whose weight this choice changed, old -> new (fading alone is not listed)."""
    changed = {}
    for word in sorted(set(before) | set(after)):
        old, new = float(before.get(word, 0.0)), float(after.get(word, 0.0))
        if abs(new - VOCABULARY_DECAY * old) > 1e-9:
            changed[word] = round(new - old, 4)
    return changed


def replay(events: Iterable[tuple[list[dict], str, dict]]) -> dict:
    """The profile that applying learn_from_choice to each (shown, chosen_id, raw_scores) in order produces."""
    profile = None
    for shown, chosen_id, raw_scores in events:
        profile = update_profile(profile, shown, chosen_id, raw_scores)
    return profile if profile is not None else empty_profile()
