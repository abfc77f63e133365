"""A simulated population of users with hidden tastes, to measure the Studio Head against simple baselines.

Each simulated user has hidden weights over the same pitch features plus an affinity per director, drawn from one
of a few taste archetypes with noise, and picks among the four pitches of each image by sampling from the softmax
of that hidden utility (so even a perfect model can't be right every time). Events are interleaved across users in
time order; every predictor sees only earlier events, then learns from the new one.
"""

import math
import random
from dataclasses import dataclass, field

import numpy as np

from director.directors import (
    DIMENSIONS,
    DIRECTOR_IDS,
    ROSTER,
    biased_scores,
    objective_recommendation,
    recommended_engine,
)
from learning.features import FEATURES, director_id, features
from learning.studio_head import learn_from_choice, predict_proba

TASTES = {
    "kinetic": ({"physics": 4.0, "dominant_physics": 0.8, "risk": -0.5}, {"newtonian": 1.0}),
    "dreamer": ({"vibe": 4.0, "dominant_vibe": 0.8}, {"visionary": 1.0}),
    "clean": ({"logic": 4.0, "dominant_logic": 0.8, "risk": -1.0}, {"minimalist": 1.0}),
    "rebel": ({"risk": 2.0, "engine_luma": 0.5}, {"provocateur": 1.0}),
    "trusting": ({"objective_pick": 2.5}, {}),
}
NOISE = 0.4

BUCKETS = ((1, 5), (6, 10), (11, 20), (21, 30))
OBJECTIVE_PICK_PROBABILITY = 0.7  # the objective rule's log-loss: 0.7 on its pick, 0.1 on each other


def build_pitches(raw):
    """The four pitches for raw scores as the Lounge builds them (the roster's scores, engines and risk), with just
    the fields the Studio Head reads."""
    objective = objective_recommendation(raw)
    pitches = []
    for director in ROSTER.values():
        biased = biased_scores(director, raw)
        pitches.append(
            {
                "director_id": director.id,
                "biased_scores": biased,
                "risk": director.risk,
                "recommended_engine": recommended_engine(director, biased),
                "objective_pick": director.id == objective,
            }
        )
    return pitches


def random_raw(rng):
    return {dim: round(rng.uniform(1.0, 9.8), 1) for dim in DIMENSIONS}


@dataclass
class SimulatedUser:
    taste: str
    weights: tuple
    affinity: dict

    def utility(self, pitch):
        return (
            sum(w * x for w, x in zip(self.weights, features(pitch), strict=True)) + self.affinity[pitch["director_id"]]
        )

    def probabilities(self, pitches):
        utilities = [self.utility(p) for p in pitches]
        top = max(utilities)
        exps = [math.exp(u - top) for u in utilities]
        total = sum(exps)
        return {p["director_id"]: e / total for p, e in zip(pitches, exps, strict=True)}

    def choose(self, probabilities, rng):
        pick = rng.random()
        for ident, p in probabilities.items():
            pick -= p
            if pick <= 0:
                return ident
        return ident


def simulate_population(users=200, choices=30, seed=7):
    """Events in time order: dicts with user, index (1-based choice number), pitches, chosen, raw."""
    rng = random.Random(seed)
    people = []
    for _ in range(users):
        taste = rng.choice(sorted(TASTES))
        base_w, base_b = TASTES[taste]
        scale = rng.uniform(0.8, 1.5)
        weights = tuple(scale * base_w.get(name, 0.0) + rng.gauss(0.0, NOISE) for name in FEATURES)
        affinity = {ident: scale * base_b.get(ident, 0.0) + rng.gauss(0.0, NOISE) for ident in DIRECTOR_IDS}
        people.append(SimulatedUser(taste, weights, affinity))
    events = []
    for index in range(1, choices + 1):
        order = list(range(users))
        rng.shuffle(order)
        for user in order:
            raw = random_raw(rng)
            pitches = build_pitches(raw)
            truth = people[user].probabilities(pitches)
            chosen = people[user].choose(truth, rng)
            events.append(
                {"user": user, "index": index, "raw": raw, "pitches": pitches, "chosen": chosen, "truth": truth}
            )
    return events


def _argmax(probabilities):
    return max(DIRECTOR_IDS, key=lambda ident: (probabilities[ident], -DIRECTOR_IDS.index(ident)))


@dataclass
class Score:
    hits: int = 0
    loss: float = 0.0
    count: int = 0
    by_bucket: dict = field(default_factory=lambda: {bucket: [0, 0.0, 0] for bucket in BUCKETS})

    def add(self, index, probabilities, chosen):
        hit = 1 if _argmax(probabilities) == chosen else 0
        loss = -math.log(max(probabilities[chosen], 1e-15))
        self.hits += hit
        self.loss += loss
        self.count += 1
        for bucket in BUCKETS:
            if bucket[0] <= index <= bucket[1]:
                cell = self.by_bucket[bucket]
                cell[0] += hit
                cell[1] += loss
                cell[2] += 1

    def accuracy(self, bucket=None):
        hits, _, count = self.by_bucket[bucket] if bucket else (self.hits, self.loss, self.count)
        return hits / count if count else float("nan")

    def log_loss(self, bucket=None):
        _, loss, count = self.by_bucket[bucket] if bucket else (self.hits, self.loss, self.count)
        return loss / count if count else float("nan")


