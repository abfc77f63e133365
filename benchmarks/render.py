"""Production render speed: Studio's local renderer against ffmpeg's zoompan filter doing the same moves.

Three 5 s scenes (push-in, pan, pull-out; cuts) from one photo, at 720p and 1080p (16:9) and 24 fps,
H.264 veryfast, 4:2:0, all timed from the image file on disk to a finished MP4 (wall time, and CPU time of
all threads and child processes, which is steadier on a shared machine); rounds interleaved, every run listed.
The baseline is one ffmpeg process (the imageio-ffmpeg wheel's, or one on PATH): crop to 16:9, zoompan per
scene with the same zoom, travel and ease, the same grade (eq), concatenated. Studio renders the same
storyboard with flat moves (no subject, as zoompan does), with depth (the rocket as subject: its mask made by
GrabCut, inpainted background, parallax), and at 720p with crossfades, which zoompan+concat can't do without
shortening the video. Peak memory is that of a fresh process doing one render.

    .venv/bin/python benchmarks/render.py [--quick]
"""

import datetime
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

import av  # noqa: E402
import cv2  # noqa: E402
import numpy as np  # noqa: E402
from PIL import Image  # noqa: E402

from director.engines.render import PRESET, LocalRenderer  # noqa: E402
from director.framing import DEFAULT_MOTION, DRIFT, PAN_SCALE, PAN_TRAVEL, PUSH, SHOT_SCALE  # noqa: E402
from studio_project.machine import cpu_model  # noqa: E402

SOURCE = HERE.parent / "tests" / "images" / "rocket.jpg"
SOURCE_SIZE = (2400, 1600)  # a typical upload is larger than the video; scaled up from the sample photo
GRADE = {"saturation": 1.25, "contrast": 1.1, "warmth": 0.0, "brightness": 1.0}
# The rocket's box, measured by eye on the sample photo (fractions); its mask is GrabCut seeded with it.
SUBJECTS = [{"label": "subject", "box": [0.475, 0.29, 0.53, 0.96], "confidence": 1.0}]
SCENES = [
    {"shot": "medium", "camera": "push-in", "duration": 5.0, "transition": "cut"},
    {"shot": "medium", "camera": "pan", "duration": 5.0, "transition": "cut"},
    {"shot": "wide", "camera": "pull-out", "duration": 5.0, "transition": "cut"},
]


class Director:
    id = "benchmark"
    grade = GRADE


def ffmpeg_binary():
    found = shutil.which("ffmpeg")
    if found:
        return found
    try:
        import imageio_ffmpeg
    except ImportError:
        return None
    return imageio_ffmpeg.get_ffmpeg_exe()


def _zoompan(scene, fps, size):
    """zoompan expressions for one scene: zoom is 1/scale of the 16:9 input, the window centred then clamped."""
    frames = round(scene["duration"] * fps)
    t = f"(on/{max(1, frames - 1)})"
    lin = DEFAULT_MOTION.linear  # the same ease as the studio's default motion: smoothstep mixed with constant speed
    e = f"({1 - lin}*{t}*{t}*(3-2*{t})+{lin}*{t})"
    scale = SHOT_SCALE[scene["shot"]]
    cx, cy = "iw/2", "ih/2"
    if scene["camera"] == "push-in":
        s = f"{scale}*(1+({PUSH}-1)*{e})"
    elif scene["camera"] == "pull-out":
        s = f"{scale}*({PUSH}+(1-{PUSH})*{e})"
    elif scene["camera"] == "static":
        s = f"{scale}*(1-{DRIFT}*{e})"
    else:
        s = str(min(scale, PAN_SCALE))
        shift = f"(({e}-0.5)*2*{PAN_TRAVEL})"
        if scene["camera"] == "pan":
            cx = f"(iw/2+{shift}*iw)"
        else:
            cy = f"(ih/2+{shift}*ih)"
    x = f"clip({cx}-iw/zoom/2,0,iw-iw/zoom)"
    y = f"clip({cy}-ih/zoom/2,0,ih-ih/zoom)"
    return f"zoompan=z='1/({s})':x='{x}':y='{y}':d={frames}:s={size[0]}x{size[1]}:fps={fps}"


def render_ffmpeg(binary, source, scenes, out, size, fps):
    w, h = size
    n = len(scenes)
    eq = f"eq=saturation={GRADE['saturation']}:contrast={GRADE['contrast']}"
    parts = [
        f"[0:v]crop='min(iw,ih*{w}/{h})':'min(iw,ih*{w}/{h})*{h}/{w}',{eq},split={n}"
        + "".join(f"[s{i}]" for i in range(n))
    ]
    parts += [f"[s{i}]{_zoompan(scene, fps, size)},setsar=1[v{i}]" for i, scene in enumerate(scenes)]
    parts.append("".join(f"[v{i}]" for i in range(n)) + f"concat=n={n}:v=1:a=0,format=yuv420p[out]")
    command = [
        binary, "-v", "error", "-y", "-i", str(source), "-filter_complex", ";".join(parts), "-map", "[out]",
        "-c:v", "libx264", "-preset", PRESET, "-crf", "21", "-pix_fmt", "yuv420p", "-movflags", "+faststart", str(out),
    ]  # fmt: skip
    subprocess.run(command, check=True)


