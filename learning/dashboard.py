"""What the learning dashboard and the profile chart show: a few bounded queries, drawn as inline SVG.

Every chart is generated here, on the server, as plain SVG markup: nothing from a CDN and nothing that needs
JavaScript. Numbers that take a scan of many rows are computed over a bounded recent window and cached briefly.
"""

import datetime
import math
import re
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe

from learning import simulate
from learning.features import DIMENSIONS, DIRECTOR_IDS
from learning.models import LearningWeek

WINDOW_WEEKS = 26
CACHE_SECONDS = 300
EVALUATION_CACHE_SECONDS = 3600
EVALUATION_HEADING = "## Studio Head evaluation"

DIRECTOR_COLOURS = {
    "newtonian": "#2b6cb0",
    "visionary": "#805ad5",
    "minimalist": "#2c7a7b",
    "provocateur": "#dd6b20",
}
OTHER_COLOUR = "#a0aec0"
FONT = "font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;font-size:11px"


# --- Queries -----------------------------------------------------------------------------------------------------


def week_start(moment):
    day = timezone.localtime(moment).date() if timezone.is_aware(moment) else moment.date()
    return day - datetime.timedelta(days=day.weekday())


def weekly_choices(weeks=WINDOW_WEEKS, now=None):
    """Per ISO week of the last `weeks` weeks: choices per director, overrides and total.

    Read from learning_weekly_stats, which triggers keep in step with the events: at most
    `weeks` x directors rows, whatever the number of events. Weeks without events are present with
    zeros so the chart's x axis is the calendar, not the data.
    """
    now = now or timezone.now()
    first = week_start(now) - datetime.timedelta(weeks=weeks - 1)
    rows = LearningWeek.objects.filter(week__gte=first).values("week", "director_id", "choices", "overrides")
    days = [first + datetime.timedelta(weeks=i) for i in range(weeks)]
    table = {
        day: {"week": day, "directors": dict.fromkeys(DIRECTOR_IDS, 0), "overrides": 0, "total": 0} for day in days
    }
    for row in rows:
        entry = table.get(row["week"])
        if entry is None:
            continue
        director = row["director_id"]
        entry["directors"][director] = entry["directors"].get(director, 0) + row["choices"]
        entry["overrides"] += row["overrides"]
        entry["total"] += row["choices"]
    for entry in table.values():
        entry["override_rate"] = entry["overrides"] / entry["total"] if entry["total"] else None
    return [table[day] for day in days]


def cached_weekly_choices(weeks=WINDOW_WEEKS):
    """weekly_choices, computed at most once per CACHE_SECONDS; returns (weeks, computed_at)."""
    key = f"learning:dashboard:weekly:{weeks}"
    found = cache.get(key)
    if found is None:
        found = (weekly_choices(weeks), timezone.now())
        cache.set(key, found, CACHE_SECONDS)
    return found


def results_file():
    return Path(getattr(settings, "STUDIO_RESULTS_FILE", settings.BASE_DIR / "benchmarks" / "RESULTS.md"))


def _cells(line):
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def recorded_evaluation(path=None):
    """The latest 'Studio Head evaluation' section of the results file, or None if there is none."""
    path = Path(path) if path else results_file()
    try:
        text = path.read_text()
    except OSError:
        return None
    start = text.rfind(EVALUATION_HEADING)
    if start < 0:
        return None
    section = text[start + len(EVALUATION_HEADING) :]
    following = re.search(r"^## ", section, flags=re.M)
    section = section[: following.start()] if following else section
    lines = [line for line in section.splitlines() if line.strip()]
    intro = next((line for line in lines if not line.startswith(("|", "-"))), "")
    table = [line for line in lines if line.startswith("|")]
    if len(table) < 3:
        return None
    headers = _cells(table[0])
    predictors = {}
    for line in table[2:]:
        cells = _cells(line)
        name = cells[0].strip("()").split(",")[0]
        predictors[name] = dict(zip(headers[1:], cells[1:], strict=False))
    if "studio_head" not in predictors:
        return None
    goals = [line[2:] for line in lines if line.startswith("- ")]
    return {"source": "recorded", "intro": intro, "headers": headers[1:], "predictors": predictors, "goals": goals}


