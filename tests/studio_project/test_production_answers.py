"""With DEBUG off the API answers JSON only, and gunicorn refuses to start on a failing system check."""

import os
import socket
import subprocess
import sys
import time
import urllib.request

import pytest
from django.db import connection

from tests.studio_project.test_checks import ROOT, TLS_VARS

SECRET = "a8F3kq9Zp2Lx7Wm4Vn6Rt1Yb5Hc0Jd8Gs3Ue7Ia2Oz9Pk4Lq6Mw1Nx5"


def production_env(static_root, **extra):
    env = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "DJANGO_SETTINGS_MODULE", *TLS_VARS)}
    return {**env, "DEBUG": "false", "SECRET_KEY": SECRET, "STATIC_ROOT": str(static_root), **extra}


@pytest.mark.slow
def test_the_browsable_api_is_off_in_production(tmp_path):
    script = (
        "from django.conf import settings; from rest_framework.test import APIClient; "
        "print(settings.REST_FRAMEWORK['DEFAULT_RENDERER_CLASSES']); "
        "c = APIClient(HTTP_HOST='localhost')\n"
        "for accept in ('text/html,application/xhtml+xml,*/*;q=0.8', 'text/html'):\n"
        "    r = c.get('/api/v1/jobs/', HTTP_ACCEPT=accept, secure=True); print(r.status_code, r['Content-Type'])"
    )
    done = subprocess.run(
        [sys.executable, "manage.py", "shell", "-v", "0", "-c", script],
        cwd=ROOT,
        env=production_env(tmp_path, ALLOWED_HOSTS="localhost"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    renderers, browser, html_only = done.stdout.strip().splitlines()[-3:]
    assert renderers == "['rest_framework.renderers.JSONRenderer']"
    assert browser == "401 application/json"  # what a browser asks for: the error, as JSON
    assert html_only == "406 application/json"  # HTML only: no HTML to give, said in JSON


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.slow
@pytest.mark.postgres
def test_gunicorn_refuses_to_start_until_the_static_files_are_collected(postgres, tmp_path):
    static_root = tmp_path / "static"
    static_root.mkdir()
    db = connection.settings_dict
    port = free_port()
    env = production_env(
        static_root,
        DATABASE_URL=f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        BIND=f"127.0.0.1:{port}",
        WEB_WORKERS="1",
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="false",
    )
    gunicorn = [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "studio_project.wsgi:application"]
    started = time.monotonic()
    refused = subprocess.run(gunicorn, cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert refused.returncode != 0
    assert "studio.E001" in refused.stderr and "collectstatic" in refused.stderr, refused.stderr
    assert time.monotonic() - started < 30

    collect = [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"]
    collected = subprocess.run(collect, cwd=ROOT, env=env, capture_output=True, text=True, timeout=180)
    assert collected.returncode == 0, collected.stderr
    log = tmp_path / "gunicorn.log"
    server = subprocess.Popen(gunicorn, cwd=ROOT, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/health/", timeout=5) as response:
                    assert response.status == 200
                    break
            except OSError:
                assert server.poll() is None, log.read_text()
                assert time.monotonic() < deadline, "gunicorn did not answer /health/"
                time.sleep(0.3)
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
