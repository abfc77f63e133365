"""The API routes of two checkouts side by side in one run: is any route slower than before?

    .venv/bin/python benchmarks/_before_after.py /path/to/other/checkout [--rounds 6] [--seconds 3]

Each checkout gets its own database (studio_before / studio_after, created and migrated by that
checkout's own benchmarks/api_load.py) and its own gunicorn (its own gunicorn.conf.py, 3 workers x 4
threads); both servers run for the whole time, and only one is driven at a time. Rounds alternate
the checkouts route by route, the order reversed every other round, so a burst of load from
elsewhere on the machine hits both sides of a ratio alike. The client is this checkout's (the same
asyncio HTTP/1.1 client and steps as benchmarks/api_load.py, 16 keep-alive clients).

Per route: requests per second (median of the rounds) and the median of the per-round ratios
after / before, with their spread; and server CPU per request (both gunicorns' process groups and
the PostgreSQL backends of each database, from /proc), before / after. Not part of `make bench`
(it needs a second checkout): named with a leading underscore so run_all.py skips it.
"""

import argparse
import asyncio
import json
import os
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from benchmarks import api_load  # noqa: E402
from benchmarks.server import GUNICORN, answers, free_port  # noqa: E402
from studio_project.machine import machine  # noqa: E402

PYTHON = sys.executable
IDLE_JOBS = 400  # per client and checkout: every selection consumes one
ROUTES = {
    "ping": ("trivial token view (ping)", api_load.ping),
    "director_3": ("GET director state, 3 scenes", api_load.director_read("three")),
    "director_10": ("GET director state, 10 scenes", api_load.director_read("ten")),
    "list": ("GET job list", api_load.job_list),
    "review": ("POST scene review (GREEN, If-Match)", api_load.review),
    "select": ("POST select-director", api_load.select),
}


def env_for(tree, database, **extra):
    return api_load.server_env(
        DATABASE_URL=f"{api_load.PG}/{database}",
        PYTHONPATH=str(tree),
        MEDIA_ROOT=str(Path("/tmp") / f"{database}-media"),
        STATIC_ROOT=str(Path("/tmp") / f"{database}-static"),
        **extra,
    )


def prepare(tree, database):
    code = (
        f"import os, sys; sys.path.insert(0, {str(tree)!r}); os.environ['BENCH_DB'] = {database!r}; "
        f"import benchmarks.api_load as A; A.IDLE_JOBS_PER_CLIENT = {IDLE_JOBS}; A._inside()"
    )
    env = env_for(tree, database, TASKS_BACKEND="django.tasks.backends.immediate.ImmediateBackend", BENCH_DB=database)
    subprocess.run(
        [PYTHON, "manage.py", "collectstatic", "--noinput", "-v", "0"], cwd=tree, env=env, check=True, timeout=300
    )
    result = subprocess.run([PYTHON, "-c", code], cwd=tree, env=env, capture_output=True, text=True, timeout=1800)
    if result.returncode:
        raise RuntimeError(f"preparing {database} in {tree} failed:\n{result.stderr[-4000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


class Server:
    def __init__(self, tree, database):
        self.tree, self.database, self.port = tree, database, free_port()
        env = env_for(tree, database, WEB_WORKERS=str(api_load.WORKERS), WEB_THREADS=str(api_load.THREADS))
        self.process = subprocess.Popen(
            [GUNICORN, "-c", "gunicorn.conf.py", "--bind", f"127.0.0.1:{self.port}", "--max-requests", "0",
             "--log-level", "warning", "studio_project.wsgi:application"],
            cwd=tree, env=env, start_new_session=True,
        )  # fmt: skip
        deadline = time.monotonic() + 90
        while (status := answers(self.port, "/health/")) is None or status >= 500:
            if time.monotonic() > deadline or self.process.poll() is not None:
                self.stop()
                raise RuntimeError(f"gunicorn in {tree} did not start")
            time.sleep(0.3)

    def cpu(self):
        """Seconds of CPU used so far by this gunicorn's processes and the PostgreSQL backends of its database."""
        return _cpu(self._pids()) + _cpu(_backends(self.database))

    def _pids(self):
        pids = []
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                try:
                    if os.getpgid(int(entry)) == self.process.pid:
                        pids.append(int(entry))
                except OSError:
                    pass
        return pids

    def stop(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=30)


def _cpu(pids):
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
        except (OSError, IndexError):
            pass
    return total / os.sysconf("SC_CLK_TCK")


def _backends(database):
    import psycopg

    with psycopg.connect(f"{api_load.PG}/postgres", autocommit=True) as conn:
        rows = conn.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()", [database]
        ).fetchall()
    return [pid for (pid,) in rows]


