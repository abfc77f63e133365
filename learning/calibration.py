"""How far the Studio Head's stated confidence is from what happens, and the scaling that closes the gap.

The confidence shown with a recommendation is the chance that the top pitch is the one chosen. Calibrated means:
of the choices where it said 70 %, about 70 % went to that pitch. `reliability` bins the stated probability and
compares each bin's mean with its hit rate. The model's own top probability is too low (the online model is
pulled toward the population prior), so the confidence is the top probability through a fitted logistic
("Platt") scaling of its log-odds, ``sigmoid(slope * logit(p) + offset)``, fitted by maximum likelihood on
whether the top pitch was chosen. (Dividing the utilities by one temperature was tried first: on the simulated
population it left the gap above 5 points, see docs/studio-head.md.)
"""

import math

from scipy.optimize import minimize

BINS = 10
MIN_BIN = 100  # a bin with fewer choices is shown but not counted in the largest gap: too noisy to judge


def top_of(probabilities):
    """The top key and its probability; ties go to the first key (the roster's order)."""
    keys = list(probabilities)
    top = max(keys, key=lambda key: (probabilities[key], -keys.index(key)))
    return top, probabilities[top]


def reliability(pairs, bins=BINS, min_bin=MIN_BIN):
    """Reliability of (stated probability, hit) pairs.

    Returns {bins: [{low, high, count, stated, observed, gap}], count, stated, observed, weighted_gap, max_gap}:
    `weighted_gap` is the count-weighted mean of |stated - observed| over the bins (the expected calibration
    error), `max_gap` the largest over bins with at least `min_bin` choices.
    """
    cells = [[0, 0.0, 0] for _ in range(bins)]
    for stated, hit in pairs:
        cell = cells[min(bins - 1, max(0, int(stated * bins)))]
        cell[0] += 1
        cell[1] += stated
        cell[2] += 1 if hit else 0
    total = sum(cell[0] for cell in cells)
    rows, weighted, largest = [], 0.0, 0.0
    for index, (count, stated_sum, hits) in enumerate(cells):
        if not count:
            continue
        stated, observed = stated_sum / count, hits / count
        gap = abs(stated - observed)
        weighted += count / total * gap
        if count >= min_bin:
            largest = max(largest, gap)
        rows.append(
            {
                "low": index / bins,
                "high": (index + 1) / bins,
                "count": count,
                "stated": stated,
                "observed": observed,
                "gap": gap,
            }
        )
    return {
        "bins": rows,
        "count": total,
        "stated": sum(s for s, _ in pairs) / total if total else float("nan"),
        "observed": sum(1 for _, h in pairs if h) / total if total else float("nan"),
        "weighted_gap": weighted if total else float("nan"),
        "max_gap": largest if total else float("nan"),
    }


def fit_scaling(pairs):
    """(slope, offset) maximising the likelihood of the hits in `pairs`: (stated top probability, hit) tuples."""
    logits = [math.log(min(max(p, 1e-9), 1 - 1e-9) / (1 - min(max(p, 1e-9), 1 - 1e-9))) for p, _ in pairs]
    hits = [1.0 if hit else 0.0 for _, hit in pairs]

    def loss(params):
        slope, offset = params
        total = 0.0
        for z, y in zip(logits, hits, strict=True):
            u = slope * z + offset
            # -log sigmoid(u) for a hit, -log(1 - sigmoid(u)) for a miss, without overflow
            total += math.log1p(math.exp(-abs(u))) + max(0.0, -u if y else u)
        return total

    found = minimize(loss, [1.0, 0.0], method="Nelder-Mead", options={"xatol": 1e-6, "fatol": 1e-9})
    return float(found.x[0]), float(found.x[1])