PREDICTORS = ("studio_head", "uniform", "popularity", "user_frequency", "objective_rule")
CEILING = "hidden_taste"  # the simulated user's own choice probabilities: the best any predictor can do


def evaluate(events, records=None):
    """Replay events in order; each predictor predicts from earlier events only, then learns. Returns {name: Score}.

    `records`, a list, receives the Studio Head's prediction for each event: (user, index, probabilities, chosen).
    """
    scores = {name: Score() for name in (*PREDICTORS, CEILING)}
    profiles = {}
    popularity = dict.fromkeys(DIRECTOR_IDS, 1)
    frequency = {}
    uniform = dict.fromkeys(DIRECTOR_IDS, 0.25)
    other = (1.0 - OBJECTIVE_PICK_PROBABILITY) / (len(DIRECTOR_IDS) - 1)
    for event in events:
        user, index, chosen, pitches = event["user"], event["index"], event["chosen"], event["pitches"]
        own = frequency.setdefault(user, dict.fromkeys(DIRECTOR_IDS, 1))
        objective = objective_recommendation(event["raw"])
        predictions = {
            "studio_head": predict_proba(profiles.get(user), pitches),
            "uniform": uniform,
            "popularity": _normalised(popularity),
            "user_frequency": _normalised(own),
            "objective_rule": {i: OBJECTIVE_PICK_PROBABILITY if i == objective else other for i in DIRECTOR_IDS},
            CEILING: event["truth"],
        }
        for name, probabilities in predictions.items():
            scores[name].add(index, probabilities, chosen)
        if records is not None:
            records.append((user, index, predictions["studio_head"], chosen))
        profiles[user], _ = learn_from_choice(profiles.get(user), pitches, chosen, event["raw"])
        popularity[chosen] += 1
        own[chosen] += 1
    return scores


def _normalised(counts):
    total = sum(counts.values())
    return {ident: counts[ident] / total for ident in DIRECTOR_IDS}


def report_table(scores):
    """The evaluation as a markdown table: overall and per choice-index bucket."""
    headers = ["predictor", "top-1", "log-loss"] + [f"top-1 {a}-{b}" for a, b in BUCKETS] + ["log-loss 21-30"]
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    for name in (*PREDICTORS, CEILING):
        score = scores[name]
        cells = [
            f"({name}, the ceiling)" if name == CEILING else name,
            f"{score.accuracy():.3f}",
            f"{score.log_loss():.3f}",
        ]
        cells += [f"{score.accuracy(bucket):.3f}" for bucket in BUCKETS]
        cells.append(f"{score.log_loss(BUCKETS[-1]):.3f}")
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def fit_prior(events, ridge=1e-2, iterations=25, *, director_bias=True):
    """The population's conditional logit, fitted by Newton's method on all events pooled (ridge toward zero).

    Events are dicts with `pitches` (either stored shape) and `chosen`. Without `director_bias` only the pitch
    features are fitted (the bias comes back empty).
    """
    n_features = len(FEATURES)
    dims = n_features + (len(DIRECTOR_IDS) if director_bias else 0)
    x = np.zeros((len(events), len(DIRECTOR_IDS), dims))
    chosen = np.zeros((len(events), len(DIRECTOR_IDS)))
    for e, event in enumerate(events):
        for j, pitch in enumerate(sorted(event["pitches"], key=lambda p: DIRECTOR_IDS.index(director_id(p)))):
            x[e, j, :n_features] = features(pitch)
            if director_bias:
                x[e, j, n_features + DIRECTOR_IDS.index(director_id(pitch))] = 1.0
            chosen[e, j] = 1.0 if director_id(pitch) == event["chosen"] else 0.0
    theta = np.zeros(dims)
    count = len(events)
    for _ in range(iterations):
        utilities = x @ theta
        utilities -= utilities.max(axis=1, keepdims=True)
        p = np.exp(utilities)
        p /= p.sum(axis=1, keepdims=True)
        mean_x = np.einsum("ej,ejk->ek", p, x)
        gradient = np.einsum("ej,ejk->k", chosen, x) - mean_x.sum(axis=0) - ridge * count * theta
        second = np.einsum("ej,ejk,ejl->kl", p, x, x) - np.einsum("ek,el->kl", mean_x, mean_x)
        hessian = second + ridge * count * np.eye(dims)
        step = np.linalg.solve(hessian, gradient)
        theta += step
        if np.abs(step).max() < 1e-10:
            break
    weights = {name: round(float(theta[k]), 4) for k, name in enumerate(FEATURES)}
    bias = {ident: round(float(theta[n_features + d]), 4) for d, ident in enumerate(DIRECTOR_IDS) if director_bias}
    return weights, bias