def measured_evaluation(users=30, choices=30, seed=7):
    """A small evaluation run here (cached), for when no recorded one exists."""
    key = f"learning:dashboard:evaluation:{users}:{choices}:{seed}"
    found = cache.get(key)
    if found is not None:
        return found
    scores = simulate.evaluate(simulate.simulate_population(users=users, choices=choices, seed=seed))
    headers = ["top-1", "log-loss"] + [f"top-1 {a}-{b}" for a, b in simulate.BUCKETS]
    predictors = {}
    for name in (*simulate.PREDICTORS, simulate.CEILING):
        score = scores[name]
        values = [score.accuracy(), score.log_loss()] + [score.accuracy(bucket) for bucket in simulate.BUCKETS]
        predictors[name] = dict(zip(headers, (f"{v:.3f}" for v in values), strict=True))
    found = {
        "source": "measured",
        "intro": f"{users} simulated users x {choices} choices, seed {seed}, computed {timezone.now():%Y-%m-%d %H:%M}",
        "headers": headers,
        "predictors": predictors,
        "goals": [],
    }
    cache.set(key, found, EVALUATION_CACHE_SECONDS)
    return found


def studio_head_evaluation():
    return recorded_evaluation() or measured_evaluation()


# --- Drawing -----------------------------------------------------------------------------------------------------


def _fmt(value):
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _text(x, y, label, anchor="start", extra=""):
    return f'<text x="{_fmt(x)}" y="{_fmt(y)}" text-anchor="{anchor}" {extra}>{escape(label)}</text>'


def _nice_step(peak, ticks=4):
    """A round step (1, 2, 2.5 or 5 times a power of ten) so `ticks` steps cover `peak`."""
    if peak <= 0:
        return 1
    raw = peak / ticks
    magnitude = 10 ** math.floor(math.log10(raw))
    for step in (1, 2, 2.5, 5, 10):
        if raw <= step * magnitude:
            return max(1, step * magnitude)
    return 10 * magnitude


def _svg(width, height, label, body):
    return mark_safe(
        f'<svg xmlns="http://www.w3.org/2000/svg" class="studio-chart" role="img" aria-label="{escape(label)}" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" style="{FONT};max-width:100%">'
        f"<title>{escape(label)}</title>{''.join(body)}</svg>"
    )


def _legend(x, y, items):
    body = []
    for name, colour in items:
        body.append(f'<rect x="{_fmt(x)}" y="{_fmt(y - 9)}" width="10" height="10" fill="{colour}"/>')
        body.append(_text(x + 14, y, name))
        x += 22 + 7 * len(name)
    return body


def _week_label(day):
    return day.strftime("%d %b")


def director_wins_svg(weeks, width=760, height=260):
    """Stacked bars: choices per director per week."""
    left, right, top, bottom = 48, 12, 28, 36
    plot_w, plot_h = width - left - right, height - top - bottom
    step = _nice_step(max((w["total"] for w in weeks), default=0))
    peak = step * 4
    slot = plot_w / max(len(weeks), 1)
    bar = max(slot * 0.72, 1)
    body = _legend(left, 14, [(d, DIRECTOR_COLOURS[d]) for d in DIRECTOR_IDS])
    for i in range(5):
        value = step * i
        y = top + plot_h - plot_h * i / 4
        body.append(f'<line x1="{left}" x2="{width - right}" y1="{_fmt(y)}" y2="{_fmt(y)}" stroke="#e2e8f0"/>')
        body.append(_text(left - 6, y + 4, f"{value:,.0f}", "end", 'fill="#4a5568"'))
    label_every = max(1, math.ceil(len(weeks) / 9))
    for index, week in enumerate(weeks):
        x = left + slot * index + (slot - bar) / 2
        y = top + plot_h
        for director in DIRECTOR_IDS:
            count = week["directors"].get(director, 0)
            if not count:
                continue
            h = plot_h * count / peak
            y -= h
            share = count / week["total"]
            tip = f"week of {week['week']:%d %b %Y}: {director} {count:,} ({share:.0%})"
            body.append(
                f'<rect x="{_fmt(x)}" y="{_fmt(y)}" width="{_fmt(bar)}" height="{_fmt(h)}" '
                f'fill="{DIRECTOR_COLOURS.get(director, OTHER_COLOUR)}"><title>{escape(tip)}</title></rect>'
            )
        if index % label_every == 0:
            body.append(_text(x + bar / 2, height - bottom + 16, _week_label(week["week"]), "middle", 'fill="#4a5568"'))
    body.append(f'<line x1="{left}" x2="{width - right}" y1="{top + plot_h}" y2="{top + plot_h}" stroke="#718096"/>')
    return _svg(width, height, "Choices per director per week", body)


