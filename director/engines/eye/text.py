"""Printed text in the picture, read with RapidOCR's PP-OCR models (detection and recognition, ONNX Runtime).

The models ship inside the `rapidocr` wheel; their paths are given explicitly, so the library never checks
for or fetches a model. The picture is read at a bounded size: the detector sees at most TEXT_DET_SIDE px on
the long side, the recogniser crops from a copy of at most TEXT_SIDE px.
"""

import re
from functools import cache
from pathlib import Path

import numpy as np

from director.engines.eye.measures import downscale

TEXT_SIDE = 1280  # long side of the copy the lines are cut from
TEXT_DET_SIDE = 640  # long side the text detector sees
MIN_SCORE = 0.80  # recogniser confidence a line needs; lower ones were misreadings on the test photos
MIN_CHARACTERS = 2  # letters or digits in a line: a lone "8" in the foam of a coffee is not text
MAX_LINES = 24  # lines recognised at most, the largest first
MAX_LINE_HEIGHT = 0.4  # share of the picture's height a line may take
MIN_LINE_PX = 6  # lines shorter than this (at TEXT_SIDE) are too small to read


@cache
def _reader():
    import rapidocr  # noqa: PLC0415 - loaded on first use: the models take a moment and most tests never read text

    models = Path(rapidocr.__file__).resolve().parent / "models"
    return rapidocr.RapidOCR(
        params={
            "Global.log_level": "error",
            "Global.use_cls": False,  # upright text only; the angle classifier costs time for little
            "Global.max_side_len": TEXT_SIDE,
            "Det.model_path": str(models / "PP-OCRv6_det_small.onnx"),
            "Rec.model_path": str(models / "PP-OCRv6_rec_small.onnx"),
            "Cls.model_path": str(models / "ch_ppocr_mobile_v2.0_cls_mobile.onnx"),
            "Det.limit_type": "max",
            "Det.limit_side_len": TEXT_DET_SIDE,
            # One thread: on the 2-core machine, with the worker's other work, ONNX Runtime's second thread
            # spun more than it helped (text on a 12 MP photo: 0.19 s of CPU and 0.36 s wall against 0.31 s and
            # 0.57 s with two, best of 4, same run).
            "EngineConfig.onnxruntime.inter_op_num_threads": 1,
            "EngineConfig.onnxruntime.intra_op_num_threads": 1,
        }
    )


_WORDISH = re.compile(r"[^\W_]", re.UNICODE)


def read(image):
    """The lines of text in `image`, in reading order, each {"text", "box", "score"} (box in fractions).

    Two steps, so the cost stays bounded: the detector finds line boxes; those too tall to be a line of text
    (over MAX_LINE_HEIGHT of the picture: the detector's answer to a textured frame) are dropped and the
    largest MAX_LINES kept; only those are recognised, in one batch.
    """
    from rapidocr.ch_ppocr_rec import TextRecInput  # noqa: PLC0415 - with the reader, on first use
    from rapidocr.utils.process_img import get_rotate_crop_image  # noqa: PLC0415

    work = downscale(image, TEXT_SIDE)
    if min(work.size) < MIN_LINE_PX * 4:  # a sliver of a picture (a 2400 x 17 strip) holds no line to read
        return []
    pixels = np.ascontiguousarray(np.asarray(work)[..., ::-1])  # RapidOCR takes OpenCV's BGR order
    reader = _reader()
    found = reader(pixels, use_rec=False)
    if found.boxes is None:
        return []
    h, w = pixels.shape[:2]
    quads = [np.asarray(q, dtype=np.float32) for q in found.boxes]
    quads = [q for q in quads if MIN_LINE_PX <= np.ptp(q[:, 1]) <= MAX_LINE_HEIGHT * h]
    quads = sorted(quads, key=lambda q: -float(np.ptp(q[:, 0]) * np.ptp(q[:, 1])))[:MAX_LINES]
    if not quads:
        return []
    crops = [get_rotate_crop_image(pixels, q.copy()) for q in quads]
    recognised = reader._load_rec_model()(TextRecInput(img=crops))  # the reader's own recogniser, batched
    lines = []
    for quad, text, score in zip(quads, recognised.txts or (), recognised.scores or (), strict=False):
        text = " ".join(str(text).split())
        if float(score) < MIN_SCORE or len(_WORDISH.findall(text)) < MIN_CHARACTERS:
            continue
        box = [quad[:, 0].min() / w, quad[:, 1].min() / h, quad[:, 0].max() / w, quad[:, 1].max() / h]
        box = [round(min(1.0, max(0.0, float(v))), 3) for v in box]
        lines.append({"text": text, "box": box, "score": round(float(score), 3)})
    return reading_order(lines)


def reading_order(lines):
    """Rows top to bottom (a line joins a row when its middle lies within the row's height), each left to right."""
    rows = []
    for line in sorted(lines, key=lambda item: item["box"][1]):
        middle = (line["box"][1] + line["box"][3]) / 2
        for row in rows:
            if row["top"] <= middle <= row["bottom"]:
                row["lines"].append(line)
                break
        else:
            rows.append({"top": line["box"][1], "bottom": line["box"][3], "lines": [line]})
    return [line for row in rows for line in sorted(row["lines"], key=lambda item: item["box"][0])]


def text_region(lines):
    """The box around every line read, labelled "text", its confidence the lines' mean score."""
    if not lines:
        return None
    boxes = np.array([line["box"] for line in lines])
    box = [float(boxes[:, 0].min()), float(boxes[:, 1].min()), float(boxes[:, 2].max()), float(boxes[:, 3].max())]
    score = float(np.mean([line["score"] for line in lines]))
    return {"label": "text", "box": [round(v, 3) for v in box], "confidence": round(score, 2)}
