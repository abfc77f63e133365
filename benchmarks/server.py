"""gunicorn on 127.0.0.1 for the load benchmarks (api_load.py, throttle.py).

Started on a free port in its own process group, ready once it answers an HTTP
request without a server error, stopped with its whole group. Workers never
recycle during a run (--max-requests 0).
"""

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = str(Path(sys.executable).parent / "gunicorn")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def answers(port, path):
    """The HTTP status of GET path, or None while nothing answers."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as sock:
            sock.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode())
            status_line = sock.recv(64).split(b"\r\n", 1)[0].split()
            return int(status_line[1]) if len(status_line) > 1 and status_line[0].startswith(b"HTTP/") else None
    except OSError:
        return None


class Gunicorn:
    """`with Gunicorn(env, "--workers", "4") as server:` serves studio_project.wsgi on server.port."""

    def __init__(self, env, *options, ready_path="/health/", timeout=60):
        self.port = free_port()
        self.env, self.options, self.ready_path, self.timeout = env, options, ready_path, timeout
        self.process = None

    def __enter__(self):
        self.process = subprocess.Popen(
            [GUNICORN, *self.options, "--bind", f"127.0.0.1:{self.port}", "--max-requests", "0",
             "--log-level", "warning", "studio_project.wsgi:application"],
            cwd=ROOT, env=self.env, start_new_session=True,
        )  # fmt: skip
        deadline = time.monotonic() + self.timeout
        while time.monotonic() < deadline:
            status = answers(self.port, self.ready_path)
            if status is not None and status < 500:
                return self
            if self.process.poll() is not None:
                break
            time.sleep(0.2)
        self.__exit__()
        raise RuntimeError(f"gunicorn did not answer {self.ready_path} within {self.timeout} s")

    def __exit__(self, *exc):
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