async def one_round(server, clients, step, seconds):
    before = server.cpu()
    result = await api_load.drive(server.port, clients, step, seconds)
    used = server.cpu() - before
    return result["rps"], 1000 * used / max(1, result["count"])


async def measure(servers, data, rounds, seconds):
    for name, server in servers.items():  # warm every worker, connection and prepared statement
        for _, step in ROUTES.values():
            if step is not api_load.select:
                await api_load.drive(server.port, data[name]["clients"], step, 1)
    runs = {route: {name: [] for name in servers} for route in ROUTES}
    for index in range(rounds):
        order = list(servers) if index % 2 == 0 else list(reversed(servers))
        for route, (_, step) in ROUTES.items():
            for name in order:
                runs[route][name].append(await one_round(servers[name], data[name]["clients"], step, seconds))
        print(f"  round {index + 1}/{rounds} done, load average {os.getloadavg()[0]:.1f}", flush=True)
    return runs


def report(runs, rounds, seconds, other):
    lines = [
        "| route | before req/s | after req/s | after / before (median of rounds) | spread of the per-round ratios "
        "| CPU ms/request before | after | CPU before / after |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for route, (label, _) in ROUTES.items():
        before, after = runs[route]["before"], runs[route]["after"]
        ratios = [a[0] / b[0] for a, b in zip(after, before, strict=True) if b[0]]
        cpu_ratios = [b[1] / a[1] for a, b in zip(after, before, strict=True) if a[1]]
        lines.append(
            f"| {label} | {statistics.median(r[0] for r in before):.1f} | {statistics.median(r[0] for r in after):.1f} "
            f"| {statistics.median(ratios):.2f} | {min(ratios):.2f}-{max(ratios):.2f} "
            f"| {statistics.median(r[1] for r in before):.2f} | {statistics.median(r[1] for r in after):.2f} "
            f"| {statistics.median(cpu_ratios):.2f} |"
        )
    header = (
        f"Machine: {machine()}. Before: {other}; after: this checkout. Each: gunicorn {api_load.WORKERS} workers x "
        f"{api_load.THREADS} threads on its own PostgreSQL database, {api_load.CLIENTS} keep-alive clients; "
        f"{rounds} rounds of {seconds} s per route and checkout, alternating (order reversed every other round); "
        f"load average when done {os.getloadavg()[0]:.1f}."
    )
    print(header)
    print("\n".join(lines))
    print("raw rounds (req/s, CPU ms/request):", json.dumps(runs))
    return header, lines


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("before", type=Path, help="the other checkout (e.g. a git worktree of an older commit)")
    parser.add_argument("--rounds", type=int, default=6)
    parser.add_argument("--seconds", type=float, default=3)
    args = parser.parse_args()
    trees = {"before": args.before.resolve(), "after": ROOT}
    databases = {"before": "studio_before", "after": "studio_after"}
    data = {name: prepare(tree, databases[name]) for name, tree in trees.items()}
    print("queries per request:", {name: d["queries"] for name, d in data.items()}, flush=True)
    servers = {}
    try:
        for name, tree in trees.items():
            servers[name] = Server(tree, databases[name])
        runs = asyncio.run(measure(servers, data, args.rounds, args.seconds))
    finally:
        for server in servers.values():
            server.stop()
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=args.before, capture_output=True, text=True)
    report(runs, args.rounds, args.seconds, f"{args.before} at {commit.stdout.strip()}")


if __name__ == "__main__":
    main()
