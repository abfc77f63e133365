"""`make bench`: run every benchmark in this folder and print one table.

Each benchmark module exposes main(quick=False) -> list of rows
{"benchmark", "metric", "value", "baseline", "ratio", "unit"}; every figure is
compared against a baseline measured in the same run.
"""

import argparse
import json
import platform
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from studio_project.machine import machine  # noqa: E402

MARKER = "BENCHMARK-ROWS:"
ORDER = [
    "throttle",
    "analysis",
    "upload_latency",
    "render",
    "remaster",
    "studio_head",
    "admin_scale",
    "audit_scale",
    "api_load",
    "slow_clients",
]


def discover():
    found = {p.stem for p in HERE.glob("*.py") if p.stem not in ("run_all", "__init__") and not p.stem.startswith("_")}
    return [name for name in ORDER if name in found] + sorted(found - set(ORDER))


def fmt(value):
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:,.3f}" if abs(value) < 100 else f"{value:,.0f}"
    return str(value)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="smaller sizes, for a smoke run")
    parser.add_argument("only", nargs="*", help="benchmark module names to run (default: all)")
    args = parser.parse_args()
    names = args.only or discover()
    rows, failures = [], []
    for name in names:
        # Each benchmark runs in its own process: they set Django up on different databases and settings.
        started = time.perf_counter()
        print(f"== {name}", flush=True)
        code = (
            f"import json, sys; from benchmarks import {name} as m; "
            f"rows = m.main(quick={args.quick}) or []; print(ROWS + json.dumps(rows, default=float))"
        )
        result = subprocess.run(
            [sys.executable, "-c", f"ROWS = {MARKER!r}; " + code],
            cwd=HERE.parent,
            stdout=subprocess.PIPE,
            text=True,
        )
        for line in result.stdout.splitlines():
            if line.startswith(MARKER):
                rows += json.loads(line[len(MARKER) :])
            else:
                print(line)
        if result.returncode != 0:
            failures.append(name)
        print(f"   ({time.perf_counter() - started:.1f} s)", flush=True)
    headers = ["benchmark", "metric", "value", "baseline", "ratio", "unit"]
    table = [[fmt(row.get(h)) for h in headers] for row in rows]
    widths = [max(len(h), *(len(r[i]) for r in table)) if table else len(h) for i, h in enumerate(headers)]
    print(f"\nmachine: {platform.node()}, {machine()}")
    print("  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)))
    for row in table:
        print("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)))
    if failures:
        print(f"\nfailed: {', '.join(failures)}")
        sys.exit(1)


if __name__ == "__main__":
    main()
