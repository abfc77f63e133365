"""Style presets as data: the original's six, each a named colour grade, an end-card typography and keywords.

Free plans get luxury-gold, tech-modern and nature-organic; pro and enterprise also get the three premium ones.
Without a choice, the original's keyword scoring picks one: +3 per preset keyword found in the image's and the
brand's words, +2 per category word, +2 when the industry matches; luxury-gold when nothing scores.
"""

import re
from dataclasses import asdict, dataclass

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from studio_project.exceptions import StudioError

DEFAULT_STYLE = "luxury-gold"
PREMIUM_PLANS = ("pro", "enterprise")


@dataclass(frozen=True)
class Style:
    id: str
    name: str
    premium: bool
    grade_name: str
    # Multipliers on the director's grade (saturation, contrast, brightness) and a shift of its warmth.
    grade: dict
    typography: dict  # the end card: font family, weight, text and panel colours
    keywords: tuple[str, ...]
    categories: tuple[str, ...]
    industries: tuple[str, ...]


STYLES = {
    s.id: s
    for s in (
        Style(
            "luxury-gold",
            "Luxury Gold",
            False,
            "Warm gold",
            {"saturation": 1.1, "contrast": 1.05, "brightness": 1.03, "warmth": 0.12},
            {"family": "serif", "weight": "bold", "colour": "#D7AF37", "panel": "#140F08"},
            ("luxury", "gold", "elegant", "premium", "warm", "amber", "jewel", "rich"),
            ("luxury", "fashion", "beauty"),
            ("jewelry", "fashion", "cosmetics", "hospitality"),
        ),
        Style(
            "tech-modern",
            "Tech Modern",
            False,
            "Cool steel",
            {"saturation": 0.95, "contrast": 1.12, "brightness": 1.0, "warmth": -0.12},
            {"family": "sans", "weight": "bold", "colour": "#E8F1FF", "panel": "#0B1320"},
            ("tech", "modern", "digital", "cool", "blue", "steel", "crisp", "clean", "electric"),
            ("technology", "software", "gadget"),
            ("technology", "electronics", "software", "automotive"),
        ),
        Style(
            "nature-organic",
            "Nature Organic",
            False,
            "Soft earth",
            {"saturation": 1.05, "contrast": 0.95, "brightness": 1.04, "warmth": 0.05},
            {"family": "sans", "weight": "regular", "colour": "#F4EFE2", "panel": "#2F3A22"},
            ("nature", "organic", "green", "earth", "soft", "natural", "fresh", "textured", "airy"),
            ("food", "wellness", "outdoor"),
            ("food", "beverage", "wellness", "agriculture"),
        ),
        Style(
            "dramatic-cinematic",
            "Dramatic Cinematic",
            True,
            "Teal and shadow",
            {"saturation": 1.15, "contrast": 1.3, "brightness": 0.95, "warmth": -0.04},
            {"family": "serif", "weight": "bold", "colour": "#FFFFFF", "panel": "#000000"},
            ("dramatic", "cinematic", "bold", "brooding", "dynamic", "low-key", "epic", "film"),
            ("entertainment", "sport", "automotive"),
            ("entertainment", "sports", "automotive", "gaming"),
        ),
        Style(
            "minimal-zen",
            "Minimal Zen",
            True,
            "Quiet matte",
            {"saturation": 0.75, "contrast": 0.92, "brightness": 1.08, "warmth": 0.0},
            {"family": "sans", "weight": "regular", "colour": "#222222", "panel": "#F5F5F0"},
            ("minimal", "zen", "calm", "quiet", "still", "spacious", "white", "simple", "high-key"),
            ("interior", "architecture", "wellness"),
            ("architecture", "interior", "furniture", "spa"),
        ),
        Style(
            "luxury-noir",
            "Luxury Noir",
            True,
            "Noir",
            {"saturation": 0.35, "contrast": 1.45, "brightness": 0.98, "warmth": -0.02},
            {"family": "serif", "weight": "bold", "colour": "#F2F2F2", "panel": "#050505"},
            ("noir", "black", "dark", "mysterious", "monochrome", "night", "charcoal", "moody"),
            ("luxury", "fragrance", "nightlife"),
            ("fragrance", "jewelry", "fashion", "spirits"),
        ),
    )
}


class PresetNeedsPlan(StudioError):
    status_code = 403
    code = "plan_required"


def allowed(plan):
    return [s for s in STYLES.values() if not s.premium or plan in PREMIUM_PLANS]


def check_allowed(style_id, plan):
    style = STYLES[style_id]
    if style.premium and plan not in PREMIUM_PLANS:
        raise PresetNeedsPlan(
            f"The {style.name} preset is premium: it is included in the Pro and Enterprise plans, and your plan is "
            f"{plan}. Choose luxury-gold, tech-modern or nature-organic, or upgrade to Pro."
        )
    return style


def _words(analysis, essence):
    parts = [analysis.get("mood"), analysis.get("composition"), *(analysis.get("keywords") or [])]
    parts += list(analysis.get("palette_names") or [])
    parts += [str(v) for v in (essence or {}).values()]
    return set(re.findall(r"[a-z][a-z-]*", " ".join(str(p) for p in parts if p).lower()))


def score(style, words, industry=""):
    points = 3 * sum(k in words for k in style.keywords) + 2 * sum(c in words for c in style.categories)
    return points + (2 if industry and industry.lower() in style.industries else 0)


def pick_style(analysis, essence, plan):
    """The preset the original's keyword scoring picks among those the plan allows; luxury-gold on no score."""
    analysis = analysis if isinstance(analysis, dict) else {}
    words = _words(analysis, essence)
    best, best_points = DEFAULT_STYLE, 0
    for style in allowed(plan):
        points = score(style, words, str(analysis.get("industry") or ""))
        if points > best_points:
            best, best_points = style.id, points
    return best


def grade_of(style_id):
    style = STYLES.get(style_id)
    return dict(style.grade) if style else None


# --- GET styles/ --------------------------------------------------------------------------------------------


class StyleSerializer(serializers.Serializer):
    id = serializers.CharField()
    name = serializers.CharField()
    premium = serializers.BooleanField()
    available = serializers.BooleanField(help_text="Whether your plan includes it.")
    grade_name = serializers.CharField()
    grade = serializers.DictField(child=serializers.FloatField())
    typography = serializers.DictField(child=serializers.CharField())
    keywords = serializers.ListField(child=serializers.CharField())
    categories = serializers.ListField(child=serializers.CharField())
    industries = serializers.ListField(child=serializers.CharField())


class StyleListView(APIView):
    @extend_schema(responses={200: StyleSerializer(many=True)})
    def get(self, request):
        mine = {s.id for s in allowed(request.user.plan)}
        return Response([asdict(s) | {"available": s.id in mine} for s in STYLES.values()])
