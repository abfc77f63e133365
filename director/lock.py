"""The BrandSemanticLock: what a director session may not drift from, written once at selection.

The original's shape (ORIGINAL.md, "BrandSemanticLock"): the brand's essence, the cultural voice (with the
region's fixed voice modifier), the director's id and lens, and the visual identity with its invariant token
(mood + palette + 3 keywords + composition). Reviews and rewrites never write it; the storyboard and the render
read their language and look from it.
"""

from director import culture
from director.directors import get_director, recommended_engine


def build_lock(*, job, director_id, pitch, analysis, style_id=None):
    context = culture.of_job(job)
    director = get_director(director_id)
    pulse = pitch.get("three_beat_pulse") or {}
    colours = list(analysis.get("palette_names") or analysis.get("palette") or [])[:5]
    keywords = list(analysis.get("keywords") or [])[:5]
    mood, composition = analysis.get("mood") or "", analysis.get("composition") or ""
    essence = getattr(job, "brand_essence", None) or {}
    return {
        "brandEssence": {
            key: str(essence.get(key) or "")
            for key in ("productInfo", "sellingPoints", "targetAudience", "painPoints", "scenarios", "ctaOffer")
        },
        "culturalVoice": {
            "language": context["language"],
            "region": context["region"],
            "formality": context["formality"],
            "warmth": context["warmth"],
            "voiceModifier": culture.VOICE_MODIFIER[context["region"]],
        },
        "directorId": director.id,
        "directorLens": {
            "vision": pulse.get("vision", ""),
            "safety": pulse.get("safety", ""),
            "magic": pulse.get("magic", ""),
            "engine": pitch.get("recommended_engine") or recommended_engine(director, pitch["biased_scores"]),
            "riskLevel": director.risk_label,
        },
        "visualIdentity": {
            "colours": colours,
            "mood": mood,
            "keywords": keywords,
            "composition": composition,
            "styleId": style_id,
            "invariantToken": " | ".join(
                filter(None, [mood, ", ".join(map(str, colours)), ", ".join(map(str, keywords[:3])), composition])
            ),
        },
    }


def context_of(record):
    """The cultural context a record's storyboard is written in: its lock's voice, else the job's."""
    voice = (record.brand_semantic_lock or {}).get("culturalVoice")
    if voice:
        return culture.normalised({**voice, "source": "user_explicit"})
    return culture.of_job(record.job)
