import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.factories import UserFactory
from tests.flow import all_green, client_for, reviewing, upload_photo
from tests.photos import DEFAULT_PHOTO, photo_bytes, photo_image


@pytest.fixture
def user(db):
    return UserFactory()


@pytest.fixture
def other_user(db):
    return UserFactory()


@pytest.fixture
def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def anon():
    return APIClient()


@pytest.fixture
def token(user):
    return Token.objects.create(user=user).key


@pytest.fixture
def photo(request):
    """A committed photograph (tests/images) as an RGB Pillow image: astronaut.jpg, or the one a module names
    with ``pytestmark = pytest.mark.photo("chelsea.jpg")``, or each of several with
    ``@pytest.mark.parametrize("photo", ["coffee.jpg", "rocket.jpg"], indirect=True)``.
    Its bytes: tests.photos.photo_bytes(name)."""
    marker = request.node.get_closest_marker("photo")
    return photo_image(getattr(request, "param", marker.args[0] if marker else DEFAULT_PHOTO))


# --- Jobs through the public API --------------------------------------------------------------------------------


@pytest.fixture
def upload(api, django_capture_on_commit_callbacks):
    """POST an image (a committed photograph unless given bytes) as the signed-in user, running the tasks it
    queues (immediate backend)."""

    def _upload(data=None, name="photo.jpg", content_type="image/jpeg"):
        data = photo_bytes() if data is None else data
        with django_capture_on_commit_callbacks(execute=True):
            return api.post(
                "/api/v1/jobs/", {"image": SimpleUploadedFile(name, data, content_type)}, format="multipart"
            )

    return _upload


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    """Call an API function and run the tasks it queues on commit."""

    def _run(method, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return method(*args, **kwargs)

    return _run


@pytest.fixture
def build_jobs(django_capture_on_commit_callbacks):
    """Real photographs uploaded as `user` and walked through the API (tasks run in-process) to:
    "idle" (the Lounge is open), "review" (a storyboard of PENDING scenes) and "approvable" (every scene GREEN)."""

    def _build(user, *, reviewing_too=True):
        client = client_for(user)
        with django_capture_on_commit_callbacks(execute=True):
            jobs = {"idle": upload_photo(client, "astronaut.jpg")}
        if reviewing_too:
            for name in ("review", "approvable"):
                with django_capture_on_commit_callbacks(execute=True):
                    jobs[name] = upload_photo(client, "coffee.jpg")
                jobs[f"{name}_state"] = reviewing(client, jobs[name], django_capture_on_commit_callbacks)
            jobs["approvable_state"] = all_green(client, jobs["approvable"], jobs["approvable_state"])
        assert client.get(f"/api/v1/jobs/{jobs['idle'].pk}/director/").json()["stage"] == "IDLE"
        return jobs

    return _build


def is_postgres():
    return connection.vendor == "postgresql"


@pytest.fixture
def postgres(db):
    if not is_postgres():
        pytest.skip("needs PostgreSQL: set DATABASE_URL=postgres://... (CI does)")


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Each test stores its files in its own folder, so tests can count them."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


def stored_files(root):
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()) if root.exists() else []


def _reset_task_backends():
    from asgiref.local import Local
    from django.tasks import task_backends

    task_backends.__dict__.pop("settings", None)
    task_backends._connections = Local(task_backends.thread_critical)


@pytest.fixture
def tasks_backend(settings):
    """Switch the task backend for one test: tasks_backend("django.tasks.backends.dummy.DummyBackend")."""

    def _use(path):
        settings.TASKS = {"default": {"BACKEND": path}}
        _reset_task_backends()

    yield _use
    _reset_task_backends()


@pytest.fixture
def relaxed_rates(settings):
    """Limits high enough that a test about something else is never throttled."""
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {scope: "10000/min" for scope in settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]},
    }


# --- Real processes and a real browser -------------------------------------------------------------------------

ROOT = Path(__file__).resolve().parents[1]
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
    """Debian's Chromium driven by Playwright (never a downloaded browser)."""
    playwright_api = pytest.importorskip("playwright.sync_api", reason="pip install -r requirements-dev.txt")
    if not Path(CHROMIUM).exists():
        pytest.skip(f"needs Chromium at {CHROMIUM} (apt-get install chromium)")
    # Playwright's sync API runs an event loop in this thread; the ORM calls the tests make are still sync.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with playwright_api.sync_playwright() as playwright:
            launched = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            yield launched
            launched.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


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
    """Start db_worker processes on the test database, with extra environment if given.

    All are stopped after the test, and their logs printed.
    """
    db = connection.settings_dict
    url = f"postgres://{db['USER'] or 'postgres'}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    started = []

    def _start(**env):
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
                **env,
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
