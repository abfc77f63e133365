import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# Set by the test run itself (TLS off for the test client; browser tests allow sync ORM calls).
TLS_VARS = (
    "SECURE_SSL_REDIRECT",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "SECURE_HSTS_SECONDS",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
)


def test_health_reports_the_database(client, db):
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_schema_and_docs_are_served_without_a_cdn(client, db):
    schema = client.get("/api/schema/")
    assert schema.status_code == 200
    assert b"/api/v1/auth/register/" in schema.content
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    html = docs.content.decode()
    assert "swagger-ui" in html
    assert "cdn" not in html.lower()
    assert "https://" not in html


def test_admin_login_page(client, db):
    response = client.get("/admin/login/")
    assert response.status_code == 200


def _run(code, **env):
    drop = ("DEBUG", "SECRET_KEY", "DJANGO_SETTINGS_MODULE")
    base = {k: v for k, v in os.environ.items() if k not in drop}
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env={**base, **env}, capture_output=True, text=True, timeout=60
    )


def test_a_bad_setting_fails_loudly_at_start_up():
    result = _run("import studio_project.settings", DEBUG="maybe")
    assert result.returncode != 0
    assert "DEBUG='maybe' is not a boolean" in result.stderr


def test_production_without_a_secret_refuses_to_start():
    result = _run("import studio_project.settings", DEBUG="false")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


# `check --deploy` with DEBUG off and a real secret: tests/studio_project/test_checks.py (it collects the static files).
