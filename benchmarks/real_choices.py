"""The Studio Head's learning core on real human choices: the Swissmetro stated-preference panel.

    .venv/bin/python benchmarks/real_choices.py [--folds 5] [--seed 1] [--people N] [--record]

The panel (Bierlaire et al., 2001; shipped inside the `biogeme` wheel as biogeme/data/data/swissmetro.dat, read
from the installed files with no network and without importing biogeme) holds 1,191 people x 9 choices among
train, Swissmetro and car (car not offered to everyone). The rows are prepared as biogeme's own example does:
rows with CHOICE 0 dropped; travel time, cost and headway divided by 100; train and Swissmetro cost 0 for
holders of an annual pass (GA).

People are split into folds (seeded). For each fold, on the other folds' people:
- `pooled_logit`: one conditional logit fitted on all their choices (scipy.optimize, L-BFGS, maximum
  likelihood; generic time, cost and headway coefficients, an alternative-specific constant per mode);
- `popularity`: the share of each mode among their choices, renormalised over the modes offered;
- `uniform`: every offered mode alike (its top-1 is the tie-break's: train whenever offered).
And per person of the fold, in the order they answered:
- `person_frequency`: how often the person chose each offered mode so far, +1 each (no features at all);
- `studio_head`: the Studio Head's learning core (learning/studio_head.py `logit_step`, the same step and the
  same constants as the product: learning rate 0.6 / (1 + t / 5), pull 0.02 toward the prior) starting from the
  pooled fit as the population prior, predicting each choice from the person's earlier choices only, then
  learning from it.
Each predictor is scored on each choice: top-1 (its most likely offered mode, ties in the order train,
Swissmetro, car) and log-loss (-ln of the probability it gave the chosen mode), per choice index 1-9.
"""

import argparse
import csv
import datetime
import importlib.metadata
import math
import random
import sys
from pathlib import Path

import numpy as np
from scipy.optimize import minimize

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from learning.studio_head import logit_step  # noqa: E402
from studio_project.machine import machine  # noqa: E402

MODES = ("train", "swissmetro", "car")
FEATURES = ("time", "cost", "headway")
PREDICTORS = ("studio_head", "pooled_logit", "person_frequency", "popularity", "uniform")
CHOICES = 9
HEADING = "## The Studio Head on real human choices (Swissmetro)"
INSTALL = "pip install --no-deps -r requirements-benchmark.txt"


def data_file():
    """The panel's file inside the installed biogeme wheel."""
    try:
        dist = importlib.metadata.distribution("biogeme")
    except importlib.metadata.PackageNotFoundError:
        raise FileNotFoundError(f"The Swissmetro panel ships in the biogeme wheel: {INSTALL}") from None
    path = Path(dist.locate_file("biogeme/data/data/swissmetro.dat"))
    if not path.exists():
        raise FileNotFoundError(f"biogeme {dist.version} does not ship {path}")
    return path


