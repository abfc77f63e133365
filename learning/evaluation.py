"""The Studio Head's evaluation as stored data: `manage.py evaluate_studio_head` writes it, the dashboard reads it.

One JSON file (settings.STUDIO_EVALUATION_FILE, under var/ by default) holds the latest run: who it simulated, the
score of every predictor and the goals it met. The dashboard re-reads it only when the file changes.
"""

import datetime
import json
import math
import os
import tempfile
from pathlib import Path

from django.conf import settings

from learning import calibration, simulate
from learning.studio_head import CONFIDENCE_AFTER, CONFIDENCE_OFFSET, CONFIDENCE_SLOPE, scaled_confidence
from studio_project.machine import machine

HEADERS = ["top-1", "log-loss", *(f"top-1 {a}-{b}" for a, b in simulate.BUCKETS), "log-loss 21-30"]
RUN_COMMAND = "manage.py evaluate_studio_head"
CALIBRATION_GOAL = 0.05  # the stated confidence within 5 points of the observed hit rate


def calibrate(records, scaling=(CONFIDENCE_SLOPE, CONFIDENCE_OFFSET)):
    """The confidence's reliability on the choices after the CONFIDENCE_AFTER-th, where the Lounge shows it.

    Users with an even number fit a scaling here; the others are the held-out part, scored three ways: the model's
    own top probability, the scaling fitted here, and the product's (CONFIDENCE_SLOPE, CONFIDENCE_OFFSET).
    """
    shown = []
    for user, index, probabilities, chosen in records:
        if index > CONFIDENCE_AFTER:
            top, stated = calibration.top_of(probabilities)
            shown.append((user, stated, top == chosen))
    fit_part = [(stated, hit) for user, stated, hit in shown if user % 2 == 0]
    held_out = [(stated, hit) for user, stated, hit in shown if user % 2 == 1]
    fitted = calibration.fit_scaling(fit_part) if fit_part else (1.0, 0.0)

    def measure(slope, offset):
        return _plain(calibration.reliability([(scaled_confidence(p, slope, offset), hit) for p, hit in held_out]))

    return {
        "after": CONFIDENCE_AFTER,
        "fitChoices": len(fit_part),
        "heldOutChoices": len(held_out),
        "fittedScaling": [round(v, 4) for v in fitted],
        "productScaling": list(scaling),
        "uncalibrated": measure(1.0, 0.0),
        "fitted": measure(*fitted),
        "product": measure(*scaling),
    }


def fit_confidence(*, users, choices, seed):
    """The confidence scaling fitted on every simulated choice after the CONFIDENCE_AFTER-th (for the constants)."""
    records = []
    simulate.evaluate(simulate.simulate_population(users=users, choices=choices, seed=seed), records)
    pairs = []
    for _, index, probabilities, chosen in records:
        if index > CONFIDENCE_AFTER:
            top, stated = calibration.top_of(probabilities)
            pairs.append((stated, top == chosen))
    return tuple(round(v, 4) for v in calibration.fit_scaling(pairs))


def _plain(value):
    """Rounded, and NaN as null, so the stored file stays plain JSON."""
    if isinstance(value, dict):
        return {key: _plain(v) for key, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, float):
        return None if math.isnan(value) else round(value, 4)
    return value


def calibration_table(result):
    """The reliability of the shown confidence on the held-out part, as markdown."""
    lines = [
        "| confidence | slope, offset | held-out choices | stated | observed | weighted gap | largest gap "
        f"(bins >= {calibration.MIN_BIN}) |",
        "|---|---|---|---|---|---|---|",
    ]
    for label, key, (slope, offset) in (
        ("the model's own top probability", "uncalibrated", (1.0, 0.0)),
        ("scaling fitted on the other half", "fitted", result["fittedScaling"]),
        ("the product's scaling", "product", result["productScaling"]),
    ):
        r = result[key]
        if not r["count"]:  # a run too short to reach the confidence
            lines.append(f"| {label} | {slope:.3f}, {offset:.3f} | 0 | - | - | - | - |")
            continue
        lines.append(
            f"| {label} | {slope:.3f}, {offset:.3f} | {r['count']} | {r['stated']:.3f} | {r['observed']:.3f} | "
            f"{100 * r['weighted_gap']:.1f} pts | {100 * r['max_gap']:.1f} pts |"
        )
    return "\n".join(lines)


