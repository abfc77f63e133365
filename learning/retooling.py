"""The retooling report: which directors nobody picks, and what the pitches that lose have in common.

Read from the learning events of the last JOBS jobs (one event per job's choice; only users who learn from their
choices have events). A director picked in none of them, over a full JOBS, is flagged for retooling (the
original's rule: 0 % over 100 jobs). For the pitch features the report gives, per feature, its mean on the
chosen pitches and on the passed-over ones, with the counts, and the coefficient of a conditional logit fitted on
those choices (features only, no director terms): a negative coefficient means the feature predicts losing.
"""

from director.directors import DIRECTOR_IDS
from learning.features import FEATURES, director_id, features
from learning.models import LearningEvent
from learning.simulate import fit_prior

JOBS = 100

FEATURE_LABELS = {
    "physics": "biased physics / 10",
    "vibe": "biased vibe / 10",
    "logic": "biased logic / 10",
    "risk": "risk",
    "engine_kling": "Kling engine",
    "engine_luma": "Luma engine",
    "objective_pick": "The Eye's objective pick",
    "dominant_physics": "led by physics",
    "dominant_vibe": "led by vibe",
    "dominant_logic": "led by logic",
}


def recent_choices(jobs=JOBS):
    """The newest `jobs` events as (pitches, chosen id), newest first."""
    rows = LearningEvent.objects.order_by("-created_at", "-id").values_list("director_pitches", "selected_director_id")
    return [(pitches or [], chosen) for pitches, chosen in rows[:jobs]]


def report(choices=None, jobs=JOBS):
    """{jobs, window, directors: [...], features: [...], flagged: [...]} for the dashboard."""
    choices = recent_choices(jobs) if choices is None else choices
    count = len(choices)
    directors = []
    for ident in DIRECTOR_IDS:
        shown = sum(1 for pitches, _ in choices if any(director_id(p) == ident for p in pitches))
        picked = sum(1 for _, chosen in choices if chosen == ident)
        rate = picked / count if count else None
        directors.append(
            {
                "director": ident,
                "shown": shown,
                "picked": picked,
                "rate": rate,
                "flagged": count >= jobs and picked == 0,
            }
        )
    return {
        "jobs": count,
        "window": jobs,
        "complete": count >= jobs,
        "directors": directors,
        "flagged": [d["director"] for d in directors if d["flagged"]],
        "features": feature_effects(choices),
    }


def feature_effects(choices):
    """Per feature: mean on chosen and on passed-over pitches (with counts), their difference, and the pooled
    conditional logit's coefficient; sorted so the features that most predict losing come first."""
    chosen_rows, lost_rows, events = [], [], []
    for pitches, chosen in choices:
        ids = [director_id(p) for p in pitches]
        if len(pitches) != len(DIRECTOR_IDS) or chosen not in ids or len(set(ids)) != len(ids):
            continue  # the fit needs the full four-pitch Lounge the choice was made in
        events.append({"pitches": pitches, "chosen": chosen})
        for pitch in pitches:
            (chosen_rows if director_id(pitch) == chosen else lost_rows).append(features(pitch))
    if not events:
        return []
    weights, _ = fit_prior(events, director_bias=False)
    out = []
    for k, name in enumerate(FEATURES):
        won = sum(row[k] for row in chosen_rows) / len(chosen_rows)
        lost = sum(row[k] for row in lost_rows) / len(lost_rows)
        out.append(
            {
                "feature": name,
                "label": FEATURE_LABELS[name],
                "chosen_mean": won,
                "chosen_count": len(chosen_rows),
                "lost_mean": lost,
                "lost_count": len(lost_rows),
                "difference": won - lost,
                "coefficient": weights[name],
            }
        )
    return sorted(out, key=lambda row: (row["coefficient"], row["feature"]))
