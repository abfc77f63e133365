"""Review feedback as one clean line, the same for the API's check and the storyboard writer."""

import unicodedata

MAX_FEEDBACK = 500
# Invisible characters that say nothing: format characters (zero-width spaces and joiners, the BOM, bidi
# controls), private-use, surrogates and unassigned code points. They are dropped, not turned into spaces.
DROPPED = frozenset({"Cf", "Co", "Cs", "Cn"})


def sanitise_feedback(feedback):
    """NFKC-normalised, invisible characters dropped, control characters as spaces, whitespace collapsed."""
    text = unicodedata.normalize("NFKC", str(feedback or ""))
    kept = []
    for char in text:
        category = unicodedata.category(char)
        if category in DROPPED:
            continue
        kept.append(" " if category == "Cc" else char)
    return " ".join("".join(kept).split())