def goals(scores, calibrated=None):
    """The evaluation's pass/fail lines: after 20 choices, log-loss, convergence within 10, calibration."""
    head, popularity = scores["studio_head"], scores["popularity"]
    late, early = simulate.BUCKETS[-1], (6, 10)
    lead = head.accuracy(late) - popularity.accuracy(late)
    baselines = [name for name in simulate.PREDICTORS if name != "studio_head"]
    below = all(head.log_loss() < scores[name].log_loss() for name in baselines)
    share = head.accuracy(early) / head.accuracy(late)
    lines = [
        ("top-1 after 20 choices, points above popularity (goal >= 15)", f"{100 * lead:.1f}", lead >= 0.15),
        ("mean log-loss below every baseline", "yes" if below else "no", below),
        ("top-1 on choices 6-10 as a share of choices 21-30 (goal >= 90%)", f"{100 * share:.0f}%", share >= 0.9),
    ]
    gap = ((calibrated or {}).get("product") or {}).get("weighted_gap")
    if gap is not None:
        lines.append(
            (
                "confidence after 10 choices vs its hit rate, held-out, weighted gap (goal <= 5 points)",
                f"{100 * gap:.1f}",
                gap <= CALIBRATION_GOAL,
            )
        )
    return lines


def run(*, users, choices, seed):
    """Simulate the population, score every predictor and return the result as stored (plain JSON types)."""
    records = []
    scores = simulate.evaluate(simulate.simulate_population(users=users, choices=choices, seed=seed), records)
    calibrated = calibrate(records)
    predictors = {}
    for name in (*simulate.PREDICTORS, simulate.CEILING):
        score = scores[name]
        values = [score.accuracy(), score.log_loss(), *(score.accuracy(b) for b in simulate.BUCKETS)]
        values.append(score.log_loss(simulate.BUCKETS[-1]))
        # a bucket with no choices (a short run) has no score: null, not NaN, so the file stays plain JSON
        predictors[name] = dict(zip(HEADERS, (None if math.isnan(v) else round(v, 6) for v in values), strict=True))
    return {
        "users": users,
        "choices": choices,
        "seed": seed,
        "ranAt": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "headers": HEADERS,
        "predictors": predictors,
        "ceiling": simulate.CEILING,
        "goals": [{"label": label, "value": value, "met": ok} for label, value, ok in goals(scores, calibrated)],
        "table": simulate.report_table(scores),
        "calibration": calibrated,
        "calibrationTable": calibration_table(calibrated),
    }


def evaluation_file():
    return Path(settings.STUDIO_EVALUATION_FILE)


def store(result, path=None):
    """Write the result whole or not at all: a reader never sees half a file."""
    path = Path(path) if path else evaluation_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile("w", dir=path.parent, prefix=f".{path.name}.", delete=False) as handle:
        json.dump(result, handle, indent=2, sort_keys=True, allow_nan=False)
    os.replace(handle.name, path)
    return path


_read = {}  # path -> (mtime_ns, size, result)


def stored(path=None):
    """The latest stored evaluation, or None when none has been run (or the file is not a stored evaluation)."""
    path = Path(path) if path else evaluation_file()
    try:
        stat = path.stat()
    except OSError:
        return None
    key = str(path)
    cached = _read.get(key)
    if cached and cached[:2] == (stat.st_mtime_ns, stat.st_size):
        return cached[2]
    try:
        result = json.loads(path.read_text())
    except (OSError, ValueError):
        return None
    if not isinstance(result, dict) or "studio_head" not in (result.get("predictors") or {}):
        return None
    _read[key] = (stat.st_mtime_ns, stat.st_size, result)
    return result
