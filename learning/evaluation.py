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

from learning import simulate
from studio_project.machine import machine

HEADERS = ["top-1", "log-loss", *(f"top-1 {a}-{b}" for a, b in simulate.BUCKETS), "log-loss 21-30"]
RUN_COMMAND = "manage.py evaluate_studio_head"


def goals(scores):
    """The evaluation's pass/fail lines: after 20 choices, log-loss, convergence within 10."""
    head, popularity = scores["studio_head"], scores["popularity"]
    late, early = simulate.BUCKETS[-1], (6, 10)
    lead = head.accuracy(late) - popularity.accuracy(late)
    baselines = [name for name in simulate.PREDICTORS if name != "studio_head"]
    below = all(head.log_loss() < scores[name].log_loss() for name in baselines)
    share = head.accuracy(early) / head.accuracy(late)
    return [
        ("top-1 after 20 choices, points above popularity (goal >= 15)", f"{100 * lead:.1f}", lead >= 0.15),
        ("mean log-loss below every baseline", "yes" if below else "no", below),
        ("top-1 on choices 6-10 as a share of choices 21-30 (goal >= 90%)", f"{100 * share:.0f}%", share >= 0.9),
    ]


def run(*, users, choices, seed):
    """Simulate the population, score every predictor and return the result as stored (plain JSON types)."""
    scores = simulate.evaluate(simulate.simulate_population(users=users, choices=choices, seed=seed))
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
        "goals": [{"label": label, "value": value, "met": ok} for label, value, ok in goals(scores)],
        "table": simulate.report_table(scores),
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
