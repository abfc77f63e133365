"""The learning dashboard page: weekly choices per director, the override rate, and the Studio Head's evaluation.

The numbers and charts come from learning.dashboard (also drawn on the user page); this module only lays them out.
"""

from django.template.response import TemplateResponse

from director.directors import DIRECTOR_IDS
from learning import dashboard
from learning.admin.formatting import percent


def dashboard_response(model_admin, request):
    weeks, computed_at = dashboard.cached_weekly_choices()
    total = sum(w["total"] for w in weeks)
    overrides = sum(w["overrides"] for w in weeks)
    by_director = {ident: sum(w["directors"].get(ident, 0) for w in weeks) for ident in DIRECTOR_IDS}
    leaders = sorted(by_director.items(), key=lambda item: -item[1])
    evaluation = dashboard.studio_head_evaluation()
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
        "head_accuracy": percent(evaluation["predictors"]["studio_head"].get("top-1")),
        "computed_at": computed_at,
        "cache_minutes": dashboard.CACHE_SECONDS // 60,
        "evaluation": evaluation,
        "evaluation_rows": [
            {"name": name, "values": [values.get(h, "") for h in evaluation["headers"]]}
            for name, values in evaluation["predictors"].items()
        ],
    }
    return TemplateResponse(request, "admin/learning/dashboard.html", context)
