"""Faults on a real server: PostgreSQL restarting under load, and a client that vanishes mid-upload.

Both run gunicorn (the project's gunicorn.conf.py) against the test database. The restart
kills every connection to the cluster, so it is kept to one short restart.
(A worker killed mid-task and a full disk are covered in tests/director/test_workers.py and
tests/director/test_lifecycle.py.)
"""

import http.client
import io
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np
import pytest
from django.db import connection, connections
from PIL import Image
from rest_framework.authtoken.models import Token

from director.models import PromptRecord, VisionJob
from tests.conftest import stored_files

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def server(postgres, media_root, tmp_path):
    """gunicorn (2 workers x 4 threads) serving the test database, DEBUG off."""
    db = connection.settings_dict
    port = free_port()
    server_tmp = tmp_path / "server-tmp"
    server_tmp.mkdir()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "DATABASE_URL": f"postgres://{db['USER'] or 'postgres'}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/"
        f"{db['NAME']}",
        "DEBUG": "false",
        "MEDIA_ROOT": str(media_root),
        "TMPDIR": str(server_tmp),  # where Django spools large uploads
        "WEB_WORKERS": "2",
        "WEB_THREADS": "4",
        "WEB_TIMEOUT": "30",
        "BIND": f"127.0.0.1:{port}",
        "ACCESS_LOG": "false",
        "LOG_LEVEL": "CRITICAL",
        **{f"STUDIO_RATE_{scope}": "100000/min" for scope in ("GENERATE", "REFINE", "UPLOAD", "API")},
    }
    process = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "-c", "gunicorn.conf.py", "studio_project.wsgi:application"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if get(port, "/health/")[0] == 200:
                break
        except OSError:
            time.sleep(0.2)
    else:
        os.killpg(process.pid, signal.SIGKILL)
        pytest.fail("gunicorn did not start")
    yield {"port": port, "tmp": server_tmp}
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)


def get(port, path, token=None, method="GET", body=None, headers=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
    try:
        all_headers = {**({"Authorization": f"Token {token}"} if token else {}), **(headers or {})}
        payload = json.dumps(body).encode() if body is not None else None
        if payload is not None:
            all_headers["Content-Type"] = "application/json"
        conn.request(method, path, body=payload, headers=all_headers)
        response = conn.getresponse()
        return response.status, response.getheader("Content-Type", ""), response.read(), response.getheader("ETag")
    finally:
        conn.close()


def cluster():
    versions = sorted(os.listdir("/etc/postgresql")) if os.path.isdir("/etc/postgresql") else []
    if not versions or not shutil.which("pg_ctlcluster") or os.geteuid() != 0:
        pytest.skip("needs a local PostgreSQL cluster managed by pg_ctlcluster, as root")
    return versions[-1]


def test_a_database_restart_under_load_is_503_never_500_and_recovers(server, user, build_jobs, relaxed_rates):
    version = cluster()
    jobs = build_jobs(user)
    token = Token.objects.create(user=user).key
    job = jobs["review"]
    scene = jobs["review_state"]["scenes"][0]["id"]
    start_version = PromptRecord.objects.get(job=job).version
    port = server["port"]
    answers, stop = [], threading.Event()

    def reader(path):
        while not stop.is_set():
            try:
                status, content_type, body, _ = get(port, path, token)
                answers.append((time.monotonic(), path, status, content_type, body))
            except OSError as exc:  # the server itself must keep answering
                answers.append((time.monotonic(), path, 0, "", repr(exc).encode()))
            time.sleep(0.01)

    reviews = {"ok": 0, "unavailable": 0}

    def reviewer():
        current = start_version
        while not stop.is_set():
            status, content_type, body, tag = get(
                port,
                f"/api/v1/jobs/{job.pk}/scenes/{scene}/review/",
                token,
                "POST",
                {"verdict": "GREEN"},
                {"If-Match": f'"{current}"'},
            )
            answers.append((time.monotonic(), "review", status, content_type, body))
            if status == 200:
                reviews["ok"] += 1
                current = int(tag.strip('"'))
            elif status == 412:
                current = json.loads(body)["current_version"]
            elif status == 503:
                reviews["unavailable"] += 1
            time.sleep(0.01)

    threads = [threading.Thread(target=reader, args=(p,)) for p in ("/health/", f"/api/v1/jobs/{job.pk}/director/")]
    threads.append(threading.Thread(target=reviewer))
    for thread in threads:
        thread.start()
    try:
        time.sleep(1.0)
        restarted_at = time.monotonic()
        subprocess.run(
            ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "restart", "-m", "fast"],
            check=True,
            capture_output=True,
            timeout=60,
        )
        back_at = time.monotonic()
        time.sleep(3.0)
    finally:
        stop.set()
        for thread in threads:
            thread.join(30)
    connections.close_all()  # this test's own connection died with the restart

    statuses = [status for _, _, status, _, _ in answers]
    first_ok = min((at for at, _, status, _, _ in answers if at > back_at and status == 200), default=None)
    print(
        f"restart took {back_at - restarted_at:.1f} s; {len(answers)} requests: "
        f"{ {code: statuses.count(code) for code in sorted(set(statuses))} }; "
        f"first 200 {0 if first_ok is None else first_ok - back_at:.2f} s after the cluster was back; "
        f"reviews ok {reviews['ok']}, unavailable {reviews['unavailable']}"
    )
    assert 500 not in statuses and 0 not in statuses, sorted(set(statuses))
    failed = [a for a in answers if a[2] == 503]
    assert failed, "the restart caused no failed request: the test saw no outage"
    for _, path, _, content_type, body in failed:
        assert content_type.startswith("application/json"), (path, content_type, body[:200])
        payload = json.loads(body)
        assert payload.get("detail") or payload.get("status") == "unavailable", payload
    assert set(statuses) <= {200, 412, 503}, sorted(set(statuses))
    # Recovered by itself: after the cluster was back, every endpoint answered 200 again.
    for path in ("/health/", f"/api/v1/jobs/{job.pk}/director/"):
        after = [status for at, p, status, _, _ in answers if p == path and at > back_at + 1.0]
        assert after and set(after) == {200}, (path, after[-10:])
    assert any(at > back_at and status == 200 for at, p, status, _, _ in answers if p == "review")
    assert restarted_at < back_at
    # No corrupted rows: each version bump is one review, scenes intact, the job untouched.
    record = PromptRecord.objects.get(job=job)
    bumps = record.version - start_version
    assert reviews["ok"] <= bumps <= reviews["ok"] + reviews["unavailable"]
    assert [s["id"] for s in record.scenes_data] == [s["id"] for s in jobs["review_state"]["scenes"]]
    assert record.scenes_data[0]["status"] == "GREEN" and record.status == "reviewing"
    assert VisionJob.objects.get(pk=job.pk).status == "completed"


