"""The cultural context a job is written for: language, region, formality, warmth, and where it came from.

The original's shape (ORIGINAL.md, "Cultural context"). A user carries a default, detected from the browser's
Accept-Language on sign-up (`auto_browser`) or set in `me/` (`user_explicit`); a job copies it at upload, or
takes the fields sent with the upload (`user_explicit`). With nothing to go by it is en/western/professional/0.5
(`default`).
"""

from django.contrib.auth import get_user_model
from django.utils import translation
from django.utils.translation.trans_real import parse_accept_lang_header

LANGUAGES = ("en", "zh-CN", "zh-TW", "ms")
REGIONS = ("western", "china", "malaysia", "taiwan")
FORMALITIES = ("casual", "professional", "formal")
SOURCES = ("auto_browser", "auto_ip", "user_explicit", "url_param", "default")
FIELDS = ("language", "region", "formality", "warmth")

DEFAULT = {
    "language": "en",
    "region": "western",
    "formality": "professional",
    "warmth": 0.5,
    "source": "default",
    "confidence": 1.0,
}
# Studio's languages as Django names them (locale/<zh_Hans|zh_Hant|ms>).
DJANGO_LANGUAGE = {"en": "en", "zh-CN": "zh-hans", "zh-TW": "zh-hant", "ms": "ms"}
# The region a language implies when nothing else says.
REGION_OF = {"en": "western", "zh-CN": "china", "zh-TW": "taiwan", "ms": "malaysia"}
# The fixed voice modifier per region (the original kept one text per region in the lock).
VOICE_MODIFIER = {
    "western": "Direct and confident; benefits stated plainly.",
    "china": "Aspirational and polished; quality and trust come first.",
    "malaysia": "Friendly and inclusive; warm, practical and clear.",
    "taiwan": "Refined and considerate; craft and detail are noticed.",
}

# Browser tags (lower case) to Studio's languages. Bare "zh" is read as Simplified; Hong Kong and Macau write
# Traditional; Indonesian is close enough to Malay that a Malay voice reads naturally, but with less confidence.
TAGS = {
    "en": ("en", 1.0),
    "zh-cn": ("zh-CN", 1.0),
    "zh-sg": ("zh-CN", 1.0),
    "zh-hans": ("zh-CN", 1.0),
    "zh-hans-cn": ("zh-CN", 1.0),
    "zh-my": ("zh-CN", 1.0),
    "zh": ("zh-CN", 0.8),
    "zh-tw": ("zh-TW", 1.0),
    "zh-hant": ("zh-TW", 1.0),
    "zh-hant-tw": ("zh-TW", 1.0),
    "zh-hk": ("zh-TW", 0.8),
    "zh-mo": ("zh-TW", 0.8),
    "ms": ("ms", 1.0),
    "ms-my": ("ms", 1.0),
    "ms-bn": ("ms", 1.0),
    "ms-sg": ("ms", 1.0),
    "id": ("ms", 0.6),
}
# Regions a tag's country part names.
COUNTRY_REGION = {"my": "malaysia", "sg": "malaysia", "cn": "china", "tw": "taiwan", "hk": "taiwan"}


def default_context():
    return dict(DEFAULT)


def _language_of(tag):
    tag = tag.lower()
    if tag in TAGS:
        return TAGS[tag]
    base = tag.split("-", 1)[0]
    if base == "zh":  # an unlisted Chinese variant: the script is a guess
        return "zh-CN", 0.7
    return TAGS.get(base)


def detect(accept_language):
    """The context an Accept-Language header asks for (source `auto_browser`), or None if it names none of ours.

    Tags are taken in the header's q-value order; confidence is the tag's q-value times how sure the tag is
    of its language.
    """
    if not accept_language:
        return None
    try:
        ranked = parse_accept_lang_header(str(accept_language)[:500])
    except ValueError:
        return None
    for tag, quality in ranked:
        if tag == "*" or quality <= 0:
            continue
        found = _language_of(tag)
        if found is None:
            continue
        language, sureness = found
        country = tag.lower().split("-")[-1]
        region = COUNTRY_REGION.get(country, REGION_OF[language]) if language != "en" else _english_region(country)
        return {
            **DEFAULT,
            "language": language,
            "region": region,
            "source": "auto_browser",
            "confidence": round(min(1.0, quality * sureness), 2),
        }
    return None


def _english_region(country):
    return COUNTRY_REGION.get(country, "western")


def normalised(context):
    """A stored context with every field present and valid (a missing or damaged one reads as the default)."""
    out = default_context()
    if isinstance(context, dict):
        for key in ("language", "region", "formality", "source"):
            allowed = {"language": LANGUAGES, "region": REGIONS, "formality": FORMALITIES, "source": SOURCES}[key]
            if context.get(key) in allowed:
                out[key] = context[key]
        for key in ("warmth", "confidence"):
            value = context.get(key)
            if isinstance(value, int | float) and not isinstance(value, bool) and 0 <= value <= 1:
                out[key] = float(value)
    return out


def explicit(base, changes):
    """`base` with the user's own choices applied: source `user_explicit`, confidence 1. A language chosen
    without a region brings its own region."""
    out = normalised(base)
    out.update({k: v for k, v in changes.items() if k in FIELDS and v is not None})
    if "language" in changes and "region" not in changes:
        out["region"] = REGION_OF[out["language"]]
    out["warmth"] = float(out["warmth"])
    return {**out, "source": "user_explicit", "confidence": 1.0}


def for_user(user, request=None):
    """The user's default context; one not yet known is detected from this request and stored."""
    if user.cultural_context:
        return normalised(user.cultural_context)
    header = request.headers.get("Accept-Language") if request is not None else None
    context = detect(header) or default_context()
    # the user model, not type(user): a signed-in session's request.user is a lazy wrapper around it
    get_user_model().objects.filter(pk=user.pk, cultural_context__isnull=True).update(cultural_context=context)
    user.cultural_context = context
    return context


def of_job(job):
    return normalised(getattr(job, "cultural_context", None))


def speaking(context):
    """Django's active language set to `context`'s for a `with` block: the words the server writes for a job
    (the Studio Head's reasons, engine labels, quality issues) are in the job's language, not the request's."""
    return translation.override(DJANGO_LANGUAGE[normalised(context)["language"]])


def warmth_band(context):
    """warm above 0.6, objective below 0.4 (the original's prompt block), neutral between."""
    warmth = normalised(context)["warmth"]
    if warmth > 0.6:
        return "warm"
    if warmth < 0.4:
        return "objective"
    return "neutral"


# --- API shapes ---------------------------------------------------------------------------------------------------

from rest_framework import serializers  # noqa: E402  (the shapes sit beside the rules they describe)


class CulturalContextSerializer(serializers.Serializer):
    language = serializers.ChoiceField(choices=LANGUAGES, required=False, help_text="The language Studio writes in.")
    region = serializers.ChoiceField(
        choices=REGIONS, required=False, help_text="The market; a language chosen alone brings its own region."
    )
    formality = serializers.ChoiceField(choices=FORMALITIES, required=False, help_text="The register of the words.")
    warmth = serializers.FloatField(
        min_value=0, max_value=1, required=False, help_text="Above 0.6 warmer phrasing, below 0.4 more objective."
    )
    source = serializers.ChoiceField(choices=SOURCES, read_only=True, help_text="Where this context came from.")
    confidence = serializers.FloatField(read_only=True, help_text="How sure the source is, 0..1.")

    def validate(self, attrs):
        if not attrs:
            raise serializers.ValidationError("Send at least one of language, region, formality, warmth.")
        return attrs
