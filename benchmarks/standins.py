"""Do the hand-written stand-ins for the ORM and reverse() earn their keep? A/B on a real server.

Measured at the commit that adds this file, where STUDIO_PLAIN (a comma list) turned a
stand-in off for measuring: "director" (the director state's row as one raw LEFT JOIN
vs the ORM's select_related get), "urls" (cached URL templates vs reverse() per URL),
"token" (the token lookup and the rate-limit count in one CTE vs DRF's
TokenAuthentication and the throttle's own upsert). Every variant runs in its own
gunicorn at once (only one is driven at a time); rounds alternate the variants, the
order reversed every other round, and the report gives median req/s and the median of
the per-round ratios (stand-in / plain). The machine is shared, so each slice also
records the CPU the server spent per request (its gunicorn process group plus the
PostgreSQL backends on the bench database, from /proc): that, not the wall clock,
is what other people's load leaves alone.

Routes: benchmarks/api_load.py's clients and data (director state with 3 and 10 scenes,
the trivial token-authenticated view) and benchmarks/throttle.py's (/studio-open/, a
trivial view the throttle counts, and /api/me/).

Run: BENCH_DB=<db> .venv/bin/python benchmarks/standins.py [--seconds 3] [--rounds 4]
"""

import argparse
import asyncio
import os
import statistics
import sys
import time
from contextlib import ExitStack
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from benchmarks import api_load, throttle  # noqa: E402
from benchmarks.server import Gunicorn  # noqa: E402
from studio_project.machine import machine  # noqa: E402

API_VARIANTS = {"stand-ins": "", "ORM row": "director", "reverse()": "urls", "DRF token + upsert": "token"}
API_ROUTES = {
    "director state, 10 scenes": api_load.director_read("ten"),
    "director state, 3 scenes": api_load.director_read("three"),
    "trivial token view (ping)": api_load.ping,
}
THROTTLE_VARIANTS = {"stand-ins": "", "DRF token + upsert": "token"}
THROTTLE_ROUTES = {"throttle site /studio-open/": "/studio-open/", "throttle site /me/": "/me/"}


CLOCK_TICK = os.sysconf("SC_CLK_TCK")


def _cpu(pid_wanted):
    """CPU seconds (user + system) of every process `pid_wanted(pid, pgrp)` accepts."""
    total = 0
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if pid_wanted(int(entry), int(fields[2])):
            total += int(fields[11]) + int(fields[12])
    return total / CLOCK_TICK


def backend_pids():
    import psycopg

    with psycopg.connect(f"{api_load.PG}/postgres", autocommit=True) as conn:
        rows = conn.execute("SELECT pid FROM pg_stat_activity WHERE datname = %s", [api_load.BENCH_DB]).fetchall()
    return {pid for (pid,) in rows}


def server_cpu(server):
    """CPU seconds so far of the gunicorn (its process group) and of every PostgreSQL backend on the bench database;
    only one server is driven at a time, so a slice's database CPU is that server's."""
    pids = backend_pids()
    return _cpu(lambda pid, pgrp: pgrp == server.process.pid or pid in pids)


def api_server(plain):
    env = api_load.server_env(WEB_WORKERS=str(api_load.WORKERS), WEB_THREADS=str(api_load.THREADS), STUDIO_PLAIN=plain)
    return Gunicorn(env, "-c", "gunicorn.conf.py")


def throttle_server(plain):
    options = ["--workers", str(throttle.WORKERS), "--threads", str(throttle.THREADS), "--keep-alive", "30"]
    return Gunicorn(throttle.server_env(STUDIO_PLAIN=plain), *options, ready_path="/none/")


def alternating(variants, rounds):
    names = list(variants)
    for index in range(rounds):
        yield from (names if index % 2 == 0 else reversed(names))


async def api_rounds(servers, clients, seconds, rounds):
    runs = {(route, name): [] for route in API_ROUTES for name in servers}
    for server in servers.values():
        for step in API_ROUTES.values():
            await api_load.drive(server.port, clients, step, 1)  # warm every worker and connection
    for route, step in API_ROUTES.items():
        for name in alternating(servers, rounds):
            before = server_cpu(servers[name])
            result = await api_load.drive(servers[name].port, clients, step, seconds)
            runs[route, name].append((result["rps"], (server_cpu(servers[name]) - before) / result["count"]))
    return runs


def throttle_rounds(servers, tokens, seconds, rounds):
    runs = {(route, name): [] for route in THROTTLE_ROUTES for name in servers}
    for server in servers.values():
        for path in THROTTLE_ROUTES.values():
            for token in tokens:
                throttle.request(server.port, path, token)
    for route, path in THROTTLE_ROUTES.items():
        for name in alternating(servers, rounds):
            before, started = server_cpu(servers[name]), time.monotonic()
            rps = throttle.throughput(servers[name].port, path, tokens, seconds)
            count = rps * (time.monotonic() - started)
            runs[route, name].append((rps, (server_cpu(servers[name]) - before) / count))
    return runs


def table(runs, variants):
    lines = ["| route | variant | req/s (median) | req/s ratio stand-ins / variant | server CPU ms/request (median) "
             "| CPU ratio variant / stand-ins | rounds (req/s) |",
             "|---|---|---|---|---|---|---|"]  # fmt: skip
    for route in dict.fromkeys(route for route, _ in runs):
        base = runs[route, "stand-ins"]
        for name in variants:
            mine = runs[route, name]
            rps = statistics.median(r for r, _ in mine)
            cpu = statistics.median(c for _, c in mine) * 1000
            if name == "stand-ins":
                ratio = cpu_ratio = "-"
            else:
                ratio = f"{statistics.median(b[0] / m[0] for b, m in zip(base, mine, strict=True)):.2f}"
                cpu_ratio = f"{statistics.median(m[1] / b[1] for b, m in zip(base, mine, strict=True)):.2f}"
            rounds = ", ".join(f"{r:.0f}" for r, _ in mine)
            lines.append(f"| {route} | {name} | {rps:.0f} | {ratio} | {cpu:.2f} | {cpu_ratio} | {rounds} |")
    return lines


def main(seconds, rounds):
    data = api_load.prepare()
    with ExitStack() as stack:
        servers = {name: stack.enter_context(api_server(plain)) for name, plain in API_VARIANTS.items()}
        api_runs = asyncio.run(api_rounds(servers, data["clients"], seconds, rounds))
    tokens = throttle.prepare(throttle.CLIENTS)
    with ExitStack() as stack:
        servers = {name: stack.enter_context(throttle_server(plain)) for name, plain in THROTTLE_VARIANTS.items()}
        throttle_runs = throttle_rounds(servers, tokens, seconds, rounds)
    header = (
        f"Machine: {machine()}; load average when done {os.getloadavg()[0]:.1f}. api_load routes: gunicorn.conf.py "
        f"{api_load.WORKERS} workers x {api_load.THREADS} threads, {api_load.CLIENTS} keep-alive clients; throttle "
        f"routes: {throttle.WORKERS} x {throttle.THREADS}, {throttle.CLIENTS} clients; {rounds} rounds of {seconds} s "
        "per variant and route, variants alternating (order reversed every other round)."
    )
    print(header)
    print("\n".join(table(api_runs, API_VARIANTS)))
    print("\n".join(table(throttle_runs, THROTTLE_VARIANTS)))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=3)
    parser.add_argument("--rounds", type=int, default=4)
    args = parser.parse_args()
    throttle.BENCH_DB = api_load.BENCH_DB
    main(args.seconds, args.rounds)
