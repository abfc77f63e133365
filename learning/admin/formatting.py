"""How the learning-event pages show stored numbers and JSON: small HTML tables, signed deltas, links per row."""

import functools
import json

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
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


_PLACEHOLDER = "00000000-0000-0000-0000-000000000000"


@functools.lru_cache(maxsize=64)
def _url_pattern(name, prefix, urlconf):
    return reverse(name, args=[_PLACEHOLDER])


def change_url(name, pk):
    """reverse() once per URL name (and prefix and URLconf), not once per row."""
    return _url_pattern(name, get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF).replace(
        _PLACEHOLDER, str(pk)
    )


def percent(value):
    try:
        return f"{float(value):.1%}"
    except (TypeError, ValueError):
        return "—"
