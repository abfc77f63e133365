"""Slow and large requests against the production stack, with and without nginx in front.

Starts `make serve` (nginx with deploy/nginx.conf in front of gunicorn with gunicorn.conf.py
on a unix socket, PostgreSQL database studio_bench, DEBUG off) on a free port, then:

1. slow bodies: SLOW sockets send the headers of a POST with Content-Length 1000000 (half to
   /api/v1/jobs/, half to /studio/login/) and then one body byte a second, while another
   client sends sequential /health/ probes; once through nginx, once to gunicorn's socket
   directly (the baseline: what gunicorn alone does with the same clients);
2. a 1 GiB body (generated in chunks, never held in memory) to /studio/login/ with a
   self-chosen CSRF cookie and to /api/v1/jobs/ (Content-Length and chunked): how much the
   server took before it answered, and how much it wrote to disk (nginx's client_body_temp,
   gunicorn's TMPDIR, MEDIA_ROOT; peak while in flight and after). The baseline sends the same
   /studio/login/ body to gunicorn directly.

Run: .venv/bin/python benchmarks/slow_clients.py [--quick]
tests/deploy/test_proxy.py asserts the nginx side with the same functions.
"""

import argparse
import os
import select
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import suppress
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from studio_project.machine import machine  # noqa: E402

PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
BENCH_DB = "studio_bench"
GIB = 1024**3
MIB = 1024**2
LIMIT = 11 * MIB  # client_max_body_size in deploy/nginx.conf
CSRF_COOKIE = "csrftoken=" + "a" * 32  # well-formed, so Django reads the body looking for the token
CHUNK = b"x" * (64 * 1024)


def nginx_installed():
    return bool(shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/usr/local/sbin:/sbin"))


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def folder_size(path, pids=()):
    """Bytes in files under path, counting files the processes pids hold open there after deleting them.

    nginx deletes a request body's temporary file as soon as it creates it and keeps writing to it.
    """
    total = 0
    for folder, _, files in os.walk(path):
        for name in files:
            with suppress(OSError):  # a temporary file may vanish while we walk
                total += os.lstat(os.path.join(folder, name)).st_size
    prefix = f"{path}{os.sep}"
    for pid in pids:
        with suppress(OSError):
            for fd in os.listdir(f"/proc/{pid}/fd"):
                with suppress(OSError):
                    target = os.readlink(f"/proc/{pid}/fd/{fd}")
                    if target.startswith(prefix) and target.endswith(" (deleted)"):
                        total += os.stat(f"/proc/{pid}/fd/{fd}").st_size
    return total


# --- The stack ------------------------------------------------------------------------------------


class Serve:
    """`make serve` on a free port with its own folders; `.proxy` is nginx, `.direct` gunicorn's socket.

    Started in its own process group; stop() sends SIGTERM to make only, as a service manager
    would, and waits for every process of the group to end.
    """

    def __init__(self, database_url, root, **env):
        self.root = Path(root)
        self.port = free_port()
        self.serve_dir = self.root / "serve"
        self.media, self.tmp, self.static = self.root / "media", self.root / "tmp", self.root / "static"
        for folder in (self.media, self.tmp, self.static):
            folder.mkdir(parents=True, exist_ok=True)
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "studio_project.settings",
            "DATABASE_URL": database_url,
            "SECRET_KEY": "serve-test-secret-key-0123456789abcdefghijklmnopqrstuvwxyz-ABCDEFGH",
            "MEDIA_ROOT": str(self.media),
            "STATIC_ROOT": str(self.static),
            "TMPDIR": str(self.tmp),  # where Django spools large uploads
            "ACCESS_LOG": "false",
            "LOG_LEVEL": "WARNING",
            **env,
        }
        for name in ("DEBUG", "BIND", "TASKS_BACKEND"):  # make serve's own (a test run sets TASKS_BACKEND)
            self.env.pop(name, None)
        self.process = None
        self.log = self.root / "serve.log"

    @property
    def proxy(self):
        return ("127.0.0.1", self.port)

    @property
    def direct(self):
        return str(self.serve_dir / "gunicorn.sock")

    @property
    def body_temp(self):
        return self.serve_dir / "nginx" / "client_body_temp"

    def __enter__(self):
        with self.log.open("w") as log:
            self.process = subprocess.Popen(
                ["make", "--no-print-directory", "serve", f"PORT={self.port}", f"SERVE_DIR={self.serve_dir}"],
                cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
            )  # fmt: skip
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            with suppress(OSError):
                if health(self.proxy, timeout=2)[0] == 200:
                    return self
            time.sleep(0.5)
        self.stop()
        raise RuntimeError(f"make serve did not answer /health/ through nginx:\n{self.log.read_text()[-3000:]}")

    def group(self):
        """Processes still in make's process group."""
        alive = []
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                with suppress(OSError, IndexError):
                    fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                    if int(fields[2]) == self.process.pid and fields[0] != "Z":
                        alive.append(int(entry.name))
        return alive

    def stop(self, timeout=45):
        """SIGTERM to make; True when every process it started has ended within timeout."""
        if self.process is None:
            return True
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and (self.process.poll() is None or self.group()):
            time.sleep(0.2)
        stopped = self.process.poll() is not None and not self.group()
        if not stopped:
            with suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
        return stopped

    def __exit__(self, *exc):
        self.stop()


