"""One colour, one name: the storyboard names a colour with The Eye's namer, never a table of its own."""

import random
import re

import pytest

from director.directors import get_director
from director.engines.eye import LocalEye
from director.engines.eye.colour import colour_name
from director.engines.storyboard import TemplateStoryboardWriter
from tests.photos import photo_image

PALETTE = re.compile(r"Palette: (.*?)\. Mood:")


def written_palette(analysis):
    """The palette as the storyboard writes it into every scene's invariant."""
    scenes = TemplateStoryboardWriter().write(get_director("minimalist"), analysis)
    palettes = {PALETTE.search(scene["invariant_token"]).group(1) for scene in scenes}
    assert len(palettes) == 1, palettes
    return palettes.pop()


def test_the_storyboard_names_random_colours_as_the_eye_does():
    rng = random.Random(20261201)
    for _ in range(300):
        colours = [f"#{rng.randrange(0x1000000):06x}" for _ in range(3)]
        names = list(dict.fromkeys(colour_name(c) for c in colours))

        assert written_palette({"palette": colours}) == ", ".join(names), colours


@pytest.mark.parametrize("name", ["astronaut", "coffee", "chelsea", "rocket"])
def test_the_storyboard_writes_the_palette_names_of_the_analysis_for_its_hex_colours(name):
    analysis = LocalEye().analyze(photo_image(name))
    named = list(dict.fromkeys(analysis["palette_names"][:3]))
    hex_only = {key: value for key, value in analysis.items() if key != "palette_names"}

    assert written_palette(analysis) == ", ".join(named)
    assert written_palette(hex_only) == ", ".join(named)
