"""The brand's essence a user may give at upload (the original's names), each optional, bounded and sanitised."""

from rest_framework import serializers

from director.feedback import sanitise_feedback

# field: (the original's name, most characters kept)
FIELDS = {
    "product_info": ("productInfo", 200),
    "selling_points": ("sellingPoints", 300),
    "target_audience": ("targetAudience", 200),
    "pain_points": ("painPoints", 300),
    "scenarios": ("scenarios", 300),
    "cta_offer": ("ctaOffer", 80),
}


def clean(value, field):
    """One visible line (director/feedback.py's sanitiser), at most the field's length; 400 if longer."""
    text = sanitise_feedback(value)
    limit = FIELDS[field][1]
    if len(text) > limit:
        raise serializers.ValidationError(f"Ensure this field has no more than {limit} characters.")
    return text


def essence_of(data):
    """The brand essence in the original's shape from validated upload fields (blank ones kept as "")."""
    return {name: data.get(field) or "" for field, (name, _) in FIELDS.items()}


def product_and_point(essence):
    """The product's name (its info up to the first comma or full stop) and its first selling point."""
    essence = essence if isinstance(essence, dict) else {}
    product = str(essence.get("productInfo") or "")
    for stop in (",", ".", ";", "，", "。", "；", " - "):
        product = product.split(stop, 1)[0]
    point = str(essence.get("sellingPoints") or "")
    for stop in (";", ",", "，", "；", "、", "\n"):
        point = point.split(stop, 1)[0]
    return product.strip()[:60], point.strip()[:80]


def upload_field(field):
    """One of the upload's brand essence fields, optional; the raw text is bounded generously, the cleaned by
    FIELDS (validate_upload)."""
    name, limit = FIELDS[field]
    return serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=20 * limit,
        help_text=f"The brand's {name}: one line, at most {limit} characters once cleaned.",
    )


def validate_upload(attrs):
    """attrs with each brand essence field cleaned; a 400 naming every field that is too long."""
    errors = {}
    for field in FIELDS:
        if field in attrs:
            try:
                attrs[field] = clean(attrs[field], field)
            except serializers.ValidationError as exc:
                errors[field] = exc.detail
    if errors:
        raise serializers.ValidationError(errors)
    return attrs
