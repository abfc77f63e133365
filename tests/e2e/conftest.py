"""A real browser against a real server and a real worker on PostgreSQL.

The page is served by pytest-django's live_server (in this process, so the tasks
it enqueues go to the database backend); a `manage.py db_worker` subprocess on the
same test database runs them. Chromium is Debian's, driven by Playwright.
"""

import os
import re
import signal
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.db import connection

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "screenshots" / "studio"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(scope="session")
def browser():
    playwright_api = pytest.importorskip("playwright.sync_api", reason="pip install -r requirements-dev.txt")
    if not Path(CHROMIUM).exists():
        pytest.skip(f"needs Chromium at {CHROMIUM} (apt-get install chromium)")
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def live_server():
    """pytest-django's live server, started with a MEDIA_URL it can parse.

    Django's live server wraps the site in a media handler that needs MEDIA_URL to be a string;
    Studio has none (media is never public), so give it one with a host: it then serves nothing.
    """
    from django.test import override_settings
    from pytest_django.live_server_helper import LiveServer

    with override_settings(MEDIA_URL="http://media.invalid/"):
        server = LiveServer(os.getenv("DJANGO_LIVE_TEST_SERVER_ADDRESS") or "localhost")
    yield server
    server.stop()


@pytest.fixture
def db_tasks(postgres, tasks_backend):
    tasks_backend("django_tasks_db.DatabaseBackend")


@pytest.fixture
def start_worker(media_root, db_tasks, tmp_path):
    """Start db_worker processes on the test database; all are stopped after the test (their logs printed)."""
    db = connection.settings_dict
    url = f"postgres://{db['USER'] or 'postgres'}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    started = []

    def _start():
        log = (tmp_path / f"worker-{len(started)}.log").open("w+b")
        proc = subprocess.Popen(
            [sys.executable, "manage.py", "db_worker", "--queue-name", "*", "--interval", "0.1",
             "--no-reload", "--no-startup-delay", "-v", "0"],
            cwd=ROOT,
            env={
                **os.environ,
                "DJANGO_SETTINGS_MODULE": "tests.settings",
                "DATABASE_URL": url,
                "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
                "MEDIA_ROOT": str(media_root),
            },
            stdout=log,
            stderr=subprocess.STDOUT,
        )  # fmt: skip
        started.append((proc, log))
        return proc

    yield _start
    for proc, log in started:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        log.seek(0)
        output = log.read().decode(errors="replace").strip()
        log.close()
        if output:
            print(f"--- worker {proc.pid} log ---", output[-4000:], sep="\n")


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
