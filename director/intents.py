"""What a reviewer's feedback asks of a scene, in any of Studio's four languages.

The same intents (closer, slower, warmer, ...) are read from English, Simplified Chinese, Traditional Chinese and
Malay, whatever the job's language: a reviewer may write in any of them, or mix them. English is read with the
patterns below; the other languages with the phrases written by hand in director/voices/<language>.py (INTENTS).
Chinese is matched as it is written, without splitting it into words: every phrase is looked for in the text,
and a phrase found only inside a longer phrase's match does not count (太暗 "too dark" holds 暗, but asks for
light). Malay phrases are matched as whole words.
"""

import re
from functools import cache

from director import voices

# In the order they apply: framing, camera, pace, grade, transition.
NAMES = (
    "closer",
    "wider",
    "push_in",
    "pull_out",
    "pan",
    "tilt",
    "static",
    "slower",
    "faster",
    "warmer",
    "cooler",
    "brighter",
    "darker",
    "more_colour",
    "less_colour",
    "more_contrast",
    "less_contrast",
    "crossfade",
    "cut",
)

# English: not next to another Latin letter, so a word is found beside Chinese too ("再closer一点").
ENGLISH = {
    "closer": r"closer|tighter|tighten|get in close|move in|close-?up|too (?:far|wide)",
    "wider": r"wider|further back|farther back|pull back|step back|show more|wide shot|too (?:close|tight)",
    "push_in": r"zoom(?:ing)? in|push(?:ing)?[- ]?in|dolly in",
    "pull_out": r"zoom(?:ing)? out|pull(?:ing)?[- ]?out|dolly out",
    "pan": r"pan|pans|panning",
    "tilt": r"tilt|tilts|tilting",
    "static": r"static|still camera|locked[- ]off|no (?:camera )?(?:movement|motion)|hold still",
    "slower": r"slower|slow (?:it )?down|longer|linger|too (?:fast|quick|rushed)",
    "faster": r"faster|quicker|speed (?:it )?up|shorter|snappier|too slow|drags",
    "warmer": r"warmer|warm it up|more warmth|too (?:cold|cool)",
    "cooler": r"cooler|colder|cool it down|too warm",
    "brighter": r"brighter|brighten|lighter|more light|too (?:dark|dim)",
    "darker": r"darker|darken|dimmer|moodier|too bright",
    "more_colour": r"more colou?r(?:ful)?|vivid|more saturated|punchier",
    "less_colour": r"muted|desaturated?|less colou?r|washed out",
    "more_contrast": r"more contrast|harder light",
    "less_contrast": r"less contrast|softer|flatter",
    "crossfade": r"crossfade|cross-fade|dissolve|fade",
    "cut": r"hard cut|straight cut|just cut",
}
ENGLISH = {name: re.compile(rf"(?<![a-z])(?:{pattern})(?![a-z])", re.IGNORECASE) for name, pattern in ENGLISH.items()}

# A length in seconds: "3 s", "2.5 seconds", "4 saat", "3秒", "三秒钟". Not "每一秒" (every second) or "第三秒"
# (the third second), which say when, not how long.
SECONDS = re.compile(
    r"(?<![\d.])(\d{1,2}(?:\.\d+)?)\s*(?:seconds?|secs?|s|saat)(?![a-z])"
    r"|(?<![\d.每第一二两兩三四五六七八九十])(\d{1,2}(?:\.\d+)?|[一二两兩三四五六七八九十]{1,3})\s*秒",
    re.IGNORECASE,
)
NUMERALS = {"一": 1, "二": 2, "两": 2, "兩": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


@cache
def _phrases():
    """(Chinese phrases, longest first, each with its intent or None; one Malay pattern per intent)."""
    chinese = []
    for language in ("zh-CN", "zh-TW"):
        module = voices.voice(language)
        for name, phrases in module.INTENTS.items():
            chinese += [(phrase, name) for phrase in phrases]
        chinese += [(phrase, None) for phrase in module.UNRELATED]  # they hide the phrases inside them
    chinese.sort(key=lambda item: -len(item[0]))
    malay = {}
    for name, phrases in voices.voice("ms").INTENTS.items():
        words = "|".join(r"\s+".join(map(re.escape, p.split())) for p in sorted(phrases, key=len, reverse=True))
        malay[name] = re.compile(rf"(?<![a-z-])(?:{words})(?![a-z-])", re.IGNORECASE)
    return tuple(chinese), malay


def _chinese(text):
    """The intents the Chinese phrases in `text` name; a match inside a longer one's span is not counted."""
    phrases, _ = _phrases()
    taken, found = [], set()
    for phrase, name in phrases:
        start = text.find(phrase)
        while start != -1:
            end = start + len(phrase)
            if not any(s <= start and end <= e for s, e in taken):
                taken.append((start, end))
                if name:
                    found.add(name)
            start = text.find(phrase, start + 1)
    return found


def recognise(text):
    """The intents `text` asks for, in NAMES order (each at most once)."""
    text = str(text)
    _, malay = _phrases()
    found = _chinese(text)
    found |= {name for name, pattern in ENGLISH.items() if pattern.search(text)}
    found |= {name for name, pattern in malay.items() if pattern.search(text)}
    return [name for name in NAMES if name in found]


def _number(word):
    """ "2.5", "三", "十", "十二" as a number; None for what is not one number (三四: three or four)."""
    if word[0].isdigit():
        return float(word)
    tens, ten, ones = word.partition("十")
    if not ten:
        return float(NUMERALS[word]) if word in NUMERALS else None
    if (tens and tens not in NUMERALS) or (ones and ones not in NUMERALS):
        return None
    return float(NUMERALS.get(tens, 1) * 10 + NUMERALS.get(ones, 0))


def seconds(text):
    """The length in seconds `text` asks for, or None: the first one written."""
    match = SECONDS.search(str(text))
    return _number(match.group(1) or match.group(2)) if match else None
