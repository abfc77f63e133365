"""What is in the picture: faces, cat faces, people and the salient subject, each as a box with a confidence.

Every detector runs on models that ship inside the installed OpenCV wheel (`cv2.data` Haar cascades, the
built-in HOG people detector); nothing is fetched. Each works on a reduced copy of the image; boxes come back
as [left, top, right, bottom] fractions 0..1 of the image. Thresholds were measured on the test photographs
(docs/the-eye.md): each sits above the strongest false detection seen on photos without that subject.
"""

from functools import cache

import cv2
import numpy as np

from director.engines.eye.measures import box_blur, downscale
from director.engines.eye.scores import ramp

FACE_SIDE = 400  # long side the face cascades see
CAT_SIDE = 160  # a cat's face usually fills the frame: a small copy, padded, lets the cascade's window hold it
PEOPLE_SIDE = 320  # long side the HOG people detector sees
MASK_SIDE = 1024  # long side of the stored subject mask at most
GRABCUT_SIDE = 240  # long side GrabCut separates the subject at...
GRABCUT_LARGE_SIDE = 160  # ... or, for a subject over LARGE_SUBJECT of the frame, where its cost grows with it
LARGE_SUBJECT = 0.15

# Votes (overlapping raw detections merged into one box) a face needs. On the photos without a face the
# strongest false frontal face gathered 8 votes (coins); the astronaut's face gathers 37 at 400 px.
FACE_VOTES = 12
CAT_VOTES = 6  # Chelsea gathers 15 with her head turned level; the strongest false cat face seen had 2
CAT_CONFIRM_VOTES = 4  # ... and the second cat cascade must agree on the same box (Chelsea 12, false 3)
PERSON_WEIGHT = 1.0  # HOG's SVM margin; the strongest false person seen scored 0.88 (a retina)
CAT_ANGLES = (0, 10, -10)  # a tilted head: the cascades only see upright faces
CAT_PAD = 0.25  # share of the long side added around the picture so a face cut by the frame still fits

LABELS = ("face", "cat face", "person", "text", "subject")


@cache
def _cascade(name):
    cascade = cv2.CascadeClassifier(cv2.data.haarcascades + name)
    if cascade.empty():
        raise RuntimeError(f"OpenCV's cascade {name} is missing from the installed wheel")
    return cascade


@cache
def _hog():
    hog = cv2.HOGDescriptor()
    hog.setSVMDetector(cv2.HOGDescriptor_getDefaultPeopleDetector())
    return hog


def _gray(image, side):
    small = downscale(image, side)
    return cv2.equalizeHist(np.asarray(small.convert("L")))


def _frac(x, y, w, h, width, height):
    box = [x / width, y / height, (x + w) / width, (y + h) / height]
    return [round(min(1.0, max(0.0, float(v))), 3) for v in box]


def iou(a, b):
    ix = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
    iy = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
    inter = ix * iy
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
    return inter / union if union > 0 else 0.0


def _found(label, box, confidence):
    return {"label": label, "box": box, "confidence": round(float(confidence), 2)}


def _votes_confidence(votes, needed):
    """0.5 at the votes a detection needs, 0.95 at four times as many: how far above the threshold it stands."""
    return 0.5 + 0.45 * ramp(votes, needed, 4 * needed)


def _cascade_boxes(name, gray, min_side, votes=3, scale=1.1):
    boxes, counts = _cascade(name).detectMultiScale2(
        gray, scaleFactor=scale, minNeighbors=votes, minSize=(min_side, min_side)
    )
    return [(tuple(int(v) for v in b), int(n)) for b, n in zip(boxes, counts, strict=True)]


