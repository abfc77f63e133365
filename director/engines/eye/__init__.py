"""The Eye, local edition: scores an image from its pixels with numpy, OpenCV and Pillow.

Every number comes from a measure written down in docs/the-eye.md. Nothing is
guessed, nothing is fetched; a picture that can't be measured raises ValueError.

    colour.py    luma, sRGB -> L*a*b*, the colour names and `colour_name` (the one namer Studio uses)
    measures.py  the raw measures: tone, detail, colour, noise and blockiness, saliency, structure
    scores.py    physics, vibe, logic, quality (its parts and weights) and integrity from the measures
    detect.py    what is in it: faces, cat faces, people, the salient subject (OpenCV's own models), the mask
    text.py      the printed text in it (RapidOCR's PP-OCR models on ONNX Runtime)
    describe.py  the words: palette, focal point, composition, mood, keywords, summary, quality issues
"""

import numpy as np

from director.engines.eye import describe, detect, measures, text
from director.engines.eye.colour import COLOUR_NAMES, LUMA, colour_name
from director.engines.eye.scores import QUALITY_WEIGHTS, integrity, logic, physics, quality, quality_parts, vibe

__all__ = ["COLOUR_NAMES", "METHOD", "MIN_SIDE", "QUALITY_WEIGHTS", "WORK_SIDE", "LocalEye", "colour_name"]

METHOD = "local-v2"
WORK_SIDE = 512  # long side the scores are measured at
MIN_SIDE = 16
TEXT_SUBJECT_AREA = 0.04  # share of the frame text must cover to be the subject when nothing else was found


def _r(x, digits=2):
    return round(float(x), digits)


class LocalEye:
    name = "local"

    def analyze(self, image):
        if image.width < MIN_SIDE or image.height < MIN_SIDE:
            raise ValueError(
                f"The image is too small to analyse ({image.width}x{image.height} px; at least {MIN_SIDE} px a side)."
            )
        if image.mode != "RGB":
            image = image.convert("RGB")
        work = measures.downscale(image, WORK_SIDE)
        rgb = np.asarray(work, dtype=np.float32)
        y = rgb @ LUMA

        m = {}
        m.update(measures.tone(y))
        m.update(measures.detail(y))
        m.update(measures.colour(rgb))
        m.update(measures.native(measures.native_crop(image)))
        saliency = measures.saliency(work)
        m.update(measures.structure(y, saliency))
        view = measures.downscale(image, text.TEXT_SIDE)  # the detectors' shared reduced copy
        lines = text.read(view)
        # A nearly uniform frame (no visible detail, describe.issues) has nothing salient: its subject is the frame.
        subjects = self.subjects(view, saliency if m["rms_contrast"] * 255 >= 4 else None, lines)
        m["width"], m["height"] = image.width, image.height
        m["megapixels"] = image.width * image.height / 1e6

        parts = quality_parts(m)
        scores = {
            "physics": physics(m),
            "vibe": vibe(m),
            "logic": logic(m),
            "quality": quality(parts),
            "integrity": integrity(m),
        }
        palette = describe.palette(work)
        focal = describe.focal_point(saliency, rgb, subjects[0], lines)
        composition = describe.composition(m, focal)
        mood = describe.mood(m)
        names = [colour_name(c) for c in palette]
        keywords = describe.keywords(m, mood, composition, names, scores)
        return {
            "physics": _r(scores["physics"]),
            "vibe": _r(scores["vibe"]),
            "logic": _r(scores["logic"]),
            "quality": _r(scores["quality"]),
            "integrity": _r(scores["integrity"]),
            "palette": palette,
            "palette_names": names,
            "mood": mood,
            "composition": composition,
            "focal_point": focal,
            "subjects": subjects,
            "text": [line["text"] for line in lines],
            "keywords": keywords,
            "invariant_visual_summary": describe.summary(names, mood, composition, focal),
            "quality_issues": describe.issues(m, parts),
            "metrics": {k: _r(v, 4) if isinstance(v, float) else v for k, v in sorted(m.items())}
            | {f"{k}_score": _r(v, 4) for k, v in parts.items()},
            "method": METHOD,
        }

    @staticmethod
    def subjects(image, saliency, lines):  # saliency None: a blank frame
        """What the picture shows, most important first: faces (largest first), cats' faces, people, the text.

        The salient region, labelled "subject", comes first when none of those was found, or when all that
        was found is text too small to be what the picture is about (a maker's name on a motorcycle).
        """
        found = detect.faces(image)
        if not found:  # a portrait is not a cat: the cat search runs only where no human face was seen
            found = detect.cat_faces(image)
        found += detect.people(image)
        region = text.text_region(lines)
        if region and not found and detect.area(region) < TEXT_SUBJECT_AREA:
            found.append(detect.salient_region(saliency))
        if region:
            found.append(region)
        return found or [detect.salient_region(saliency)]

    @staticmethod
    def subject_mask(image, analysis):
        """The mask of the most important subject, 8-bit, 255 = subject (GrabCut): the image's size, at most
        detect.MASK_SIDE px on the long side, in its aspect ratio."""
        if image.mode != "RGB":
            image = image.convert("RGB")
        view = measures.downscale(image, detect.GRABCUT_SIDE)  # one resize from the full image, straight down
        return detect.subject_mask(view, analysis["subjects"][0]["box"], image.size)
