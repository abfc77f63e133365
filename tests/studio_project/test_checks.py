"""Start-up refuses a production site whose static files were never collected (every admin page would be a 500)."""

import os
import subprocess
import sys

import pytest

from tests.studio_project.test_site import ROOT, TLS_VARS  # the environment a production process starts from


def manage(*args, static_root):
    env = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "DJANGO_SETTINGS_MODULE", *TLS_VARS)}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={
            **env,
            "DEBUG": "false",
            "SECRET_KEY": "a8F3kq9Zp2Lx7Wm4Vn6Rt1Yb5Hc0Jd8Gs3Ue7Ia2Oz9Pk4Lq6Mw1Nx5",
            "STATIC_ROOT": str(static_root),
        },
        capture_output=True,
        text=True,
        timeout=180,
    )


@pytest.mark.slow
def test_check_deploy_fails_until_the_static_files_are_collected(tmp_path):
    static_root = tmp_path / "static"
    static_root.mkdir()
    missing = manage("check", "--deploy", static_root=static_root)
    assert missing.returncode != 0
    assert "studio.E001" in missing.stderr
    assert "manage.py collectstatic" in missing.stderr

    collected = manage("collectstatic", "--noinput", "-v", "0", static_root=static_root)
    assert collected.returncode == 0, collected.stderr
    assert (static_root / "staticfiles.json").exists()

    clean = manage("check", "--deploy", "--fail-level", "DEBUG", static_root=static_root)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "no issues" in clean.stdout
    assert "studio.E001" not in clean.stdout + clean.stderr

    # The collected site serves an admin page and the favicon (DEBUG off, as in production).
    pages = manage("shell", "-v", "0", "-c", SERVE_PAGES, static_root=static_root)
    assert pages.returncode == 0, pages.stderr
    assert pages.stdout.split() == ["200", "200", "image/"], pages.stdout


SERVE_PAGES = """
from django.test import Client
client = Client()
print(client.get("/admin/login/", secure=True).status_code)
icon = client.get("/favicon.ico", follow=True, secure=True)
print(icon.status_code, icon["Content-Type"][:6])
"""


def test_the_check_is_quiet_in_development_and_without_a_manifest_storage(settings, tmp_path):
    from studio_project.checks import check_static_manifest

    settings.STATIC_ROOT = str(tmp_path)
    manifest = "whitenoise.storage.CompressedManifestStaticFilesStorage"
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {"BACKEND": manifest}}
    settings.DEBUG = True
    assert check_static_manifest(None) == []
    settings.DEBUG = False
    assert [e.id for e in check_static_manifest(None)] == ["studio.E001"]
    (tmp_path / "staticfiles.json").write_text('{"paths": {}, "version": "1.1"}')
    assert check_static_manifest(None) == []
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    (tmp_path / "staticfiles.json").unlink()
    assert check_static_manifest(None) == []
