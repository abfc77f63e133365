"""A client generated from the served schema by openapi-python-client signs in and drives the whole flow.

The generator runs in its own venv under var/ (made once, then reused), pinned below; the only configuration is
its documented `content_type_overrides`, so the media answers (image/*, video/mp4) parse as binary files.
The generated code runs in that venv too (tests/studio_project/generated_client_flow.py), against the live server and a
real db_worker on PostgreSQL.
"""

import fcntl
import json
import os
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

GENERATOR = "openapi-python-client==0.29.1"
ROOT = Path(__file__).resolve().parents[2]
VENV = ROOT / "var" / "openapi-client-venv"
FLOW = Path(__file__).with_name("generated_client_flow.py")
PHOTO = ROOT / "tests" / "images" / "coffee.jpg"
CONFIG = """\
package_name_override: studio_client
post_hooks: []
content_type_overrides:
  image/jpeg: application/octet-stream
  image/png: application/octet-stream
  image/webp: application/octet-stream
  video/mp4: application/octet-stream
"""

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("relaxed_rates")]


def run(*command, **kwargs):
    done = subprocess.run(command, capture_output=True, text=True, timeout=600, **kwargs)
    assert done.returncode == 0, f"{' '.join(map(str, command))}\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done.stdout


@pytest.fixture(scope="session")
def generator_venv():
    """var/openapi-client-venv with the pinned generator (and so httpx and attrs); made once, under a file lock."""
    VENV.parent.mkdir(parents=True, exist_ok=True)
    marker = VENV / "installed.txt"
    with (VENV.parent / "openapi-client-venv.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not marker.exists() or marker.read_text() != GENERATOR:
            run(sys.executable, "-m", "venv", "--clear", str(VENV))
            try:
                run(str(VENV / "bin" / "python"), "-m", "pip", "install", "-q", GENERATOR)
            except AssertionError as exc:
                pytest.skip(f"could not install {GENERATOR} (needs PyPI): {exc}")
            marker.write_text(GENERATOR)
    return VENV / "bin"


def test_a_generated_client_drives_upload_to_video(generator_venv, live_server, start_worker, tmp_path):
    start_worker()
    with urllib.request.urlopen(f"{live_server.url}/api/schema/?format=json") as answer:
        (tmp_path / "schema.json").write_bytes(answer.read())
    (tmp_path / "config.yaml").write_text(CONFIG)
    output = run(
        str(generator_venv / "openapi-python-client"),
        "generate",
        "--path", "schema.json", "--config", "config.yaml", "--meta", "none", "--output-path", "studio_client",
        cwd=tmp_path,
    )  # fmt: skip
    assert "Warning" not in output, output  # every operation and model was generated

    client_env = {**os.environ, "PYTHONPATH": str(tmp_path)}  # the generated package, and nothing of Studio's
    flow = run(str(generator_venv / "python"), str(FLOW), live_server.url, str(PHOTO), cwd=tmp_path, env=client_env)
    seen = json.loads(flow)
    assert seen["scenes"] >= 1
    assert seen["video_bytes"] > 1000
