"""What a new username may look like, beyond Django's letters, digits and @/./+/-/_."""

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