# --- Clients --------------------------------------------------------------------------------------


def connect(target, timeout=5):
    """A connected socket: target is (host, port) or the path of a unix socket."""
    family = socket.AF_UNIX if isinstance(target, str) else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.settimeout(timeout)
    sock.connect(target)
    return sock


def read_response(sock, timeout):
    """(status, headers text, body) of one HTTP/1.1 answer; None as status if nothing complete came."""
    sock.settimeout(timeout)
    data = b""
    with suppress(OSError):
        while b"\r\n\r\n" not in data:
            piece = sock.recv(65536)
            if not piece:
                break
            data += piece
        head, _, body = data.partition(b"\r\n\r\n")
        fields = [line.split(b":", 1) for line in head.split(b"\r\n")[1:] if b":" in line]
        lengths = [value for name, value in fields if name.strip().lower() == b"content-length"]
        length = int(lengths[0]) if lengths else None
        while length is not None and len(body) < length:
            piece = sock.recv(65536)
            if not piece:
                break
            body += piece
        status_line = head.split(b"\r\n", 1)[0].split()
        if len(status_line) > 1 and status_line[0].startswith(b"HTTP/"):
            return int(status_line[1]), head.decode("latin-1"), body
    return None, data.decode("latin-1"), b""


def health(target, timeout=5):
    """(status, seconds) of one GET /health/ on a new connection; status None when it timed out or failed."""
    started = time.perf_counter()
    try:
        with connect(target, timeout) as sock:
            sock.sendall(b"GET /health/ HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
            status, _, _ = read_response(sock, timeout)
    except OSError:
        status = None
    return status, time.perf_counter() - started


def probe(target, count, timeout, budget=None):
    """Sequential /health/ probes: a list of (status, seconds); stops early after budget seconds."""
    results, started = [], time.monotonic()
    for _ in range(count):
        results.append(health(target, timeout))
        if budget and time.monotonic() - started > budget:
            break
    return results


def p99(results, timeout):
    """99th percentile latency in seconds; a probe that failed counts as the whole timeout."""
    seconds = sorted(s if status == 200 else max(s, timeout) for status, s in results)
    return statistics.quantiles(seconds, n=100, method="inclusive")[98] if len(seconds) > 1 else seconds[0]


def slow_request_head(path, length=1_000_000):
    if path.startswith("/studio/"):
        kind, extra = "application/x-www-form-urlencoded", f"Cookie: {CSRF_COOKIE}\r\n"
    else:
        kind, extra = "application/octet-stream", ""
    return (
        f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: {kind}\r\n{extra}Content-Length: {length}\r\n\r\n"
    ).encode()


class Drip:
    """`with Drip(target, count, heads):` count sockets, each sent one of heads, then one byte a second.

    `heads` cycles; a head without a blank line at its end is a slow header (one more header
    byte a second). answered() counts sockets that got any answer or were closed by the server.
    """

    def __init__(self, target, count, heads, interval=1.0):
        self.target, self.count, self.heads, self.interval = target, count, heads, interval
        self.sockets, self.closed = [], set()
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._drip, daemon=True)

    def __enter__(self):
        for index in range(self.count):
            sock = connect(self.target)
            sock.sendall(self.heads[index % len(self.heads)])
            sock.setblocking(False)
            self.sockets.append(sock)
        self.thread.start()
        return self

    def _drip(self):
        while not self.stopping.wait(self.interval):
            for index, sock in enumerate(self.sockets):
                if index not in self.closed:
                    try:
                        sock.send(b"X" if self.heads[index % len(self.heads)].endswith(b"\r\n\r\n") else b"x")
                    except (BlockingIOError, InterruptedError):
                        pass
                    except OSError:
                        self.closed.add(index)

    def answered(self, which=None):
        """How many of the sockets (all, or those whose index is in which) the server answered or closed."""
        readable = select.select([s for i, s in enumerate(self.sockets) if i not in self.closed], [], [], 0)[0]
        for sock in readable:
            self.closed.add(self.sockets.index(sock))
        return len([i for i in self.closed if which is None or i in which])

    def __exit__(self, *exc):
        self.stopping.set()
        self.thread.join(5)
        for sock in self.sockets:
            sock.close()