def override_rate_svg(weeks, width=760, height=200):
    """A line: the share of choices per week that overrode the objective winner."""
    left, right, top, bottom = 48, 12, 14, 36
    plot_w, plot_h = width - left - right, height - top - bottom
    slot = plot_w / max(len(weeks), 1)
    body = []
    for i in range(5):
        y = top + plot_h - plot_h * i / 4
        body.append(f'<line x1="{left}" x2="{width - right}" y1="{_fmt(y)}" y2="{_fmt(y)}" stroke="#e2e8f0"/>')
        body.append(_text(left - 6, y + 4, f"{i * 25}%", "end", 'fill="#4a5568"'))
    points = []
    label_every = max(1, math.ceil(len(weeks) / 9))
    for index, week in enumerate(weeks):
        x = left + slot * index + slot / 2
        if index % label_every == 0:
            body.append(_text(x, height - bottom + 16, _week_label(week["week"]), "middle", 'fill="#4a5568"'))
        rate = week["override_rate"]
        if rate is None:
            if len(points) > 1:
                body.append(_polyline(points))
            points = []
            continue
        y = top + plot_h - plot_h * rate
        points.append((x, y))
        tip = f"week of {week['week']:%d %b %Y}: {rate:.1%} overrides ({week['overrides']:,} of {week['total']:,})"
        body.append(f'<circle cx="{_fmt(x)}" cy="{_fmt(y)}" r="3" fill="#c53030"><title>{escape(tip)}</title></circle>')
    if len(points) > 1:
        body.append(_polyline(points))
    body.append(f'<line x1="{left}" x2="{width - right}" y1="{top + plot_h}" y2="{top + plot_h}" stroke="#718096"/>')
    return _svg(width, height, "Override rate per week", body)


def _polyline(points):
    coords = " ".join(f"{_fmt(x)},{_fmt(y)}" for x, y in points)
    return f'<polyline points="{coords}" fill="none" stroke="#c53030" stroke-width="2"/>'


def profile_svg(profile, width=560):
    """The creative profile: bias per dimension on [-1, 1] and win rate per director on [0, 1]."""
    profile = profile or {}
    bias = profile.get("biasVector") or {}
    rates = profile.get("directorWinRate") or {}
    label_w, row_h, top = 110, 24, 22
    bar_w = width - label_w - 90
    body = [_text(0, 14, "Bias per dimension (-1 .. +1)", extra='font-weight="bold"')]
    centre = label_w + bar_w / 2
    y = top
    for dim in DIMENSIONS:
        value = max(-1.0, min(1.0, float(bias.get(dim) or 0.0)))
        w = bar_w / 2 * abs(value)
        x = centre if value >= 0 else centre - w
        colour = "#2f855a" if value >= 0 else "#c53030"
        body.append(_text(0, y + 14, dim))
        body.append(f'<rect x="{label_w}" y="{y + 3}" width="{bar_w}" height="14" fill="#edf2f7"/>')
        body.append(
            f'<rect x="{_fmt(x)}" y="{y + 3}" width="{_fmt(w)}" height="14" fill="{colour}">'
            f"<title>{escape(f'{dim}: {value:+.3f}')}</title></rect>"
        )
        body.append(_text(label_w + bar_w + 8, y + 14, f"{value:+.2f}"))
        y += row_h
    body.append(f'<line x1="{_fmt(centre)}" x2="{_fmt(centre)}" y1="{top}" y2="{y}" stroke="#4a5568"/>')
    y += 18
    body.append(_text(0, y, "Win rate per director (0 .. 1)", extra='font-weight="bold"'))
    y += 8
    for director in DIRECTOR_IDS:
        entry = rates.get(director) or {}
        rate = max(0.0, min(1.0, float(entry.get("rate") or 0.0)))
        wins, losses = int(entry.get("wins") or 0), int(entry.get("losses") or 0)
        body.append(_text(0, y + 14, director))
        body.append(f'<rect x="{label_w}" y="{y + 3}" width="{bar_w}" height="14" fill="#edf2f7"/>')
        body.append(
            f'<rect x="{label_w}" y="{y + 3}" width="{_fmt(bar_w * rate)}" height="14" '
            f'fill="{DIRECTOR_COLOURS[director]}"><title>{escape(f"{director}: {wins} wins, {losses} losses")}</title>'
            "</rect>"
        )
        body.append(_text(label_w + bar_w + 8, y + 14, f"{rate:.0%} ({wins}/{wins + losses})"))
        y += row_h
    return _svg(width, y + 8, "Creative profile", body)
