"""The portrait the framing and depth tests use, its subject found by hand, and what they measure frames with.

The face box was measured once by eye on tests/images/astronaut.jpg (512x512): hairline to chin y 62..180,
cheek to cheek x 175..275 (OpenCV's frontal-face cascade finds 177..272 x 66..161 on the same photo). The
subject mask is OpenCV's GrabCut seeded with that box: the face is certain foreground, the region around and
below it (head, shoulders, suit) probable foreground, the rest background. Nothing here comes from The Eye.
"""

from functools import cache
from pathlib import Path

import av
import cv2
import numpy as np
from PIL import Image

IMAGES = Path(__file__).resolve().parent.parent / "images"
FACE_PX = (175, 62, 275, 180)
FACE = [FACE_PX[0] / 512, FACE_PX[1] / 512, FACE_PX[2] / 512, FACE_PX[3] / 512]
SUBJECTS = [{"label": "face", "box": FACE, "confidence": 1.0}]

# The same portrait cut to a landscape with the face off centre (x 75..175 of 412): a centre crop to 9:16
# (x 133..279) would cut the face in half, so framing on the face is what keeps it.
OFF_CENTRE = (100, 0, 512, 290)
OFF_CENTRE_FACE_PX = (75, 62, 175, 180)
OFF_CENTRE_SUBJECTS = [
    {"label": "face", "box": [75 / 412, 62 / 290, 175 / 412, 180 / 290], "confidence": 1.0},
]


@cache
def astronaut():
    with Image.open(IMAGES / "astronaut.jpg") as image:
        return image.convert("RGB")


@cache
def astronaut_mask():
    """GrabCut's subject mask for the portrait (8-bit, 255 = subject), computed at half size for speed."""
    image = astronaut()
    small = np.ascontiguousarray(np.asarray(image.resize((256, 256), Image.Resampling.BOX))[..., ::-1])
    left, top, right, bottom = (v // 2 for v in FACE_PX)
    mask = np.full((256, 256), cv2.GC_BGD, np.uint8)
    width = right - left
    mask[max(0, top - width // 2) :, max(0, left - 2 * width) : right + 2 * width] = cv2.GC_PR_FGD
    mask[top:bottom, left:right] = cv2.GC_FGD
    models = np.zeros((1, 65), np.float64), np.zeros((1, 65), np.float64)
    cv2.setRNGSeed(7)
    cv2.grabCut(small, mask, None, *models, 3, cv2.GC_INIT_WITH_MASK)
    subject = np.where((mask == cv2.GC_FGD) | (mask == cv2.GC_PR_FGD), 255, 0).astype(np.uint8)
    return Image.fromarray(subject).resize(image.size, Image.Resampling.BILINEAR)


def off_centre():
    """The landscape cut of the portrait and its mask."""
    return astronaut().crop(OFF_CENTRE), astronaut_mask().crop(OFF_CENTRE)


def decode(path):
    """The video's frames (RGB uint8) and its stream facts."""
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        frames = [f.to_ndarray(format="rgb24") for f in container.decode(stream)]
        info = {
            "size": (stream.codec_context.width, stream.codec_context.height),
            "pix_fmt": stream.codec_context.pix_fmt,
            "duration": float(stream.duration * stream.time_base),
            "fps": float(stream.average_rate),
        }
    return frames, info


@cache
def _faces():
    return cv2.CascadeClassifier(cv2.data.haarcascades + "haarcascade_frontalface_default.xml")


def faces_in(frame):
    """Faces OpenCV's Haar cascade finds in an RGB frame: [(x, y, w, h)], whole faces only (it needs the eyes,
    nose and mouth inside the frame to fire)."""
    gray = cv2.equalizeHist(cv2.cvtColor(frame, cv2.COLOR_RGB2GRAY))
    found = _faces().detectMultiScale(gray, scaleFactor=1.08, minNeighbors=4, minSize=(24, 24))
    return [tuple(int(v) for v in f) for f in found]