def body_chunks(total, chunked, boundary="studio-bench"):
    """The bytes of a total-byte body in 64 KiB pieces: a multipart file part, or chunked framing."""
    if chunked:
        frame = f"{len(CHUNK):x}\r\n".encode() + CHUNK + b"\r\n"
        for _ in range(total // len(CHUNK)):
            yield frame
        yield b"0\r\n\r\n"
        return
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="image"; filename="big.jpg"\r\n'
        "Content-Type: image/jpeg\r\n\r\n"
    ).encode()
    tail = f"\r\n--{boundary}--\r\n".encode()
    yield head
    left = total - len(head) - len(tail)
    while left > 0:
        piece = CHUNK if left >= len(CHUNK) else CHUNK[:left]
        left -= len(piece)
        yield piece
    yield tail


def send_body(target, path, total=GIB, chunked=False, folders=(), timeout=300, pids=lambda: (), pause_at=None):
    """Stream a total-byte body to path while watching folders; what the server took, answered and wrote.

    The sender stops as soon as an answer arrives; with pause_at it waits a second once it has sent
    that many bytes, so the sampler sees what the server holds in flight. pids() names the server's
    processes (for the files they hold open, see folder_size). Returns a dict: status, body, sent
    (bytes the client had sent when the answer came), seconds, and per folder its growth at peak
    and after.
    """
    boundary = "studio-bench"
    framing = "Transfer-Encoding: chunked" if chunked else f"Content-Length: {total}"
    kind = f"multipart/form-data; boundary={boundary}"
    head = (
        f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: {kind}\r\nCookie: {CSRF_COOKIE}\r\n"
        f"{framing}\r\nConnection: close\r\n\r\n"
    ).encode()
    before = {folder: folder_size(folder, pids()) for folder in folders}
    peak = dict(before)
    answered, sent = threading.Event(), [0]
    sampling = threading.Event()

    def sample():
        while not sampling.wait(0.05):
            holders = pids()
            for folder in folders:
                peak[folder] = max(peak[folder], folder_size(folder, holders))

    sock = connect(target, timeout)
    # A small send buffer, so "sent" is close to what the server has read.
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 64 * 1024)

    def send():
        with suppress(OSError):
            sock.sendall(head)
            for piece in body_chunks(total, chunked, boundary):
                if answered.is_set():
                    return
                sock.sendall(piece)
                sent[0] += len(piece)
                if pause_at and sent[0] >= pause_at > sent[0] - len(piece):
                    time.sleep(1)

    sampler, sender = threading.Thread(target=sample, daemon=True), threading.Thread(target=send, daemon=True)
    sampler.start()
    started = time.perf_counter()
    sender.start()
    ready = select.select([sock], [], [], timeout)[0]
    at_answer = sent[0]
    status, _, body = read_response(sock, 10) if ready else (None, "", b"")
    seconds = time.perf_counter() - started
    answered.set()
    with suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)
    sock.close()
    sender.join(10)
    time.sleep(1)  # let the server finish the request and drop its temporary files
    sampling.set()
    sampler.join(5)
    growth = {
        folder: {"peak": peak[folder] - before[folder], "after": folder_size(folder, pids()) - before[folder]}
        for folder in folders
    }
    return {"status": status, "body": body, "sent": at_answer, "seconds": seconds, "growth": growth}


# --- The benchmark --------------------------------------------------------------------------------


def prepare_database():
    script = f"""
import psycopg
with psycopg.connect({PG + "/postgres"!r}, autocommit=True) as conn:
    if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [{BENCH_DB!r}]).fetchone():
        conn.execute('CREATE DATABASE {BENCH_DB}')
"""
    subprocess.run([sys.executable, "-c", script], check=True, cwd=ROOT)
    return f"{PG}/{BENCH_DB}"


def slow_round(target, slow, probes, timeout, budget):
    heads = [slow_request_head("/api/v1/jobs/"), slow_request_head("/studio/login/")]
    with Drip(target, slow, heads) as drip:
        time.sleep(2)  # the slow clients are in, each holding what it holds
        results = probe(target, probes, timeout, budget)
        still_waiting = slow - drip.answered()
    return results, still_waiting


def row(benchmark, metric, value, baseline, unit):
    ratio = round(value / baseline, 3) if baseline not in (None, 0) and value is not None else None
    return {"benchmark": benchmark, "metric": metric, "value": value, "baseline": baseline, "ratio": ratio,
            "unit": unit}  # fmt: skip