def faces(image):
    """Human faces seen from the front (two cascades must agree on the box), largest first."""
    gray = _gray(image, FACE_SIDE)
    h, w = gray.shape
    min_side = max(20, min(h, w) // 16)
    found = []
    candidates = [
        (b, v) for b, v in _cascade_boxes("haarcascade_frontalface_alt2.xml", gray, min_side) if v >= FACE_VOTES
    ]
    if candidates:  # the second cascade only runs when the first found something to confirm
        confirm = [_frac(*b, w, h) for b, _ in _cascade_boxes("haarcascade_frontalface_default.xml", gray, min_side)]
        for b, votes in candidates:
            box = _frac(*b, w, h)
            if any(iou(box, c) >= 0.4 for c in confirm):
                found.append(_found("face", box, _votes_confidence(votes, FACE_VOTES)))
    return sorted(found, key=area, reverse=True)


def area(found):
    box = found["box"]
    return (box[2] - box[0]) * (box[3] - box[1])


def cat_faces(image):
    """Cats' faces: the picture shrunk, padded and turned a little, the two cat cascades agreeing."""
    gray = np.asarray(downscale(image, CAT_SIDE).convert("L"))  # not equalised: it cost Chelsea half her votes
    h, w = gray.shape
    pad = int(CAT_PAD * max(h, w))
    padded = cv2.copyMakeBorder(gray, pad, pad, pad, pad, cv2.BORDER_REPLICATE)
    ph, pw = padded.shape
    min_side = max(24, min(h, w) // 3)
    found = []
    for angle in CAT_ANGLES:
        turn = cv2.getRotationMatrix2D((pw / 2, ph / 2), angle, 1.0)
        view = cv2.warpAffine(padded, turn, (pw, ph), borderMode=cv2.BORDER_REPLICATE)
        back = cv2.invertAffineTransform(turn)
        candidates = _cascade_boxes("haarcascade_frontalcatface_extended.xml", view, min_side, CAT_VOTES, 1.05)
        if not candidates:
            continue
        confirm = _cascade_boxes("haarcascade_frontalcatface.xml", view, min_side, CAT_CONFIRM_VOTES, 1.05)
        for (x, y, bw, bh), votes in candidates:
            if not any(iou(_xyxy(x, y, bw, bh), _xyxy(*c)) >= 0.5 for c, _ in confirm):
                continue
            corners = np.array([[x, y, 1], [x + bw, y, 1], [x, y + bh, 1], [x + bw, y + bh, 1]], dtype=np.float64)
            xs, ys = (corners @ back.T).T
            box = _frac(xs.min() - pad, ys.min() - pad, xs.max() - xs.min(), ys.max() - ys.min(), w, h)
            found.append(_found("cat face", box, _votes_confidence(votes, CAT_VOTES)))
    return _distinct(found)


def _xyxy(x, y, w, h):
    return [x, y, x + w, y + h]


def _distinct(found, overlap=0.3):
    """The most confident of each group of overlapping detections."""
    kept = []
    for f in sorted(found, key=lambda f: (-f["confidence"], -area(f))):
        if all(iou(f["box"], k["box"]) < overlap for k in kept):
            kept.append(f)
    return kept


def people(image):
    """Standing people (HOG with OpenCV's default people SVM), strongest first."""
    rgb = np.asarray(downscale(image, PEOPLE_SIDE))
    h, w = rgb.shape[:2]
    if h < 128 or w < 64:
        return []
    rects, weights = _hog().detectMultiScale(rgb, winStride=(8, 8), padding=(16, 16), scale=1.05)
    found = [
        _found("person", _frac(*r, w, h), ramp(float(s), PERSON_WEIGHT - 0.5, PERSON_WEIGHT + 1.0))
        for r, s in zip(rects, np.ravel(weights), strict=True)
        if float(s) >= PERSON_WEIGHT
    ]
    return _distinct(found)


def salient_region(saliency):
    """The box of the salient region holding the saliency map's peak (smoothed, cut at half the peak).

    The smoothing is the focal point's (describe.focal_point), so the focal point lies inside this box.
    No map (a blank frame) or one with no saliency at all gives the whole frame, with confidence 0.
    """
    if saliency is None or float(saliency.max()) <= 0:
        return _found("subject", [0.0, 0.0, 1.0, 1.0], 0.0)
    h, w = saliency.shape
    r = max(1, min(h, w) // 12)
    smooth = box_blur(box_blur(saliency, r, cv2.BORDER_CONSTANT), r, cv2.BORDER_CONSTANT)
    top = float(smooth.max())
    if top <= 0:
        return _found("subject", [0.0, 0.0, 1.0, 1.0], 0.0)
    region = (smooth >= 0.5 * top).astype(np.uint8)
    _, labels, stats, _ = cv2.connectedComponentsWithStats(region)
    iy, ix = np.unravel_index(int(np.argmax(smooth)), smooth.shape)
    x, y, bw, bh, _ = stats[labels[iy, ix]]
    inside = smooth[labels == labels[iy, ix]]
    # How much the region stands out: its mean saliency against the whole map's.
    contrast = float(inside.mean()) / (float(smooth.mean()) + 1e-6)
    return _found("subject", _frac(x, y, bw, bh, w, h), ramp(contrast, 1.0, 3.0) * 0.9 + 0.05)


def subject_mask(image, box, size, iterations=3):
    """An 8-bit mask of the subject (255) in `box`, by GrabCut seeded with the box.

    `image` may be a reduced copy; `size` is the stored image's (width, height). The mask has that aspect
    ratio, at that size or MASK_SIDE px on the long side for a larger image (a 12 MP mask costs more to
    write than it tells): scale it to the image to use it.

    Outside the box is background; inside, GrabCut separates the subject from what surrounds it. A box
    that leaves no background to learn from (nearly the whole frame) is returned as the box itself.
    """
    large = (box[2] - box[0]) * (box[3] - box[1]) > LARGE_SUBJECT
    work = np.asarray(downscale(image, GRABCUT_LARGE_SIDE if large else GRABCUT_SIDE))
    h, w = work.shape[:2]
    left, top = int(box[0] * w), int(box[1] * h)
    right, bottom = int(np.ceil(box[2] * w)), int(np.ceil(box[3] * h))
    left, top = max(1, left), max(1, top)
    right, bottom = min(w - 1, right), min(h - 1, bottom)
    mask = np.zeros((h, w), np.uint8)
    if right - left >= 4 and bottom - top >= 4 and (right - left) * (bottom - top) < 0.9 * w * h:
        bgr = cv2.cvtColor(work, cv2.COLOR_RGB2BGR)
        background, foreground = np.zeros((1, 65), np.float64), np.zeros((1, 65), np.float64)
        cv2.setRNGSeed(0)
        cv2.grabCut(
            bgr, mask, (left, top, right - left, bottom - top), background, foreground, iterations,
            cv2.GC_INIT_WITH_RECT,
        )  # fmt: skip
        mask = np.where((mask == cv2.GC_FGD) | (mask == cv2.GC_PR_FGD), 255, 0).astype(np.uint8)
    if not mask.any():
        mask[max(0, top - 1) : bottom + 1, max(0, left - 1) : right + 1] = 255
    scale = min(1.0, MASK_SIDE / max(size))
    out = (max(1, round(size[0] * scale)), max(1, round(size[1] * scale)))
    full = cv2.resize(mask, out, interpolation=cv2.INTER_LINEAR)
    return np.where(full >= 128, 255, 0).astype(np.uint8)
