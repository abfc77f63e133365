"""A real browser against a real server and a real worker on PostgreSQL.

The page is served by pytest-django's live_server (in this process, so the tasks
it enqueues go to the database backend); a `manage.py db_worker` subprocess on the
same test database runs them. Chromium is Debian's, driven by Playwright.
"""

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "screenshots" / "studio"


@pytest.fixture
def worker(start_worker):
    """One db_worker process on the test database, stopped after the test."""
    return start_worker()


class Watch:
    """What a page did: console errors, and every API call it made (method, path)."""

    def __init__(self, base_url):
        self.base = urlsplit(base_url)
        self.errors = []
        self.api_calls = set()

    def attach(self, page):
        page.on("console", self._console)
        page.on("pageerror", lambda exc: self.errors.append(f"pageerror: {exc}"))
        page.on("request", self._request)
        return page

    def _console(self, message):
        if message.type == "error":
            self.errors.append(message.text)

    def _request(self, request):
        url = urlsplit(request.url)
        if url.netloc == self.base.netloc and url.path.startswith("/api/"):
            self.api_calls.add((request.method, url.path))


@pytest.fixture
def studio_context(browser, live_server):
    """A browser context (one person's cookies) and a Watch over every page opened in it."""
    watch = Watch(live_server.url)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=live_server.url)
    context.set_default_timeout(30_000)
    context.on("page", watch.attach)
    yield context, watch
    context.close()


def shot(page, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def schema_routes(client):
    """The OpenAPI paths as (method, regex) pairs, {param} templates matching one path segment."""
    schema = client.get("/api/schema/?format=json").json()
    routes = []
    for template, operations in schema["paths"].items():
        pattern = re.compile("^" + re.sub(r"\\\{[^/]+?\\\}", "[^/]+", re.escape(template)) + "$")
        for method in operations:
            if method in {"get", "post", "put", "patch", "delete", "head", "options"}:
                routes.append((method.upper(), pattern))
    return routes


def undocumented(calls, routes):
    return sorted(
        (method, path)
        for method, path in calls
        if not any(m == method or (method == "HEAD" and m == "GET") for m, p in routes if p.match(path))
    )