def main(quick=False):
    if not nginx_installed():
        print("nginx is not installed (apt-get install nginx-light): slow_clients skipped")
        return []
    slow, probes, timeout = 200, (30 if quick else 100), 2.0
    baseline_total = 128 * MIB if quick else GIB
    rows = []
    with tempfile.TemporaryDirectory(prefix="studio-slow-") as root, Serve(prepare_database(), root) as serve:
        probe(serve.proxy, 20, timeout)  # warm-up: each gunicorn worker's first request loads the site
        idle_proxy = probe(serve.proxy, probes, timeout)
        idle_direct = probe(serve.direct, probes, timeout)
        proxied, waiting_proxied = slow_round(serve.proxy, slow, probes, timeout, budget=60)
        time.sleep(1)
        direct, waiting_direct = slow_round(serve.direct, slow, probes, timeout, budget=30 if quick else 60)
        time.sleep(3)
        answered = lambda results: sum(status == 200 for status, _ in results)  # noqa: E731
        name = f"{slow} slow bodies (1 B/s), /health/ x{probes}"
        rows += [
            row(name, "p99 through nginx (baseline: gunicorn alone)", p99(proxied, timeout) * 1000,
                p99(direct, timeout) * 1000, "ms"),
            row(name, "p99 through nginx (baseline: nginx, no slow clients)", p99(proxied, timeout) * 1000,
                p99(idle_proxy, timeout) * 1000, "ms"),
            row(name, "p99 gunicorn alone (baseline: gunicorn alone, no slow clients)", p99(direct, timeout) * 1000,
                p99(idle_direct, timeout) * 1000, "ms"),
            row(name, f"probes answered within {timeout:.0f} s through nginx (of {len(proxied)})",
                answered(proxied), len(proxied), "probes"),
            row(name, f"probes answered within {timeout:.0f} s, gunicorn alone (of {len(direct)})",
                answered(direct), len(direct), "probes"),
            row(name, "slow clients still connected at the end, nginx (baseline: gunicorn alone)",
                waiting_proxied, waiting_direct, "sockets"),
        ]  # fmt: skip
        folders = (serve.body_temp, serve.tmp, serve.media)
        cases = [
            ("/studio/login/", False, serve.proxy, GIB, "1 GiB multipart to /studio/login/ (CSRF cookie), nginx"),
            ("/api/v1/jobs/", False, serve.proxy, GIB, "1 GiB to /api/v1/jobs/ (Content-Length), nginx"),
            ("/api/v1/jobs/", True, serve.proxy, GIB, "1 GiB to /api/v1/jobs/ (chunked), nginx"),
            ("/studio/login/", True, serve.proxy, GIB, "1 GiB chunked to /studio/login/ (CSRF cookie), nginx"),
        ]
        base = send_body(serve.direct, "/studio/login/", baseline_total, False, folders, pids=serve.group)
        base_disk = max(g["peak"] for g in base["growth"].values())
        base_label = f"gunicorn alone: {baseline_total // MIB} MiB to /studio/login/ answered {base['status']}"
        for path, chunked, target, total, label in cases:
            result = send_body(target, path, total, chunked, folders, pids=serve.group, pause_at=8 * MIB)
            disk = max(g["peak"] for g in result["growth"].values())
            after = sum(g["after"] for g in result["growth"].values())
            rows += [
                row(label, f"answer {result['status']}: MiB sent before it ({base_label})",
                    result["sent"] / MIB, base["sent"] / MIB, "MiB"),
                row(label, "MiB on disk at peak (baseline: gunicorn alone)", disk / MIB, base_disk / MIB, "MiB"),
                row(label, "MiB left on disk after", after / MIB, None, "MiB"),
                row(label, "time to the answer (baseline: gunicorn alone)", result["seconds"] * 1000,
                    base["seconds"] * 1000, "ms"),
            ]  # fmt: skip
    report(rows, slow, probes, timeout)
    return rows


def report(rows, slow, probes, timeout):
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"\n## Slow and large requests (benchmarks/slow_clients.py), {stamp}\n")
    print(
        f"Machine: {machine()}, load average {load}. `make serve`: nginx (deploy/nginx.conf) in front of "
        f"gunicorn (gunicorn.conf.py) on a unix socket, PostgreSQL, DEBUG off; the baseline is the same "
        f"gunicorn reached on its socket directly. {slow} slow clients, then {probes} sequential /health/ "
        f"probes (a new connection each, {timeout:.0f} s timeout; a probe that failed counts as the timeout).\n"
    )
    print("| benchmark | metric | value | baseline | ratio | unit |\n|---|---|---|---|---|---|")
    for item in rows:
        cells = [item["benchmark"], item["metric"]]
        for key in ("value", "baseline"):
            value = item[key]
            cells.append("-" if value is None else f"{value:,.1f}" if isinstance(value, float) else str(value))
        cells.append("-" if item["ratio"] is None else f"{item['ratio']:.3f}")
        print("| " + " | ".join([*cells, item["unit"]]) + " |")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="fewer probes, a 128 MiB baseline body")
    main(quick=parser.parse_args().quick)
