"""The local production engine: animates the still, scene by scene, into an H.264 MP4 with PyAV.

Each scene is prepared once: the area its camera move covers is cut from the source and resampled (Lanczos)
to a working size at which the tightest window of the move is the output's size, so a small source is
enlarged by a real resampler and sharpened, never stretched by the encoder; it is graded, given its engine's
look, and converted once to the video's Y, U and V planes (BT.709). Every frame is then an affine warp of
those planes at float coordinates (OpenCV, bilinear), so the camera moves by fractions of a pixel and never
stalls; it is drawn straight into the planes of a frame the encoder takes as it is (4:2:0, yuv420p), from a
small pool that is reused, so nothing is converted, copied or allocated per frame before x264 reads it.

With a subject mask the scene is two layers: the subject, with a feathered edge, and the background with the
subject painted out (cv2.inpaint on a dilated mask, so no trace of the subject's edge is left behind). The
subject follows the shot's framing exactly; the background follows it less (the engine's parallax), so a
push or a pan reads as a camera moving through the scene, not a zoom on a flat photo. The two layers
coincide in the middle of the move, which is the frame the preview shows.

Frames are drawn in a helper thread while the encoder works; OpenCV and x264 both release the GIL.
"""

import math
import os
import queue
import threading
from dataclasses import dataclass
from fractions import Fraction

import av
import cv2
import numpy as np
from django.utils.translation import gettext
from PIL import Image

from director.engines import endcard
from director.framing import DEFAULT_MOTION, MOTIONS, Framing, main_subject, motion_for
from director.grading import apply_grade, scene_grade

CROSSFADE = 0.5  # seconds, centred on the cut between two scenes
MIN_DURATION, MAX_DURATION = 1.0, 10.0
MAX_SCENES = 10
PRESET = "veryfast"
COLORSPACE = "ITU709"  # HD video: BT.709 matrix, tagged in the stream so players decode the same colours
X264_PARAMS = "colorprim=bt709:transfer=bt709:colormatrix=bt709"
MAX_WORK = 3.0  # a scene's working image is at most this many times the output's size on each side
KEYFRAME_AT = 0.5  # where the preview looks, and where the depth layers line up
FEATHER = 1.2  # the subject's edge: blur (output pixels) of the alpha
FILL_SIDE = 400  # the painted-out background is computed at this long side, then enlarged (it is mostly hidden)
POOL = 10  # frames drawn ahead of the encoder, at most
TRANSLATION = 1e-6  # a warp whose scale is this close to 1 is a translation (0.001 px off across 1080p)


class RenderError(Exception):
    pass


@dataclass(frozen=True)
class Look:
    """An engine's finish: glow around the highlights, chroma softened into its neighbours, crispness."""

    bloom: float = 0.0  # share of the blurred highlights added back
    diffuse: float = 0.0  # share of a softened copy mixed in (a diffusion filter)
    bleed: float = 0.0  # blur of the chroma planes, in output pixels
    crisp: float = 0.0  # unsharp-mask amount on luma


LOOKS = {
    "kling": Look(),
    "luma": Look(bloom=0.55, diffuse=0.2, bleed=2.5),
    "gemini_pro": Look(crisp=0.7),
}


# --- Preparing a scene ------------------------------------------------------------------------------------


