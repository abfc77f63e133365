"""The remaster of a 12 MP upload: wall time, CPU time and peak memory, against Pillow decoding the same file.

The upload is built, seeded, from a committed photo: coffee.jpg enlarged with Pillow (bicubic) to 4243 x 2828,
darkened to 35 % of its light, given sensor noise (Gaussian, sigma 6) and saved as a JPEG at quality 40, so
every repair runs (deblocking, denoising, the exposure lift, local contrast, sharpening, the reduction to
MAX_SIDE). Each measurement runs in a fresh process, which imports the same modules (numpy, OpenCV, Pillow,
the remaster) before the clock starts, so peak RSS (VmHWM) compares like with like:

- baseline: open the file, decode it, convert to RGB;
- remaster: the same, then LocalRemaster().remaster.

CPU time is the process's (all threads), so a busy machine shows up in wall time but not in CPU time; the
load average at the start is printed. With --before PATH, the remaster of another checkout (e.g. a git
worktree of an older commit) is measured in the same run, once, for the before/after comparison.

    .venv/bin/python benchmarks/remaster.py [--quick] [--before /tmp/old-checkout]
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
import numpy as np  # noqa: E402
from PIL import Image, ImageEnhance  # noqa: E402

from benchmarks.rows import row  # noqa: E402

SOURCE = ROOT / "tests" / "images" / "coffee.jpg"
SIZE = (4243, 2828)  # 12.0 MP
SEED = 12

CHILD = """
import json, sys, time
sys.path.insert(0, sys.argv[1])
import cv2, numpy
from PIL import Image
from director.engines.remaster import LocalRemaster


def peak_rss():
    # VmHWM starts afresh at exec; getrusage's ru_maxrss would carry the parent's peak over.
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024


wall, cpu = time.perf_counter(), time.process_time()
with Image.open(sys.argv[2]) as image:
    image = image.convert("RGB")
size = image.size
if sys.argv[3] == "remaster":
    size = LocalRemaster().remaster(image).size
print(json.dumps({
    "wall": time.perf_counter() - wall,
    "cpu": time.process_time() - cpu,
    "rss": peak_rss(),
    "size": size,
}))
"""


def make_upload(path, size=SIZE):
    with Image.open(SOURCE) as photo:
        big = photo.convert("RGB").resize(size, Image.Resampling.BICUBIC)
    big = ImageEnhance.Brightness(big).enhance(0.35)
    rng = np.random.default_rng(SEED)
    pixels = np.asarray(big, dtype=np.float32) + rng.normal(0.0, 6.0, (size[1], size[0], 3)).astype(np.float32)
    Image.fromarray(np.clip(pixels + 0.5, 0, 255).astype(np.uint8)).save(path, "JPEG", quality=40)


def run(root, path, what):
    out = subprocess.run(
        [sys.executable, "-c", CHILD, str(root), str(path), what], capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def best(root, path, what, repeat):
    runs = [run(root, path, what) for _ in range(repeat)]
    return {key: min(r[key] for r in runs) for key in ("wall", "cpu", "rss")} | {"size": runs[0]["size"]}


def rows_for(label, measured, baseline):
    return [
        row(label, "wall time, vs Pillow decode", measured["wall"], baseline["wall"], "s"),
        row(label, "CPU time, vs Pillow decode", measured["cpu"], baseline["cpu"], "s"),
        row(label, "peak RSS, vs Pillow decode", measured["rss"], baseline["rss"], "MB"),
    ]


def main(quick=False, before=None):
    repeat = 1 if quick else 3
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "upload-12mp.jpg"
        make_upload(path)
        print(f"load average {os.getloadavg()[0]:.1f}; {SIZE[0]}x{SIZE[1]} JPEG, {path.stat().st_size} bytes")
        decode = best(ROOT, path, "decode", repeat)
        now = best(ROOT, path, "remaster", repeat)
        rows = rows_for(f"remaster 12 MP -> {now['size'][0]}x{now['size'][1]}", now, decode)
        if before:
            old = run(before, path, "remaster")
            label = f"remaster 12 MP, before ({Path(before).name}) -> {old['size'][0]}x{old['size'][1]}"
            rows += rows_for(label, old, decode)
            rows += [
                row("remaster 12 MP, now vs before", f"{key} time", now[key], old[key], "s") for key in ("wall", "cpu")
            ]
            rows.append(row("remaster 12 MP, now vs before", "peak RSS", now["rss"], old["rss"], "MB"))
    return rows


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="one run of each instead of the best of three")
    parser.add_argument("--before", help="another checkout whose remaster is measured once, in the same run")
    args = parser.parse_args()
    for line in main(quick=args.quick, before=args.before):
        print(" | ".join(str(line[c]) for c in ("benchmark", "metric", "value", "baseline", "ratio", "unit")))
