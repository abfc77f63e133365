"""Review feedback as one clean line, the same for the API's check and the storyboard writer."""

import unicodedata

MAX_FEEDBACK = 500
# Invisible characters that say nothing: format characters (zero-width spaces and joiners, the BOM, bidi
# controls), private-use, surrogates and unassigned code points. They are dropped, not turned into spaces.
DROPPED = frozenset({"Cf", "Co", "Cs", "Cn"})
# Unicode's Default_Ignorable_Code_Point (DerivedCoreProperties.txt): characters drawn as nothing, among them
# letters (the Hangul fillers) and marks (variation selectors, the combining grapheme joiner) the categories miss.
DEFAULT_IGNORABLE = (
    (0x00AD, 0x00AD),
    (0x034F, 0x034F),
    (0x061C, 0x061C),
    (0x115F, 0x1160),
    (0x17B4, 0x17B5),
    (0x180B, 0x180F),
    (0x200B, 0x200F),
    (0x202A, 0x202E),
    (0x2060, 0x206F),
    (0x3164, 0x3164),
    (0xFE00, 0xFE0F),
    (0xFEFF, 0xFEFF),
    (0xFFA0, 0xFFA0),
    (0xFFF0, 0xFFF8),
    (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A),
    (0xE0000, 0xE0FFF),
)
# Symbols that are drawn blank or as an empty box: the braille blank, the object replacement character and the
# musical null notehead.
BLANK_SYMBOLS = frozenset("\u2800\ufffc\U0001d159")
# What counts as saying something: a letter, number, punctuation or symbol. Marks alone (a lone accent) don't.
VISIBLE = frozenset("LNPS")


def is_ignorable(char):
    point = ord(char)
    return char in BLANK_SYMBOLS or any(low <= point <= high for low, high in DEFAULT_IGNORABLE)


def sanitise_feedback(feedback):
    """NFKC-normalised, invisible characters dropped, control characters as spaces, whitespace collapsed.

    Empty when nothing visible is left: no letter, number, punctuation or symbol.
    """
    text = unicodedata.normalize("NFKC", str(feedback or ""))
    kept = []
    for char in text:
        category = unicodedata.category(char)
        if category in DROPPED or is_ignorable(char):
            continue
        kept.append(" " if category == "Cc" else char)
    cleaned = " ".join("".join(kept).split())
    if not any(unicodedata.category(char)[0] in VISIBLE for char in cleaned):
        return ""
    return cleaned
