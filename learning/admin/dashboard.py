"""The learning dashboard page: weekly choices per director, the override rate, and the Studio Head's evaluation.

The numbers and charts come from learning.dashboard (also drawn on the user page) and the stored evaluation from
learning.evaluation; this module only lays them out.
"""

from django.template.response import TemplateResponse
from django.utils import timezone

from director.directors import DIRECTOR_IDS
from learning import dashboard, evaluation, experiments, retooling
from learning.admin.formatting import percent


def dashboard_response(model_admin, request):
    weeks, computed_at = dashboard.cached_weekly_choices()
    total = sum(w["total"] for w in weeks)
    overrides = sum(w["overrides"] for w in weeks)
    by_director = {ident: sum(w["directors"].get(ident, 0) for w in weeks) for ident in DIRECTOR_IDS}
    leaders = sorted(by_director.items(), key=lambda item: -item[1])
    result = evaluation.stored()
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.opts,
        "title": "Learning dashboard",
        "weeks": weeks,
        "window_weeks": dashboard.WINDOW_WEEKS,
        "wins_chart": dashboard.director_wins_svg(weeks),
        "override_chart": dashboard.override_rate_svg(weeks),
        "total": total,
        "total_label": f"{total:,}",
        "override_label": f"{overrides / total:.1%}" if total else "—",
        "leaders": [
            {
                "director": d,
                "count_label": f"{n:,}",
                "share_label": f"{n / total:.0%}" if total else "—",
                "colour": dashboard.DIRECTOR_COLOURS[d],
            }
            for d, n in leaders
        ],
        "computed_at": computed_at,
        "cache_minutes": dashboard.CACHE_SECONDS // 60,
        "evaluation": result,
        "run_command": evaluation.RUN_COMMAND,
        "head_accuracy": percent(result["predictors"]["studio_head"].get("top-1")) if result else "—",
        "evaluation_rows": _evaluation_rows(result) if result else [],
        "retooling": _retooling(retooling.report()),
        **_card_layout(model_admin),
    }
    return TemplateResponse(request, "admin/learning/dashboard.html", context)


def _retooling(found):
    """The retooling report with its numbers formatted for the page."""
    return {
        **found,
        "directors": [
            {**d, "rate_label": percent(d["rate"]), "colour": dashboard.DIRECTOR_COLOURS[d["director"]]}
            for d in found["directors"]
        ],
        "features": [
            {
                **f,
                "chosen_label": f"{f['chosen_mean']:.3f}",
                "lost_label": f"{f['lost_mean']:.3f}",
                "difference_label": f"{f['difference']:+.3f}",
                "coefficient_label": f"{f['coefficient']:+.3f}",
                "predicts_losing": f["coefficient"] < 0,
            }
            for f in found["features"]
        ],
    }


def _card_layout(model_admin):
    comparison = experiments.cached_comparison(model_admin.model.objects.all(), timezone.now())
    return {
        "card_layout": comparison,
        "card_layout_rows": experiments.dashboard_rows(comparison),
        "card_layout_days": experiments.WINDOW_DAYS,
    }


def _evaluation_rows(result):
    def cell(value):
        return f"{value:.3f}" if isinstance(value, int | float) and not isinstance(value, bool) else "—"

    return [
        {
            "name": name,
            "ceiling": name == result.get("ceiling"),
            "values": [cell(values.get(h)) for h in result["headers"]],
        }
        for name, values in result["predictors"].items()
    ]
