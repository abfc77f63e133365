"""The Eye's analysis time per megapixel, at 1, 4, 12 and 24 MP, against Pillow alone reading the same file.

Each test photo is scaled up with Pillow (bicubic) to the size, given fine grain (Gaussian noise, sigma 4)
so the pixels aren't suspiciously smooth, and saved as a JPEG (quality 90) the way an upload arrives.
Two comparisons, both measured in the same run, best of a few repeats:

- file to scores (open, decode, convert to RGB, LocalEye.analyze) against the baseline of Pillow alone doing
  open, decode, convert and the downscale to the Eye's 512 px working size: the ratio is what the analysis
  costs on top of reading the picture at all;
- analyze alone on the decoded image, in ms per megapixel, against decode alone per megapixel;
- each stage of The Eye on the decoded image (detection: faces, cats' faces, people; saliency: the map and
  the salient region; text: RapidOCR's detector and recogniser; mask: GrabCut; scores: the rest of analyze,
  its measures, scores and words), each against Pillow's decode of the same file, so the shares add up.

Times are process CPU time (best of 5), so a busy machine doesn't distort them; the load average at the
start of the run is recorded with the results.

    .venv/bin/python benchmarks/analysis.py [--quick]
"""

import datetime
import os
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
from PIL import Image, ImageChops  # noqa: E402

from benchmarks.rows import row  # noqa: E402
from director.engines.eye import WORK_SIDE, LocalEye, detect, measures, text  # noqa: E402
from studio_project.machine import cpu_model  # noqa: E402

SOURCE = HERE.parent / "tests" / "images" / "coffee.jpg"
SIZES_MP = (1, 4, 12, 24)
HEADING = "## The Eye: analysis time (benchmarks/analysis.py)"


def make_upload(megapixels, path):
    with Image.open(SOURCE) as photo:
        photo = photo.convert("RGB")
    scale = (megapixels * 1e6 / (photo.width * photo.height)) ** 0.5
    big = photo.resize((round(photo.width * scale), round(photo.height * scale)), Image.Resampling.BICUBIC)
    grain = Image.effect_noise(big.size, 4).convert("RGB")  # mean 128
    big = ImageChops.add(big, grain, scale=1.0, offset=-128)
    big.save(path, "JPEG", quality=90)
    return big.size


def decode(path):
    with Image.open(path) as image:
        return image.convert("RGB")


def pillow_alone(path):
    image = decode(path)
    scale = WORK_SIDE / max(image.size)
    size = (round(image.width * scale), round(image.height * scale))
    return image.resize(size, Image.Resampling.BILINEAR, reducing_gap=2.0)


def best_of(fn, repeat):
    """Best CPU time of `repeat` runs: CPU time, not wall time, so other work on the machine doesn't count."""
    best = float("inf")
    for _ in range(repeat):
        started = time.process_time()
        fn()
        best = min(best, time.process_time() - started)
    return best


def main(quick=False):
    eye = LocalEye()
    sizes = SIZES_MP[:2] if quick else SIZES_MP
    repeat = 2 if quick else 5
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        eye.analyze(decode(SOURCE))  # warm up
        for mp in sizes:
            path = Path(tmp) / f"upload-{mp}mp.jpg"
            width, height = make_upload(mp, path)
            actual_mp = width * height / 1e6
            label = f"analysis {mp} MP ({width}x{height} JPEG)"
            baseline = best_of(lambda p=path: pillow_alone(p), repeat)
            full = best_of(lambda p=path: eye.analyze(decode(p)), repeat)
            image = decode(path)
            decode_only = best_of(lambda p=path: decode(p), repeat)
            analyze_only = best_of(lambda i=image: eye.analyze(i), repeat)
            metric = "file to scores, vs Pillow decode+downscale (CPU)"
            rows.append(row(label, metric, full * 1000, baseline * 1000, "ms"))
            rows.append(
                row(label, "analyze per MP, vs decode per MP (CPU)", analyze_only * 1000 / actual_mp,
                     decode_only * 1000 / actual_mp, "ms/MP")
            )  # fmt: skip
            for stage, cost in stages(eye, image, analyze_only, repeat).items():
                metric = f"stage: {stage}, vs Pillow decode (CPU)"
                rows.append(row(label, metric, cost * 1000, decode_only * 1000, "ms"))
    return rows


def stages(eye, image, analyze_only, repeat):
    """CPU time of each stage of LocalEye.analyze on a decoded image, the same calls analyze makes."""
    view = measures.downscale(image, text.TEXT_SIDE)
    work = measures.downscale(image, WORK_SIDE)
    analysis = eye.analyze(image)
    out = {
        "detection (faces, cat faces, people)": best_of(
            lambda: (detect.faces(view), detect.cat_faces(view), detect.people(view)), repeat
        ),
        "saliency (map and salient region)": best_of(lambda: detect.salient_region(measures.saliency(work)), repeat),
        "text (detect and read)": best_of(lambda: text.read(view), repeat),
    }
    # The rest of analyze: the shared reduced copies, the measures, the scores and the words.
    out["scores (measures, scores, words)"] = max(0.0, analyze_only - sum(out.values()))
    out["subject mask (GrabCut, after analyze)"] = best_of(lambda: eye.subject_mask(image, analysis), repeat)
    return out


def record(rows, quick):
    results = HERE / "RESULTS.md"
    text = results.read_text() if results.exists() else "# Benchmark results\n"
    when = datetime.date.today().isoformat() + (" (quick)" if quick else "")
    lines = [
        "",
        f"### {when}: {os.cpu_count()} cores, {cpu_model()}, "
        f"load average {os.getloadavg()[0]:.1f}; CPU time, best of {2 if quick else 5}",
        "",
        "| benchmark | metric | value | baseline | ratio | unit |",
        "|---|---|---|---|---|---|",
    ]
    columns = ("benchmark", "metric", "value", "baseline", "ratio", "unit")
    lines += ["| " + " | ".join(str(r[c]) for c in columns) + " |" for r in rows]
    block = "\n".join(lines) + "\n"
    if HEADING in text:  # add under our own heading, before the next section
        start = text.index(HEADING) + len(HEADING)
        following = text.find("\n## ", start)
        end = len(text) if following == -1 else following
        text = text[:end].rstrip("\n") + "\n" + block + text[end:]
    else:
        text = text.rstrip("\n") + "\n\n" + HEADING + "\n\n"
        text += "Ratios are against Pillow alone reading the same JPEG in the same run (lower is better).\n" + block
    results.write_text(text)


def print_table(rows):
    headers = ["benchmark", "metric", "value", "baseline", "ratio", "unit"]
    table = [[str(r[h]) for h in headers] for r in rows]
    widths = [max(len(h), *(len(t[i]) for t in table)) for i, h in enumerate(headers)]
    print("  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)))
    for t in table:
        print("  ".join(c.ljust(w) for c, w in zip(t, widths, strict=True)))


if __name__ == "__main__":
    quick = "--quick" in sys.argv
    results = main(quick=quick)
    print_table(results)
    record(results, quick)
    print(f"\nappended to {HERE / 'RESULTS.md'}")