def render_studio(source, scenes, out, size, fps, depth=False):
    with Image.open(source) as image:
        image.load()
        extra = {}
        if depth:
            with Image.open(source.with_suffix(".mask.png")) as mask:
                extra = {"subjects": SUBJECTS, "mask": mask.convert("L")}
        return LocalRenderer().render(image, scenes, Director(), str(out), size=size, fps=fps, **extra)


def make_source(tmp):
    """The upload (the sample photo scaled up) and a subject mask for it: GrabCut seeded with the rocket's box."""
    source = tmp / "source.png"
    with Image.open(SOURCE) as photo:
        photo = photo.convert("RGB")
    bgr = np.ascontiguousarray(np.asarray(photo)[..., ::-1])
    h, w = bgr.shape[:2]
    left, top, right, bottom = (round(v * s) for v, s in zip(SUBJECTS[0]["box"], (w, h, w, h), strict=True))
    mask = np.zeros((h, w), np.uint8)
    models = np.zeros((1, 65), np.float64), np.zeros((1, 65), np.float64)
    cv2.grabCut(bgr, mask, (left, top, right - left, bottom - top), *models, 3, cv2.GC_INIT_WITH_RECT)
    mask = np.where((mask == cv2.GC_FGD) | (mask == cv2.GC_PR_FGD), 255, 0).astype(np.uint8)
    photo.resize(SOURCE_SIZE, Image.Resampling.LANCZOS).save(source)
    Image.fromarray(mask).resize(SOURCE_SIZE, Image.Resampling.BILINEAR).save(source.with_suffix(".mask.png"))
    return source


def probe(path):
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        frames = sum(1 for _ in container.decode(stream))
        size = (stream.codec_context.width, stream.codec_context.height)
        return frames, stream.codec_context.name, stream.codec_context.pix_fmt, size


def _cpu_seconds():
    self_, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return self_.ru_utime + self_.ru_stime + children.ru_utime + children.ru_stime


def measure(variants, repeat):
    """Wall and CPU seconds (this process, its threads and children) of every run per variant, runs interleaved."""
    runs = {name: [] for name in variants}
    next(iter(variants.values()))()  # warm up: first imports, page cache, the codec's tables
    for _ in range(repeat):
        for name, fn in variants.items():
            wall, cpu = time.perf_counter(), _cpu_seconds()
            fn()
            runs[name].append((time.perf_counter() - wall, _cpu_seconds() - cpu))
    return runs


def peak_rss(source, scenes, size, fps, depth):
    """Peak resident memory (MB) of a fresh process that does one render: interpreter, libraries and render.

    Read as VmHWM, the high-water mark of the process's own memory since exec; ru_maxrss would also count the
    pages the child shared with this (larger) process between fork and exec.
    """
    script = (
        "import sys; from pathlib import Path; sys.path.insert(0, sys.argv[1]); "
        "from benchmarks.render import render_studio; import json; "
        "render_studio(Path(sys.argv[2]), json.loads(sys.argv[3]), Path(sys.argv[2]).with_suffix('.rss.mp4'), "
        "tuple(json.loads(sys.argv[4])), int(sys.argv[5]), depth=sys.argv[6] == '1'); "
        "print(next(l.split()[1] for l in open('/proc/self/status') if l.startswith('VmHWM:')))"
    )
    args = [str(HERE.parent), str(source), json.dumps(scenes), json.dumps(size), str(fps), "1" if depth else "0"]
    done = subprocess.run([sys.executable, "-c", script, *args], check=True, capture_output=True, text=True)
    return int(done.stdout.split()[-1]) / 1024