def noise_png(size=1400):
    pixels = np.random.default_rng(7).integers(0, 256, (size, size, 3), dtype=np.uint8)
    buffer = io.BytesIO()
    Image.fromarray(pixels).save(buffer, "PNG", compress_level=0)
    return buffer.getvalue()


def multipart(data, boundary="studio-boundary-7f3a"):
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="image"; filename="big.png"\r\n'
        "Content-Type: image/png\r\n\r\n"
    ).encode()
    return head + data + f"\r\n--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


def test_a_client_that_disconnects_mid_upload_leaves_no_file_and_no_job(server, user, media_root):
    token = Token.objects.create(user=user).key
    image = noise_png()
    assert len(image) > 4 * 1024 * 1024  # past FILE_UPLOAD_MAX_MEMORY_SIZE: spooled to a temporary file
    body, content_type = multipart(image)
    tmp_before = sorted(os.listdir(server["tmp"]))
    for fraction in (0.1, 0.5, 0.95):
        with socket.create_connection(("127.0.0.1", server["port"]), timeout=10) as sock:
            sock.sendall(
                (
                    f"POST /api/v1/jobs/ HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Token {token}\r\n"
                    f"Content-Type: {content_type}\r\nContent-Length: {len(body)}\r\n\r\n"
                ).encode()
            )
            sock.sendall(body[: int(len(body) * fraction)])
            time.sleep(0.3)
        # the socket is closed here, mid-body
    time.sleep(2.0)
    assert stored_files(media_root) == []
    assert not VisionJob.objects.filter(user=user).exists()
    assert sorted(os.listdir(server["tmp"])) == tmp_before
    # The server is fine and the same upload, sent whole, is stored.
    conn = http.client.HTTPConnection("127.0.0.1", server["port"], timeout=60)
    conn.request(
        "POST", "/api/v1/jobs/", body=body, headers={"Authorization": f"Token {token}", "Content-Type": content_type}
    )
    response = conn.getresponse()
    assert response.status == 201, response.read()[:300]
    conn.close()
    assert VisionJob.objects.filter(user=user).count() == 1
    # the upload, and beside it the subject mask once The Eye has looked
    assert len([name for name in stored_files(media_root) if not name.endswith(".mask.png")]) == 1