def _even(value):
    return max(2, int(round(value)) // 2 * 2)


def _planes(rgb):
    """An RGB array's Y, U and V planes (4:2:0), in the video's colour space.

    Converted by way of NV12: swscale rounds its chroma there, where its planar output runs 0.2 low.
    """
    h, w = rgb.shape[:2]
    frame = av.VideoFrame.from_ndarray(np.ascontiguousarray(rgb), format="rgb24")
    yuv = frame.reformat(format="nv12", dst_colorspace=COLORSPACE).to_ndarray()
    uv = yuv[h:].reshape(h // 2, w // 2, 2)
    return np.ascontiguousarray(yuv[:h]), *(np.ascontiguousarray(uv[..., c]) for c in (0, 1))


def frame_planes(frame):
    """Writable views of a yuv420p VideoFrame's Y, U and V planes (each row cut to the plane's width)."""
    return tuple(
        np.frombuffer(plane, np.uint8).reshape(plane.height, plane.line_size)[:, : plane.width]
        for plane in frame.planes
    )


def _span(low, high, length, limit):
    """The interval of `length` centred on [low, high], moved inside [0, limit] (and cut to it if longer)."""
    start = min(max(0.0, (low + high - length) / 2), max(0.0, limit - length))
    return start, min(float(limit), start + length)


def _sample(src, m, size, dst=None):
    """`src` sampled (bilinear, edges replicated) at m @ (x, y, 1) for every pixel (x, y) of `size`, into `dst`.

    A pure translation is cut out by cv2.getRectSubPix, the same bilinear (its weights unquantised) at a
    seventh of warpAffine's cost.
    """
    w, h = size
    cx, cy = m[0, 2] + (w - 1) / 2, m[1, 2] + (h - 1) / 2
    if (
        abs(m[0, 0] - 1.0) < TRANSLATION
        and abs(m[1, 1] - 1.0) < TRANSLATION
        and m[0, 1] == m[1, 0] == 0.0
        and 0.0 <= cx < src.shape[1] - 1
        and 0.0 <= cy < src.shape[0] - 1
    ):
        return cv2.getRectSubPix(src, size, (cx, cy), patch=dst)
    flags = cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP
    return cv2.warpAffine(src, m, size, dst=dst, flags=flags, borderMode=cv2.BORDER_REPLICATE)


def _bloom(rgb, strength, sigma):
    """Highlights blurred wide and laid back over the picture (screen blend): light that spills, as through a
    soft lens, and lifts the shadows a little."""
    base = rgb.astype(np.float32)
    luma = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY).astype(np.float32)
    highlights = base * np.clip((luma - 150.0) / 105.0, 0.0, 1.0)[..., None]
    glow = cv2.GaussianBlur(highlights, (0, 0), sigma) + cv2.GaussianBlur(highlights, (0, 0), sigma * 4)
    glow = np.minimum(glow * (strength * 2.5), 255.0)
    return (255.0 - (255.0 - base) * (255.0 - glow) / 255.0).astype(np.uint8)


def _sharpen(plane, amount, sigma):
    blurred = cv2.GaussianBlur(plane, (0, 0), sigma)
    return cv2.addWeighted(plane, 1.0 + amount, blurred, -amount, 0)


class Depth:
    """A source's subject mask and its background with the subject painted out (small; enlarged per scene)."""

    def __init__(self, mask, fill):
        self.mask, self.fill = mask, fill

    @classmethod
    def from_mask(cls, image, mask):
        """The depth of `image` (RGB PIL) from an 8-bit mask (255 = subject), or None if it separates nothing."""
        if mask is None:
            return None
        mask = mask.convert("L")
        if mask.size != image.size:
            mask = mask.resize(image.size, Image.Resampling.BILINEAR)
        full = np.asarray(mask)
        cover = float((full > 127).mean())
        if not 0.002 <= cover <= 0.9:
            return None
        scale = min(1.0, FILL_SIDE / max(image.size))
        small_size = (max(2, round(image.width * scale)), max(2, round(image.height * scale)))
        small = np.asarray(image.resize(small_size, Image.Resampling.BOX))
        hole = cv2.resize(full, small_size, interpolation=cv2.INTER_AREA) > 20
        grow = max(3, round(0.02 * max(small_size))) | 1
        hole = cv2.dilate(hole.astype(np.uint8) * 255, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (grow, grow)))
        fill = cv2.inpaint(small, hole, max(3, grow // 2), cv2.INPAINT_TELEA)
        return cls(Image.fromarray(full), Image.fromarray(fill))


class _Shot:
    """One scene's working planes (one layer, or subject and background) and the mapping of its windows to them."""

    def __init__(self, image, scene, director, out_size, *, motion, look, subjects=None, depth=None):
        self.framing = Framing.for_scene(image.size, out_size, scene, subjects=subjects, motion=motion)
        self.parallax = motion.parallax
        (left, top, right, bottom), narrowest = self.framing.bounds()
        left, top = max(0, math.floor(left)), max(0, math.floor(top))
        right, bottom = min(image.width, math.ceil(right)), min(image.height, math.ceil(bottom))
        # The tightest window of the move maps to the output's size: larger windows shrink a little per frame.
        factor = out_size[0] / narrowest
        factor = min(factor, MAX_WORK * out_size[0] / (right - left), MAX_WORK * out_size[1] / (bottom - top))
        work_w, work_h = _even((right - left) * factor), _even((bottom - top) * factor)
        # Cut from a box exactly 1/factor of the working size, so a window as wide as the tightest maps to one
        # working pixel per output pixel: a move that keeps its size (a pan, a tilt) is then a pure translation.
        across = _span(left, right, work_w / factor, image.width)
        down = _span(top, bottom, work_h / factor, image.height)
        box = (across[0], down[0], across[1], down[1])
        work = image.resize((work_w, work_h), Image.Resampling.LANCZOS, box=box, reducing_gap=3.0)
        enlarged = factor > 1.05
        per_output = factor * narrowest / out_size[0]  # working pixels per output pixel at the tightest window
        grade = scene_grade(director, scene)

        def finish(picture):
            rgb = np.asarray(apply_grade(picture, grade))
            if enlarged:  # a small source: put back the edge contrast the enlargement spread out
                rgb = _sharpen(rgb, 0.6, 0.5 * min(factor, 3.0))
            if look.diffuse:
                soft = cv2.GaussianBlur(rgb, (0, 0), 1.2 * per_output)
                rgb = cv2.addWeighted(rgb, 1.0 - look.diffuse, soft, look.diffuse, 0)
            if look.bloom:
                rgb = _bloom(rgb, look.bloom, 0.025 * out_size[1] * per_output)
            y, u, v = _planes(rgb)
            if look.crisp:
                y = _sharpen(y, look.crisp, 1.0 * per_output)
            if look.bleed:
                u, v = (cv2.GaussianBlur(c, (0, 0), look.bleed * per_output / 2) for c in (u, v))
            return y, u, v

        self.layers = None
        alpha = None
        if depth is not None and self.framing.subject is not None:
            alpha = np.asarray(depth.mask.resize((work_w, work_h), Image.Resampling.BILINEAR, box=box))
            if not 0.002 <= float((alpha > 127).mean()) <= 0.9:
                alpha = None
        if alpha is None:
            self.planes = finish(work)
        else:
            fill = depth.fill.resize(
                (work_w, work_h),
                Image.Resampling.BILINEAR,
                box=tuple(v * depth.fill.width / image.width for v in box),
            )
            grow = max(3, round(0.03 * work_h)) | 1
            hole = cv2.dilate(alpha, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (grow, grow)))
            hole = cv2.GaussianBlur(hole, (0, 0), grow / 4)[..., None].astype(np.uint16)
            background = (np.asarray(work) * (255 - hole) + np.asarray(fill) * hole) // 255
            back = finish(Image.fromarray(background.astype(np.uint8)))
            front = finish(work)
            # The edge: the mask pulled in a pixel and feathered, so no background travels with the subject.
            a = cv2.erode(alpha, np.ones((3, 3), np.uint8))
            a = cv2.GaussianBlur(a, (0, 0), max(0.6, FEATHER * per_output))
            a_uv = cv2.resize(a, (work_w // 2, work_h // 2), interpolation=cv2.INTER_AREA)
            # Only the subject's bounding box (even, for chroma) is kept of the front layer and its cover.
            ys, xs = np.nonzero(a)
            x0, y0 = max(0, xs.min() - 2) // 2 * 2, max(0, ys.min() - 2) // 2 * 2
            x1, y1 = min(work_w, _even(xs.max() + 4)), min(work_h, _even(ys.max() + 4))
            a, a_uv = a[y0:y1, x0:x1], a_uv[y0 // 2 : y1 // 2, x0 // 2 : x1 // 2]
            front = (front[0][y0:y1, x0:x1], *(c[y0 // 2 : y1 // 2, x0 // 2 : x1 // 2] for c in front[1:]))
            covers = (a, a_uv, a_uv)
            # Per plane: the background, the subject premultiplied by its alpha, and what of the background shows.
            self.layers = tuple(
                (b, cv2.multiply(f, c, scale=1 / 255), cv2.subtract(255, c))
                for b, f, c in zip(back, front, covers, strict=True)
            )
            self.front_box = (x0, y0, x1, y1)
            self.planes = None
        self.scale = (work_w / (box[2] - box[0]), work_h / (box[3] - box[1]))
        self.origin = box[:2]
        self.out_size = out_size
        self.reference = self.framing.window(KEYFRAME_AT)

    def _matrices(self, window):
        """Affine maps (output pixel -> working pixel) for the Y plane and the half-size U/V plane."""
        left, top, right, bottom = window
        (ox, oy), (fx, fy) = self.origin, self.scale
        w, h = self.out_size
        a, d = (right - left) * fx / w, (bottom - top) * fy / h
        wl, wt = (left - ox) * fx, (top - oy) * fy
        full = np.array([[a, 0.0, wl + 0.5 * a - 0.5], [0.0, d, wt + 0.5 * d - 0.5]])
        half = np.array([[a, 0.0, wl / 2 + 0.5 * a - 0.5], [0.0, d, wt / 2 + 0.5 * d - 0.5]])
        return full, half

    def frame(self, t, out):
        """Draw the frame at progress t into `out`, its (Y, U, V) planes: uint8 arrays, the chroma at half size."""
        w, h = self.out_size
        window = self.framing.window(t)
        full, half = self._matrices(window)
        sizes = ((w, h), (w // 2, h // 2), (w // 2, h // 2))
        if self.layers is None:
            for plane, m, size, dst in zip(self.planes, (full, half, half), sizes, out, strict=True):
                _sample(plane, m, size, dst)
            return out
        # The background lags the subject: its window is partway between this frame's and the reference's.
        p = self.parallax
        behind = tuple(c + (r - c) * p for c, r in zip(window, self.reference, strict=True))
        bg_full, bg_half = self._matrices(behind)
        for (back, _, _), m, size, dst in zip(self.layers, (bg_full, bg_half, bg_half), sizes, out, strict=True):
            _sample(back, m, size, dst)
        # The subject is laid over the part of the frame its box covers, not the whole frame.
        x0, y0, x1, y1 = self.front_box
        a, c, d, f = full[0, 0], full[0, 2], full[1, 1], full[1, 2]
        u0, v0 = max(0, math.floor((x0 - c) / a) - 1) // 2 * 2, max(0, math.floor((y0 - f) / d) - 1) // 2 * 2
        u1, v1 = min(w, _even(math.ceil((x1 - c) / a) + 3)), min(h, _even(math.ceil((y1 - f) / d) + 3))
        if u1 <= u0 or v1 <= v0:
            return out
        for (_, fg, ia), m, scale, dst in zip(self.layers, (full, half, half), (1, 2, 2), out, strict=True):
            box = (u0 // scale, v0 // scale, u1 // scale, v1 // scale)
            m = m.copy()
            m[0, 2] += m[0, 0] * box[0] - x0 / scale
            m[1, 2] += m[1, 1] * box[1] - y0 / scale
            size = (box[2] - box[0], box[3] - box[1])
            front, cover = _sample(fg, m, size), _sample(ia, m, size)
            region = dst[box[1] : box[3], box[0] : box[2]]
            cv2.multiply(region, cover, dst=region, scale=1 / 255)
            cv2.add(region, front, dst=region)
        return out


# --- The storyboard's frames --------------------------------------------------------------------------------


def _durations(scenes):
    if not scenes:
        raise RenderError("nothing to render: the storyboard has no scenes")
    if len(scenes) > MAX_SCENES:
        raise RenderError(f"at most {MAX_SCENES} scenes can be rendered")
    durations = []
    for scene in scenes:
        try:
            duration = float(scene.get("duration", 5.0))
        except (TypeError, ValueError) as exc:
            raise RenderError(f"scene {scene.get('sequence_index')} has no valid duration") from exc
        if not MIN_DURATION <= duration <= MAX_DURATION:
            raise RenderError(f"scene durations must be {MIN_DURATION:g}..{MAX_DURATION:g} s, got {duration}")
        durations.append(duration)
    return durations


def plan_frames(scenes, fps):
    """For each scene, its [start, end) frame numbers: boundaries rounded from the cumulative durations."""
    durations = _durations(scenes)
    bounds, elapsed = [], 0.0
    for duration in durations:
        start = round(elapsed * fps)
        elapsed += duration
        bounds.append((start, round(elapsed * fps)))
    return bounds


def keyframe(image, scene, director, out_size, *, engine=None, subjects=None):
    """The frame the render shows in the middle of `scene` (without its depth layers), as an RGB PIL image."""
    w, h = out_size
    shot = _Shot(
        image.convert("RGB"), scene, director, out_size, motion=motion_for(engine), look=LOOKS.get(engine, Look()),
        subjects=subjects,
    )  # fmt: skip
    frame = av.VideoFrame(w, h, "yuv420p")
    shot.frame(KEYFRAME_AT, frame_planes(frame))
    return frame.reformat(format="rgb24", src_colorspace=COLORSPACE).to_image()


class LocalRenderer:
    """Studio's own renderer, with the motion and look of the engine it stands in for (kling by default)."""

    name = "local"
    engine = "kling"

    @property
    def label(self):
        motion = gettext(MOTIONS.get(self.engine, DEFAULT_MOTION).label)
        return gettext("Local renderer, %(motion)s") % {"motion": motion}  # in the active language

    def render(
        self, image, scenes, director, out_path, *, size=(1280, 720), fps=24, progress=None, subjects=None, mask=None
    ):
        """Render the storyboard to `out_path` (MP4, H.264, 4:2:0); returns {"duration", "frames", "size"}.

        `size` is the output's (width, height), even; `subjects` The Eye's list (most important first, boxes
        as fractions of `image`), which the shots frame; `mask` an 8-bit image of the subject (255 = subject,
        any size, stretched to `image`), which gives the scenes depth. `progress(frames_done, frames_total)` is
        called after every frame is encoded; it may raise to stop.
        """
        width, height = int(size[0]), int(size[1])
        if width < 16 or height < 16 or width % 2 or height % 2:
            raise RenderError("the video size must be even and at least 16x16")
        bounds = plan_frames(scenes, fps)
        total = bounds[-1][1]
        image = image.convert("RGB")
        motion, look = motion_for(self.engine), LOOKS.get(self.engine, Look())
        depth = Depth.from_mask(image, mask) if main_subject(subjects) is not None else None
        fade = [i > 0 and scenes[i].get("transition") == "crossfade" for i in range(len(scenes))]
        shots = {}

        def shot(i):
            if i not in shots:
                shots.pop(i - 2, None)  # only the current and its neighbours are ever needed
                shots[i] = _Shot(
                    image, scenes[i], director, (width, height), motion=motion, look=look, subjects=subjects,
                    depth=depth,
                )  # fmt: skip
            return shots[i]

        def t_of(i, n):
            start, end = bounds[i]
            return (n - start) / max(1, end - start - 1)

        other = tuple(np.empty(p.shape, np.uint8) for p in frame_planes(av.VideoFrame(width, height, "yuv420p")))

        def blend(first, second, alpha, out):
            for a, b, dst in zip(first, second, out, strict=True):
                cv2.addWeighted(a, 1.0 - alpha, b, alpha, 0, dst=dst)

        def draw(n, i, out):
            shot(i).frame(t_of(i, n), out)
            start, end = bounds[i]
            half = CROSSFADE * fps / 2
            if fade[i] and n - start < half:  # second half of the dissolve from the previous scene
                shot(i - 1).frame(1.0, other)
                blend(other, out, min(1.0, 0.5 + (n - start + 0.5) / (2 * half)), out)
            elif i + 1 < len(scenes) and fade[i + 1] and end - n <= half:  # first half of the dissolve
                shot(i + 1).frame(0.0, other)
                blend(out, other, max(0.0, 0.5 - (end - n - 0.5) / (2 * half)), out)
            if endcard.shows_card(scenes, i, n, end, fps):  # the CTA offer on the last scene's final frames
                endcard.overlay_yuv420(out, scenes[i]["end_card"])

        tmp_path = f"{out_path}.part"
        # Frames go round: drawn from the pool, queued, encoded (x264 copies the picture in), back to the pool.
        pool, frames = queue.Queue(), queue.Queue()
        for _ in range(POOL):
            frame = av.VideoFrame(width, height, "yuv420p")
            pool.put((frame, frame_planes(frame)))
        failure, stop = [], threading.Event()

        def produce():
            try:
                for i, (start, end) in enumerate(bounds):
                    for n in range(start, end):
                        if stop.is_set():
                            return
                        item = pool.get()
                        draw(n, i, item[1])
                        frames.put((n, item))
            except BaseException as exc:  # reported to the encoding thread, re-raised there
                failure.append(exc)
            finally:
                frames.put(None)

        producer = threading.Thread(target=produce, name="render-frames", daemon=True)
        written = 0
        try:
            with av.open(tmp_path, mode="w", format="mp4", options={"movflags": "+faststart"}) as container:
                stream = container.add_stream("libx264", rate=Fraction(fps))
                stream.width, stream.height, stream.pix_fmt = width, height, "yuv420p"
                stream.codec_context.options = {
                    "preset": PRESET,
                    "crf": "21",
                    "threads": "0",  # x264 picks, as the ffmpeg command line does
                    "x264-params": X264_PARAMS,
                }
                time_base = Fraction(1, fps)  # the muxer changes the stream's own time base after the header
                producer.start()
                while (item := frames.get()) is not None:
                    n, (frame, planes) = item
                    frame.pts, frame.time_base = n, time_base
                    container.mux(stream.encode(frame))
                    pool.put((frame, planes))
                    written += 1
                    if progress is not None:
                        progress(written, total)
                if failure:
                    raise failure[0]
                container.mux(stream.encode(None))
            if written != total:
                raise RenderError(f"rendered {written} frames, expected {total}")
            os.replace(tmp_path, out_path)
        except BaseException:
            stop.set()
            _drain(frames, pool, producer)
            if os.path.exists(tmp_path):
                os.remove(tmp_path)
            raise
        return {"duration": round(total / fps, 3), "frames": total, "size": [width, height]}


class KlingStyleRenderer(LocalRenderer):
    engine = "kling"


class LumaStyleRenderer(LocalRenderer):
    engine = "luma"


class GeminiProStyleRenderer(LocalRenderer):
    engine = "gemini_pro"


def _drain(frames, pool, producer):
    """Unblock and finish the frame thread after a failure on the encoding side: give its frames back."""
    while producer.is_alive():
        try:
            item = frames.get(timeout=0.1)
        except queue.Empty:
            continue
        if item is not None:
            pool.put(item[1])
