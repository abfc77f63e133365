"""The director_card_layout experiment: how the Lounge lays out its four pitches, and how the two layouts compare.

Each user is in one arm for good, chosen by the djb2 hash of their id (as text, the hyphenated lower-case UUID):
`all_cards` shows the four pitches as equals, in roster order; `recommended_first` shows the Studio Head's pick
first and highlighted, the others in its ranking. Every learning event stores the arm and the time from the
Lounge's opening to the choice (learning_delta `arm`, `loungeMs`), so the dashboard can compare the arms.
"""

import math
from datetime import timedelta
from statistics import NormalDist

from django.core.cache import cache
from django.db.models import Avg, Count, FloatField, Q, StdDev
from django.db.models.fields.json import KT
from django.db.models.functions import Cast

EXPERIMENT = "director_card_layout"
ALL_CARDS = "all_cards"
RECOMMENDED_FIRST = "recommended_first"
ARMS = (ALL_CARDS, RECOMMENDED_FIRST)
BUCKETS = 100  # the hash picks a bucket 0-99; buckets below SPLIT are all_cards
SPLIT = 50
CARD_LAYOUT_HELP = (
    "The owner's arm of the director_card_layout experiment: how the web studio lays out the Lounge. all_cards: "
    "the four pitches as equals, in roster order; recommended_first: the Studio Head's pick first and highlighted."
)
CONFIDENCE = 0.95
ALPHA = 1 - CONFIDENCE


def djb2(text):
    """Bernstein's djb2 over the UTF-8 bytes: h = 5381; h = h * 33 + byte, kept to 32 bits unsigned."""
    value = 5381
    for byte in text.encode():
        value = (value * 33 + byte) & 0xFFFFFFFF
    return value


def arm_of(user_id):
    """The card-layout arm of the user with this id: stable, 50/50 over ids."""
    return ALL_CARDS if djb2(str(user_id)) % BUCKETS < SPLIT else RECOMMENDED_FIRST


# --- The comparison --------------------------------------------------------------------------------------------


def wilson(successes, n, confidence=CONFIDENCE):
    """The Wilson score interval of a proportion, (low, high); None for no trials."""
    if not n:
        return None
    z = NormalDist().inv_cdf(1 - (1 - confidence) / 2)
    p = successes / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return max(0.0, centre - half), min(1.0, centre + half)


def two_proportion_p(a_successes, a_n, b_successes, b_n):
    """The two-sided p-value of a pooled two-proportion z test; None when either arm is empty or nothing varies."""
    if not a_n or not b_n:
        return None
    pooled = (a_successes + b_successes) / (a_n + b_n)
    se = math.sqrt(pooled * (1 - pooled) * (1 / a_n + 1 / b_n))
    if se == 0:
        return None
    z = (a_successes / a_n - b_successes / b_n) / se
    return 2 * (1 - NormalDist().cdf(abs(z)))


def t_interval(mean, sd, n, confidence=CONFIDENCE):
    """The t interval of a mean from its summary statistics; None below two observations."""
    if n is None or n < 2 or sd is None:
        return None
    from scipy import stats  # slow to import, and only the dashboard needs it: not at every request's start

    half = stats.t.ppf(1 - (1 - confidence) / 2, n - 1) * sd / math.sqrt(n)
    return mean - half, mean + half


def welch_p(a, b):
    """Welch's t test of two means from (mean, sd, n) each; None when either has fewer than two observations."""
    if a[2] is None or b[2] is None or a[2] < 2 or b[2] < 2 or not (a[1] or b[1]):
        return None
    from scipy import stats  # as in t_interval

    return float(stats.ttest_ind_from_stats(*a, *b, equal_var=False).pvalue)