def main(quick=False):
    fps = 24
    sizes = {"720p": (1280, 720), "1080p": (1920, 1080)}
    if quick:
        sizes = {"360p": (640, 360)}
    scenes = [{**s, "duration": 2.0} for s in SCENES] if quick else SCENES
    crossfaded = [{**s, "transition": "crossfade" if i else "cut"} for i, s in enumerate(scenes)]
    duration = sum(s["duration"] for s in scenes)
    repeat = 1 if quick else 3
    binary = ffmpeg_binary()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        source = make_source(tmp)
        for resolution, size in sizes.items():
            variants = {
                "studio, flat moves": lambda s=size: render_studio(source, scenes, tmp / "flat.mp4", s, fps),
                "studio, depth (parallax)": lambda s=size: render_studio(
                    source, scenes, tmp / "depth.mp4", s, fps, depth=True
                ),
            }
            if resolution != "1080p":
                variants["studio, crossfades"] = lambda s=size: render_studio(source, crossfaded, tmp / "x.mp4", s, fps)
            if binary:
                variants["ffmpeg zoompan"] = lambda s=size: render_ffmpeg(
                    binary, source, scenes, tmp / "ffmpeg.mp4", s, fps
                )
            runs = measure(variants, repeat if resolution != "1080p" else max(1, repeat - 1))
            for name in ("flat.mp4", "depth.mp4"):
                frames, codec, pix_fmt, got = probe(tmp / name)
                expected = (round(duration * fps), "h264", "yuv420p", size)
                assert (frames, codec, pix_fmt, got) == expected, (name, frames, codec, pix_fmt, got)
            if binary:
                assert probe(tmp / "ffmpeg.mp4")[0] == frames
            label = f"render {len(scenes)}x{scenes[0]['duration']:g}s {size[0]}x{size[1]}@{fps}"
            rows += _rows(label, runs, duration, binary)
            for name, depth in (("studio, flat moves", False), ("studio, depth (parallax)", True)):
                rss = peak_rss(source, scenes, size, fps, depth)
                rows.append(_row(label, f"{name}: peak RSS of one render (fresh process)", rss, 600.0, "MB"))
    return rows


def _rows(label, runs, duration, binary):
    rows = []
    baseline = "ffmpeg zoompan" if binary else None
    best = {name: [min(r[0] for r in rs), min(r[1] for r in rs)] for name, rs in runs.items()}
    for index, unit in ((0, "s wall"), (1, "s CPU")):
        for name, rs in runs.items():
            spread = ", ".join(f"{r[index]:.2f}" for r in rs)
            base = best[baseline][index] if baseline else None
            row = _row(label, f"{name} render time (best; all runs: {spread})", best[name][index], base, unit)
            rows.append(row)
    for name in runs:
        if name.startswith("studio"):
            speed = duration / best[name][0]
            rows.append(_row(label, f"{name}: speed vs real time (video s per wall s)", speed, 1.0, "x"))
    if baseline:  # the same run's ratio round by round: how much the machine's load moved it
        ratios = [r[0] / b[0] for r, b in zip(runs["studio, flat moves"], runs[baseline], strict=True)]
        spread = ", ".join(f"{v:.2f}" for v in ratios)
        rows.append(_row(label, f"flat moves / zoompan, wall, per round ({spread})", min(ratios), None, "x"))
    return rows


def _row(benchmark, metric, value, baseline, unit):
    ratio = value / baseline if baseline else None
    return {
        "benchmark": benchmark,
        "metric": metric,
        "value": round(value, 3),
        "baseline": None if baseline is None else round(baseline, 3),
        "ratio": None if ratio is None else round(ratio, 3),
        "unit": unit,
    }


def record(rows, quick):
    results = HERE / "RESULTS.md"
    heading = "## Production render (benchmarks/render.py)"
    text = results.read_text() if results.exists() else "# Benchmark results\n"
    lines = [
        "",
        f"### {datetime.date.today().isoformat()}{' (quick)' if quick else ''}: {os.cpu_count()} cores, "
        f"{cpu_model()}, load average {os.getloadavg()[0]:.1f}; best of {1 if quick else 3}, runs interleaved "
        "(every run's time in the metric)",
        "",
        "| benchmark | metric | value | baseline | ratio | unit |",
        "|---|---|---|---|---|---|",
    ]
    lines += [
        f"| {r['benchmark']} | {r['metric']} | {r['value']} | {r['baseline'] if r['baseline'] is not None else '-'} "
        f"| {r['ratio'] if r['ratio'] is not None else '-'} | {r['unit']} |"
        for r in rows
    ]
    block = "\n".join(lines) + "\n"
    if heading in text:  # add under our own heading, before the next section
        start = text.index(heading) + len(heading)
        following = text.find("\n## ", start)
        end = len(text) if following == -1 else following
        text = text[:end].rstrip("\n") + "\n" + block + text[end:]
    else:
        text = text.rstrip("\n") + "\n\n" + heading + "\n\nRatios are against ffmpeg's zoompan in the same run "
        text += "(time: lower is better) or real time (speed: higher is better).\n" + block
    results.write_text(text)


if __name__ == "__main__":
    quick = "--quick" in sys.argv
    rows = main(quick=quick)
    width = max(len(r["metric"]) for r in rows)
    print(f"{'metric'.ljust(width)}  {'value':>9}  {'baseline':>9}  {'ratio':>7}  unit")
    for r in rows:
        baseline = "-" if r["baseline"] is None else f"{r['baseline']:9.3f}"
        ratio = "-" if r["ratio"] is None else f"{r['ratio']:7.3f}"
        print(f"{r['metric'].ljust(width)}  {r['value']:9.3f}  {baseline:>9}  {ratio:>7}  {r['unit']}")
    record(rows, quick)
