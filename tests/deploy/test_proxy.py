"""The production stack holds against slow and large requests: `make serve` for real.

One `make serve` for the module (nginx with deploy/nginx.conf in front of gunicorn with
gunicorn.conf.py, on the test database, DEBUG off, static files collected into a temporary
STATIC_ROOT, on a free port); the last test stops it the way a service manager does.
The same clients, and gunicorn alone for comparison, are in benchmarks/slow_clients.py.
"""

import json
import socket
import subprocess
import time
from contextlib import suppress
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from benchmarks.slow_clients import (
    GIB,
    LIMIT,
    MIB,
    Drip,
    Serve,
    connect,
    free_port,
    nginx_installed,
    p99,
    probe,
    read_response,
    send_body,
    slow_request_head,
)
from deploy.nginx import command, prepare
from ratelimit.models import RateLimitBucket

pytestmark = [pytest.mark.slow, pytest.mark.postgres]


def socket_slack():
    """Bytes the kernel may hold between the client's count and what nginx has read: its receive buffer."""
    try:
        return int(Path("/proc/sys/net/ipv4/tcp_rmem").read_text().split()[2]) + MIB
    except (OSError, IndexError, ValueError):
        return 8 * MIB


@pytest.fixture(scope="module")
def stack(django_db_setup, django_db_blocker, tmp_path_factory):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: set DATABASE_URL=postgres://... (CI does)")
    if not nginx_installed():
        pytest.skip("nginx is not installed: apt-get install nginx-light (.ci/system-deps installs it in CI)")
    db = connection.settings_dict
    url = f"postgres://{db['USER'] or 'postgres'}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    with Serve(url, tmp_path_factory.mktemp("stack")) as serve:
        yield serve
    # make serve queued its periodic tasks and counted requests in the test database.
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)


def post(target, path, body, headers=""):
    with connect(target, 30) as sock:
        sock.sendall(
            f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: {len(body)}\r\n{headers}"
            "Connection: close\r\n\r\n".encode()
            + body
        )
        return read_response(sock, 30)


def test_slow_bodies_and_headers_do_not_starve_the_server(stack):
    bodies = [slow_request_head("/api/v1/jobs/"), slow_request_head("/studio/login/")]
    slow_header = b"GET /health/ HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: "
    probe(stack.proxy, 10, timeout=5)  # warm-up: each gunicorn worker's first request loads the site
    started = time.monotonic()
    # 200 slow bodies, then 10 slow headers (indices 200..209), one byte a second each.
    with Drip(stack.proxy, 210, [*bodies] * 100 + [slow_header] * 10) as drip:
        time.sleep(2)
        results = probe(stack.proxy, 100, timeout=5)
        assert [status for status, _ in results] == [200] * 100
        assert p99(results, 5) < 1.0, sorted(s for _, s in results)[-5:]
        # The slow bodies are still waiting on nginx: none reached gunicorn, none was answered.
        assert drip.answered(range(200)) == 0
        # client_header_timeout (10 s) closes a header that never ends.
        time.sleep(max(0, 14 - (time.monotonic() - started)))
        assert drip.answered(range(200, 210)) == 10
        assert drip.answered(range(200)) == 0


@pytest.mark.parametrize(
    "path, chunked",
    [("/studio/login/", False), ("/studio/login/", True), ("/api/v1/jobs/", False), ("/api/v1/jobs/", True)],
    ids=["login-length", "login-chunked", "jobs-length", "jobs-chunked"],
)
def test_a_1_gib_body_is_refused_at_the_limit_and_nothing_stays_on_disk(stack, path, chunked):
    folders = (stack.body_temp, stack.tmp, stack.media)
    # The sender pauses a second after 8 MiB, so the sampler sees what nginx holds while it reads
    # (a chunked body: about 8 MiB, then 413 past 11 MiB).
    result = send_body(stack.proxy, path, GIB, chunked, folders, pids=stack.group, pause_at=8 * MIB)
    assert result["status"] == 413
    assert json.loads(result["body"]) == {
        "detail": "The request body is larger than 11 MiB. Upload an image of at most 10 MiB.",
        "code": "too_large",
    }
    assert result["sent"] <= LIMIT + socket_slack()
    nginx = result["growth"][stack.body_temp]["peak"]
    if chunked:
        # nginx spools a chunked body as it reads it, at most the limit ...
        assert 7 * MIB <= nginx <= LIMIT
    else:
        # ... and refuses a Content-Length over the limit before reading any of it.
        assert nginx == 0
    # Django never sees the request; afterwards nothing is left anywhere.
    assert result["growth"][stack.tmp]["peak"] == 0
    assert result["growth"][stack.media]["peak"] == 0
    assert {folder: growth["after"] for folder, growth in result["growth"].items()} == dict.fromkeys(folders, 0)


def test_a_body_just_under_the_limit_reaches_django(stack):
    status, head, body = post(stack.proxy, "/api/v1/jobs/", b"x" * (10 * MIB + 512 * 1024),
                              "Content-Type: application/octet-stream\r\n")  # fmt: skip
    assert status == 401  # Django's answer: sign in first
    assert json.loads(body)["code"] == "not_authenticated"


def test_rate_limits_count_the_client_address_nginx_saw_not_a_forged_one(stack, django_db_blocker):
    forged = "203.0.113.9"
    status, _, _ = post(
        stack.proxy, "/api/v1/auth/token/", b'{"username": "nobody", "password": "wrong"}',
        f"Content-Type: application/json\r\nX-Forwarded-For: {forged}\r\n",
    )  # fmt: skip
    assert status in (400, 401)
    with django_db_blocker.unblock():
        identifiers = list(RateLimitBucket.objects.values_list("identifier", flat=True))
    assert any("127.0.0.1" in identifier for identifier in identifiers), identifiers
    assert not any(forged in identifier for identifier in identifiers), identifiers


def test_nginx_answers_json_503_when_gunicorn_does_not_answer(tmp_path):
    if not nginx_installed():
        pytest.skip("nginx is not installed: apt-get install nginx-light (.ci/system-deps installs it in CI)")
    port = free_port()
    conf = prepare(prefix=tmp_path / "nginx", listen=f"127.0.0.1:{port}", upstream=f"127.0.0.1:{free_port()}")
    nginx = subprocess.Popen(command(conf), stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with suppress(OSError), connect(("127.0.0.1", port)) as sock:
                sock.sendall(b"GET /api/v1/jobs/ HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                status, head, body = read_response(sock, 10)
                break
            time.sleep(0.1)
    finally:
        nginx.terminate()
        nginx.wait(10)
    assert status == 503
    assert "Retry-After: 5" in head
    assert json.loads(body)["code"] == "service_unavailable"


def test_stopping_make_serve_stops_nginx_gunicorn_and_the_worker(stack):
    assert len(stack.group()) >= 5  # make, its shell, nginx, gunicorn, the worker (and their children)
    assert stack.stop(), f"still running: {stack.group()}"
    with pytest.raises(OSError), socket.create_connection(stack.proxy, timeout=2):
        pass