def load_people(path=None):
    """People in file order, each {id, choices: [{index, alternatives: [(mode, features)], chosen}]}."""
    people = {}
    with open(path or data_file(), newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            choice = int(row["CHOICE"])
            if choice == 0:
                continue
            value = {key: float(text) for key, text in row.items() if key != "ID"}
            paid = 0.0 if value["GA"] == 1 else 1.0  # an annual pass: train and Swissmetro cost nothing more
            offered = {
                "train": value["TRAIN_AV"] == 1,
                "swissmetro": value["SM_AV"] == 1,
                "car": value["CAR_AV"] == 1 and value["SP"] != 0,
            }
            x = {
                "train": (value["TRAIN_TT"] / 100, paid * value["TRAIN_CO"] / 100, value["TRAIN_HE"] / 100),
                "swissmetro": (value["SM_TT"] / 100, paid * value["SM_CO"] / 100, value["SM_HE"] / 100),
                "car": (value["CAR_TT"] / 100, value["CAR_CO"] / 100, 0.0),
            }
            person = people.setdefault(row["ID"], {"id": row["ID"], "choices": []})
            person["choices"].append(
                {
                    "index": len(person["choices"]) + 1,
                    "alternatives": [(mode, x[mode]) for mode in MODES if offered[mode]],
                    "chosen": MODES[choice - 1],
                }
            )
    return list(people.values())


# --- The predictors ----------------------------------------------------------------------------------------------


def uniform(alternatives):
    return {mode: 1.0 / len(alternatives) for mode, _ in alternatives}


def popularity_of(people):
    counts = dict.fromkeys(MODES, 0)
    for person in people:
        for choice in person["choices"]:
            counts[choice["chosen"]] += 1
    return counts


def popular(counts, alternatives):
    total = sum(counts[mode] for mode, _ in alternatives)
    if not total:
        return uniform(alternatives)
    return {mode: counts[mode] / total for mode, _ in alternatives}


def logit(weights, bias, alternatives):
    utilities = [sum(w * v for w, v in zip(weights, x, strict=True)) + bias[mode] for mode, x in alternatives]
    top = max(utilities)
    exps = [math.exp(u - top) for u in utilities]
    total = sum(exps)
    return {mode: e / total for (mode, _), e in zip(alternatives, exps, strict=True)}


def fit_pooled(people, ridge=1e-6):
    """The conditional logit's maximum-likelihood weights and constants (Swissmetro's fixed at 0) on `people`."""
    rows, offered, chosen = [], [], []
    for person in people:
        for choice in person["choices"]:
            x = np.zeros((len(MODES), len(FEATURES) + len(MODES) - 1))
            mask = np.zeros(len(MODES), dtype=bool)
            for mode, features in choice["alternatives"]:
                j = MODES.index(mode)
                x[j, : len(FEATURES)] = features
                if mode != "swissmetro":
                    x[j, len(FEATURES) + (0 if mode == "train" else 1)] = 1.0
                mask[j] = True
            rows.append(x)
            offered.append(mask)
            chosen.append(MODES.index(choice["chosen"]))
    x, offered, chosen = np.array(rows), np.array(offered), np.array(chosen)
    count = len(chosen)

    def loss(theta):
        utilities = np.where(offered, x @ theta, -np.inf)
        utilities -= utilities.max(axis=1, keepdims=True)
        p = np.exp(utilities)
        p /= p.sum(axis=1, keepdims=True)
        picked = p[np.arange(count), chosen]
        grad = (p[:, :, None] * x).sum(axis=1) - x[np.arange(count), chosen]
        value = -np.log(np.maximum(picked, 1e-300)).sum() + ridge * count * theta @ theta
        return value, grad.sum(axis=0) + 2 * ridge * count * theta

    found = minimize(loss, np.zeros(x.shape[2]), jac=True, method="L-BFGS-B")
    theta = found.x
    weights = tuple(float(v) for v in theta[: len(FEATURES)])
    bias = {"train": float(theta[len(FEATURES)]), "swissmetro": 0.0, "car": float(theta[len(FEATURES) + 1])}
    return weights, bias


# --- Scoring -----------------------------------------------------------------------------------------------------


def top_of(probabilities):
    """The most likely mode; ties go to the order train, Swissmetro, car."""
    return max(probabilities, key=lambda mode: (probabilities[mode], -MODES.index(mode)))


class Score:
    def __init__(self):
        self.cells = {index: [0, 0.0, 0] for index in range(1, CHOICES + 1)}

    def add(self, index, probabilities, chosen):
        cell = self.cells[index]
        cell[0] += 1 if top_of(probabilities) == chosen else 0
        cell[1] += -math.log(max(probabilities[chosen], 1e-15))
        cell[2] += 1

    def top1(self, index=None):
        hits, _, count = self._of(index)
        return hits / count if count else float("nan")

    def log_loss(self, index=None):
        _, loss, count = self._of(index)
        return loss / count if count else float("nan")

    def count(self, index=None):
        return self._of(index)[2]

    def _of(self, index):
        if index is not None:
            return self.cells[index]
        return [sum(cell[k] for cell in self.cells.values()) for k in range(3)]


def folds_of(people, folds, seed):
    order = list(range(len(people)))
    random.Random(seed).shuffle(order)
    return [[people[i] for i in sorted(order[k::folds])] for k in range(folds)]


def evaluate(people, *, folds=5, seed=1):
    """{predictor: Score} over every person, each predicted from the other folds' people and their own past."""
    scores = {name: Score() for name in PREDICTORS}
    groups = folds_of(people, folds, seed)
    for k, test in enumerate(groups):
        train = [person for j, group in enumerate(groups) if j != k for person in group]
        weights, bias = fit_pooled(train)
        counts = popularity_of(train)
        for person in test:
            own_w, own_b, steps = list(weights), dict(bias), 0
            own_counts = dict.fromkeys(MODES, 1)
            for choice in person["choices"]:
                alternatives, chosen, index = choice["alternatives"], choice["chosen"], choice["index"]
                chosen_index = [mode for mode, _ in alternatives].index(chosen)
                step = logit_step(
                    own_w, own_b, alternatives, chosen_index, steps, prior_weights=weights, prior_bias=bias
                )
                personal = dict(zip((mode for mode, _ in alternatives), step["probabilities"], strict=True))
                scores["studio_head"].add(index, personal, chosen)
                scores["pooled_logit"].add(index, logit(weights, bias, alternatives), chosen)
                scores["popularity"].add(index, popular(counts, alternatives), chosen)
                scores["uniform"].add(index, uniform(alternatives), chosen)
                scores["person_frequency"].add(index, popular(own_counts, alternatives), chosen)
                own_w, own_b, steps = step["weights"], step["bias"], steps + 1
                own_counts[chosen] += 1
    return scores


def tables(scores):
    """Two markdown tables: top-1 and log-loss, overall and per choice index."""
    out = []
    for title, metric in (("top-1", Score.top1), ("log-loss", Score.log_loss)):
        headers = ["predictor", f"{title} all", *(str(i) for i in range(1, CHOICES + 1))]
        lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
        for name in PREDICTORS:
            score = scores[name]
            cells = [name, f"{metric(score):.3f}"]
            cells += [f"{metric(score, i):.3f}" for i in range(1, CHOICES + 1)]
            lines.append("| " + " | ".join(cells) + " |")
        out.append(f"{title} per choice index (1 = the person's first answer):\n\n" + "\n".join(lines))
    return "\n\n".join(out)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--people", type=int, help="Only the first N people of the file (a quick run).")
    parser.add_argument("--record", action="store_true", help="Append the tables to benchmarks/RESULTS.md.")
    args = parser.parse_args()

    people = load_people()
    if args.people:
        people = people[: args.people]
    scores = evaluate(people, folds=args.folds, seed=args.seed)
    count = scores["uniform"].count()
    header = (
        f"{len(people)} people, {count} choices, {args.folds} folds by person (seed {args.seed}); "
        f"biogeme {importlib.metadata.version('biogeme')}'s swissmetro.dat"
    )
    body = tables(scores)
    print(f"{header}\n\n{body}")
    if args.record:
        stamp = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
        with open(ROOT / "benchmarks" / "RESULTS.md", "a") as results:
            results.write(f"\n{HEADING}\n\n{stamp}, {machine()}. {header}.\n\n{body}\n")
        print("\nappended to benchmarks/RESULTS.md")


if __name__ == "__main__":
    main()
