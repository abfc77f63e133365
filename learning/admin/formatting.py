"""How the learning-event pages show stored numbers and JSON: small HTML tables, signed deltas, links per row."""

import json

from django.urls import reverse
from django.utils.html import format_html, format_html_join


def signed(value, digits=4):
    if isinstance(value, bool) or not isinstance(value, int | float):
        return "" if value is None else str(value)
    return f"{value:+.{digits}f}"


def plain(value, digits=4):
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    return "—" if value is None else str(value)


def table(headers, rows):
    head = format_html_join("", "<th scope='col'>{}</th>", ((h,) for h in headers))
    body = format_html_join(
        "", "<tr>{}</tr>", ((format_html_join("", "<td>{}</td>", ((c,) for c in row)),) for row in rows)
    )
    return format_html(
        '<table class="studio-json-table"><thead><tr>{}</tr></thead><tbody>{}</tbody></table>', head, body
    )


def pretty(value):
    return format_html('<pre class="studio-json">{}</pre>', json.dumps(value, indent=2, sort_keys=True))


def change_url(name, pk):
    return reverse(name, args=[pk])


def percent(value):
    try:
        return f"{float(value):.1%}"
    except (TypeError, ValueError):
        return "—"