def arm_summaries(events):
    """Per arm, from `events` (a LearningEvent queryset) in one grouped query: events, overrides, Studio Head hits,
    and the Lounge-to-choice time's count, mean and standard deviation (ms)."""
    lounge_ms = Cast(KT("learning_delta__loungeMs"), FloatField())
    rows = (
        events.filter(learning_delta__arm__in=ARMS)
        .values(arm=KT("learning_delta__arm"))
        .annotate(
            n=Count("pk"),
            overrides=Count("pk", filter=Q(learning_delta__wasOverride=True)),
            head_hits=Count("pk", filter=Q(learning_delta__headPick=True)),
            timed=Count(lounge_ms),  # events with a time (null when the Lounge's opening was not seen)
            mean_ms=Avg(lounge_ms),
            sd_ms=StdDev(lounge_ms, sample=True),
        )
        .order_by()
    )
    found = {row["arm"]: row for row in rows}
    empty = {"n": 0, "overrides": 0, "head_hits": 0, "timed": 0, "mean_ms": None, "sd_ms": None}
    return {arm: {**empty, **found.get(arm, {}), "arm": arm} for arm in ARMS}


def compare_arms(events):
    """The two arms of `events` (a LearningEvent queryset) side by side: see compare_summaries."""
    return compare_summaries(arm_summaries(events))


def compare_summaries(summary):
    """The two arms side by side: each metric with its estimate, 95 % interval and number of events per arm, the
    difference's p-value, and whether it is significant at 5 %. Rates get Wilson intervals and a two-proportion
    z test; the time from the Lounge's opening to the choice a t interval and Welch's t test."""
    a, b = summary[ALL_CARDS], summary[RECOMMENDED_FIRST]
    metrics = []
    for key, label, count in (
        ("override_rate", "Override rate (choice other than The Eye's pick)", "overrides"),
        ("head_top1", "Top-1 of the Studio Head (its pick chosen)", "head_hits"),
    ):
        arms = {
            arm: {
                "estimate": s[count] / s["n"] if s["n"] else None,
                "interval": wilson(s[count], s["n"]),
                "events": s["n"],
            }
            for arm, s in summary.items()
        }
        p = two_proportion_p(a[count], a["n"], b[count], b["n"])
        metrics.append({"key": key, "label": label, "unit": "rate", "arms": arms, "p_value": p})
    times = {arm: (s["mean_ms"], s["sd_ms"], s["timed"]) for arm, s in summary.items()}
    metrics.append(
        {
            "key": "lounge_ms",
            "label": "Time from the Lounge's opening to the choice (mean)",
            "unit": "ms",
            "arms": {
                arm: {"estimate": mean, "interval": t_interval(mean, sd, n), "events": n}
                for arm, (mean, sd, n) in times.items()
            },
            "p_value": welch_p(times[ALL_CARDS], times[RECOMMENDED_FIRST]),
        }
    )
    for metric in metrics:
        metric["significant"] = metric["p_value"] is not None and metric["p_value"] < ALPHA
    return {"experiment": EXPERIMENT, "arms": ARMS, "events": a["n"] + b["n"], "metrics": metrics}


# --- On the dashboard -------------------------------------------------------------------------------------------

WINDOW_DAYS = 182  # the dashboard's 26 weeks
CACHE_SECONDS = 300


def _shown(value, unit):
    if value is None:
        return "—"
    return f"{value:.1%}" if unit == "rate" else f"{value / 1000:.1f} s"


def dashboard_rows(comparison):
    """The comparison as the dashboard's table rows: per metric and arm, the estimate, its interval and n."""
    rows = []
    for metric in comparison["metrics"]:
        unit = metric["unit"]
        cells = []
        for arm in ARMS:
            entry = metric["arms"][arm]
            low, high = entry["interval"] or (None, None)
            interval = f"{_shown(low, unit)} – {_shown(high, unit)}" if entry["interval"] else "—"
            cells.append({"estimate": _shown(entry["estimate"], unit), "interval": interval, "events": entry["events"]})
        p = metric["p_value"]
        rows.append(
            {
                "label": metric["label"],
                "cells": cells,
                "p_value": "—" if p is None else f"{p:.3g}",
                "verdict": "significant" if metric["significant"] else "not significant",
                "significant": metric["significant"],
            }
        )
    return rows


def cached_comparison(events, now):
    """compare_arms over the dashboard's window, computed at most once per CACHE_SECONDS."""
    key = "learning:dashboard:card-layout"
    found = cache.get(key)
    if found is None:
        found = compare_arms(events.filter(created_at__gte=now - timedelta(days=WINDOW_DAYS)))
        cache.set(key, found, CACHE_SECONDS)
    return found
