"""What a new username may look like, beyond Django's letters, digits and @/./+/-/_."""

import unicodedata
from functools import cache

from confusable_homoglyphs import categories, confusables
from django.core.exceptions import ValidationError

# Unicode TS #39 "highly restrictive": one script, or Latin with the scripts Chinese, Japanese
# and Korean names mix by nature. Digits and punctuation belong to every script.
WRITTEN_TOGETHER = [
    {"LATIN", "HAN", "HIRAGANA", "KATAKANA"},
    {"LATIN", "HAN", "BOPOMOFO"},
    {"LATIN", "HAN", "HANGUL"},
]


def scripts(text):
    return {categories.alias(char) for char in text} - {"COMMON", "INHERITED"}


def validate_username_script(name):
    """Refuse a name that mixes scripts with look-alike letters ("аdmin" with a Cyrillic а).

    A name in one script ("дмитрий", "山田") is fine, and so is Latin beside Chinese, Japanese or Korean.
    """
    used = scripts(name)
    if len(used) <= 1 or any(used <= allowed for allowed in WRITTEN_TOGETHER):
        return
    if confusables.is_dangerous(name):
        raise ValidationError(
            "That username mixes alphabets with letters that look alike (%(scripts)s); write it in one alphabet.",
            code="confusable",
            params={"scripts": ", ".join(sorted(script.title() for script in used))},
        )


def _fold(text):
    return unicodedata.normalize("NFKC", text.replace("\u200e", "")).casefold()  # the data wraps RTL glyphs in LRMs


@cache
def _prototypes():
    """Each character (NFKC, case-folded) to one member of its look-alike group, from confusable_homoglyphs' data.

    Groups join along the data's pairs; ASCII letters and digits stay apart ("0" and "o", "l" and "1"), and a
    group holding one takes it as its prototype, so a look-alike of "a" in any script maps to "a".
    """
    parent, ascii_in = {}, {char: char for char in "abcdefghijklmnopqrstuvwxyz0123456789"}

    def find(char):
        while parent.get(char, char) != char:
            char = parent[char]
        return char

    for char, glyphs in confusables.confusables_data.items():
        one = _fold(char)
        for glyph in glyphs:
            other = _fold(glyph["c"])
            if len(one) != 1 or len(other) != 1:
                continue
            root, joined = find(one), find(other)
            if root == joined or (root in ascii_in and joined in ascii_in):
                continue
            if joined in ascii_in:
                root, joined = joined, root
            parent[joined] = root
    return {char: find(char) for char in parent}


def skeleton(name):
    """The name as it looks: "ɑdmin", "ᴀdmin" and "ADMIN" are all "admin", Cyrillic "сосо" is Latin "coco"."""
    prototypes = _prototypes()
    return "".join(prototypes.get(char, char) for char in _fold(name))
