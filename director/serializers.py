"""The director API's shapes. Reads are built as plain dicts (fast, one place);
the serializers here validate input and describe the output for the schema."""

from django.urls import reverse
from django.utils import timezone
from rest_framework import serializers

from director import brand, brief, culture, voices
from director.engines import engine_label
from director.engines.eye.describe import localised_issues
from director.engines.eye.detect import LABELS
from director.feedback import MAX_FEEDBACK, sanitise_feedback
from director.models import MAX_SCENE_ATTEMPTS, VERDICTS, SceneStatus, record_of
from director.sharing import DEFAULT_EXPIRES_IN, MAX_EXPIRES_IN, MIN_EXPIRES_IN, share_token
from director.stages import Stage, stage_of
from director.styles import STYLES
from director.transitions import cost_estimate
from learning.experiments import ARMS, CARD_LAYOUT_HELP, arm_of
from learning.services import lounge_pitches

SCENE_PUBLIC_FIELDS = (
    "id",
    "sequence_index",
    "action_token",
    "invariant_token",
    "style_token",
    "shot",
    "camera",
    "duration",
    "transition",
    "status",
    "user_feedback",
    "engine",
    "attempt_count",
)


def scene_out(job_id, scene, video_url):
    out = {key: scene.get(key) for key in SCENE_PUBLIC_FIELDS}
    preview = scene.get("preview_path") and reverse("job-scene-preview", kwargs={"pk": job_id, "scene_id": scene["id"]})
    out["preview_url"] = preview or None
    out["video_url"] = video_url
    out["attempts_left"] = max(0, MAX_SCENE_ATTEMPTS - scene.get("attempt_count", 0))
    out["engine_label"] = engine_label(scene.get("engine"))
    return out


# The JSON columns job_out() never reads: the list and the job's own route leave them unloaded.
JOB_OUT_UNREAD = ("analysis_data", "pitches", "prompt_record__scenes_data", "prompt_record__source_analysis")


def brief_out(job):
    """The brief the job was uploaded with, as the upload named its fields."""
    return brief.Brief.of(job).as_fields()


def job_out(job):
    record = record_of(job)
    return {
        "id": str(job.pk),
        "status": job.status,
        "stage": stage_of(job, record),
        "original_filename": job.original_filename,
        "mime_type": job.mime_type,
        "file_size": job.file_size,
        "file_hash": job.file_hash,
        "width": job.width,
        "height": job.height,
        "image_url": reverse("job-image", kwargs={"pk": job.pk}),
        "scores": None
        if job.quality_score is None
        else {
            "physics": job.physics_score,
            "vibe": job.vibe_score,
            "logic": job.logic_score,
            "quality": job.quality_score,
            "integrity": job.integrity_score,
        },
        "selected_director_id": record.selected_director_id if record else None,
        "error_message": (record.error_message if record and record.error_message else job.error_message) or None,
        "retry_count": job.retry_count,
        "analysis_reused_from": str(job.analysis_reused_from_id) if job.analysis_reused_from_id else None,
        "created_at": job.created_at.isoformat(),
        "processed_at": job.processed_at.isoformat() if job.processed_at else None,
        **brief_out(job),
        "cultural_context": culture.of_job(job),
    }


# What `analysis` shows of The Eye's stored output: what it saw and how it describes it (the scores are `scores`).
ANALYSIS_PUBLIC_FIELDS = (
    "subjects",
    "focal_point",
    "text",
    "palette",
    "palette_names",
    "mood",
    "composition",
    "keywords",
    "invariant_visual_summary",
    "quality_issues",
    "method",
)


def analysis_out(job):
    """The Eye's analysis of the upload, as stored; None until the analysis finished."""
    data = job.analysis_data
    if not data:
        return None
    out = {key: data.get(key) for key in ANALYSIS_PUBLIC_FIELDS}
    context = culture.of_job(job)
    with culture.speaking(context):
        out["quality_issues"] = localised_issues(out["quality_issues"])
    # The labels are stored in English (the machine's values); the words shown are in the job's language.
    language = culture.normalised(context)["language"]
    # An analysis stored before The Eye recognised subjects has none to show, not missing keys.
    out["subjects"] = [
        {**subject, "label_text": voices.subject_label(subject.get("label"), language)}
        for subject in out["subjects"] or []
        if isinstance(subject, dict)
    ]
    if isinstance(out["focal_point"], dict):
        focal = out["focal_point"]
        out["focal_point"] = {**focal, "label_text": voices.focal_label(focal.get("label"), language)}
    out["text"] = out["text"] or []
    return out


def job_detail_out(job):
    """One job addressed by its id: the summary and what The Eye saw."""
    return job_out(job) | {"analysis": analysis_out(job)}


def render_eta_seconds(record):
    """Seconds of rendering left, from the pace so far: the time from the render's start to its last progress
    write, scaled to the percentage still to go. None until there is a pace to go by."""
    if not (record.render_started_at and record.heartbeat_at and 0 < record.progress < 100):
        return None
    elapsed = (record.heartbeat_at - record.render_started_at).total_seconds()
    return max(0, round(elapsed * (100 - record.progress) / record.progress))


def pitches_out(pitches):
    """The pitches as shown, each with the plain words for what its engine is (in the active language: the
    caller speaks the job's)."""
    if pitches is None:
        return None
    return [
        {**{key: value for key, value in p.items() if key not in UNSHOWN_PITCH_KEYS},
         "recommended_engine_label": engine_label(p.get("recommended_engine"))}
        for p in pitches
    ]  # fmt: skip


# Kept with a stored pitch for the Studio Head, not shown: its words (director.lounge.pitch_for_job).
UNSHOWN_PITCH_KEYS = frozenset({"words"})


def director_state(job, user=None):
    """The DirectorState: every field from stored data. `user` is the owner (job.user when not given).

    The words the server writes (engine labels, quality issues, the Lounge's reasons) are in the job's language.
    """
    with culture.speaking(culture.of_job(job)):
        return _director_state(job, user)


def _summary(job, record, analysis):
    """What every scene keeps: the record's (written in the job's language when the director was chosen), else
    The Eye's English one, said in the job's language."""
    summary = (record.invariant_visual_summary if record else "") or analysis.get("invariant_visual_summary", "")
    language = culture.normalised(culture.of_job(job))["language"]
    if language != "en" and summary and summary == analysis.get("invariant_visual_summary"):
        return voices.describe(analysis, language)["summary"]
    return summary


def _director_state(job, user):
    record = record_of(job)
    stage = stage_of(job, record)
    analysis = (record.source_analysis if record and record.source_analysis else job.analysis_data) or {}
    video_url = reverse("job-video", kwargs={"pk": job.pk}) if record and record.video else None
    scenes = [scene_out(job.pk, s, None) for s in (record.scenes_data if record else [])]
    source_url = reverse("job-image", kwargs={"pk": job.pk})
    if record and record.is_remastered and record.remastered_image:
        source_url += "?source=remastered"
    return {
        "jobId": str(job.pk),
        "stage": stage,
        "quality_score": analysis.get("quality", job.quality_score),
        "original_quality_score": job.quality_score,
        "quality_issues": localised_issues(analysis.get("quality_issues", [])),
        "source_image_url": source_url,
        "is_remastered": bool(record and record.is_remastered),
        "selected_director_id": record.selected_director_id if record else None,
        "selected_style_id": (record.selected_style_id or None) if record else None,
        "brand_semantic_lock": record.brand_semantic_lock if record else None,
        "production_engine": record.production_engine if record else None,
        "engine_label": engine_label(record.production_engine) if record else None,
        "invariant_visual_summary": _summary(job, record, analysis),
        "scenes": scenes,
        "cost_estimate": cost_estimate(job, scenes),
        "credits_used": record.credits_used if record else 0,
        "error_message": (record.error_message if record else job.error_message) or None,
        "started_at": (record.created_at if record else job.created_at).isoformat(),
        "completed_at": record.completed_at.isoformat() if record and record.completed_at else None,
        "version": record.version if record else 0,
        "progress": record.progress if record else 0,
        "render_started_at": record.render_started_at.isoformat() if record and record.render_started_at else None,
        "eta_seconds": render_eta_seconds(record) if stage == Stage.RENDERING else None,
        "pitches": pitches_out(lounge_pitches(job, user or job.user)) if stage == Stage.IDLE else None,
        "analysis_reused_from": str(job.analysis_reused_from_id) if job.analysis_reused_from_id else None,
        "card_layout": arm_of(job.user_id),
        "video_url": video_url,
        **brief_out(job),
    }


# --- Schema-only descriptions of the output dicts ------------------------------------


class ScoresSerializer(serializers.Serializer):
    physics = serializers.FloatField()
    vibe = serializers.FloatField()
    logic = serializers.FloatField()
    quality = serializers.FloatField()
    integrity = serializers.FloatField()


class BriefOutSerializer(serializers.Serializer):
    """The brief given at upload, in the job and in the director state."""

    brand_essence_prompt = serializers.CharField(allow_blank=True, help_text="Sanitised; empty when none was given.")
    aspect_ratio = serializers.ChoiceField(choices=brief.AspectRatio.choices)
    scene_count = serializers.IntegerField(min_value=brief.MIN_SCENES, max_value=brief.MAX_SCENES)
    scene_duration = serializers.FloatField(help_text="Seconds per scene, as written in the storyboard.")
    resolution = serializers.ChoiceField(choices=brief.Resolution.choices, help_text="The video's short side.")


class JobSerializer(BriefOutSerializer):
    id = serializers.UUIDField()
    status = serializers.CharField()
    stage = serializers.ChoiceField(choices=Stage.choices)
    original_filename = serializers.CharField()
    mime_type = serializers.CharField()
    file_size = serializers.IntegerField()
    file_hash = serializers.CharField()
    width = serializers.IntegerField()
    height = serializers.IntegerField()
    image_url = serializers.CharField()
    scores = ScoresSerializer(allow_null=True)
    selected_director_id = serializers.CharField(allow_null=True)
    error_message = serializers.CharField(allow_null=True)
    retry_count = serializers.IntegerField()
    analysis_reused_from = serializers.UUIDField(
        allow_null=True,
        help_text=(
            "The earlier job of yours with the same bytes (uploaded within 24 h) whose analysis this job "
            "reused instead of running The Eye again; null when The Eye ran for this job."
        ),
    )
    created_at = serializers.DateTimeField()
    processed_at = serializers.DateTimeField(allow_null=True)
    cultural_context = culture.CulturalContextSerializer(help_text="The language and voice the job is written in.")


class SubjectSerializer(serializers.Serializer):
    label = serializers.ChoiceField(
        choices=LABELS,
        help_text='What it is; "subject" is the salient region when nothing more specific was found.',
    )
    box = serializers.ListField(
        child=serializers.FloatField(min_value=0, max_value=1),
        min_length=4,
        max_length=4,
        help_text="[left, top, right, bottom] as fractions 0..1 of the stored (EXIF-corrected) image.",
    )
    confidence = serializers.FloatField(min_value=0, max_value=1)
    label_text = serializers.CharField(help_text="The label in the job's language, as the studio shows it.")


class FocalPointSerializer(serializers.Serializer):
    x = serializers.FloatField(min_value=0, max_value=1, help_text="Fraction of the width from the left.")
    y = serializers.FloatField(min_value=0, max_value=1, help_text="Fraction of the height from the top.")
    label = serializers.CharField(help_text='What and where, e.g. "face at the upper centre".')
    label_text = serializers.CharField(help_text='The label in the job\'s language, e.g. "上方中央的人脸".')


class AnalysisSerializer(serializers.Serializer):
    subjects = SubjectSerializer(many=True, help_text="What the picture shows, most important first.")
    focal_point = FocalPointSerializer(help_text="On the most important subject.")
    text = serializers.ListField(child=serializers.CharField(), help_text="Lines of printed text, in reading order.")
    palette = serializers.ListField(child=serializers.CharField(), help_text="Five colours, #rrggbb.")
    palette_names = serializers.ListField(child=serializers.CharField())
    mood = serializers.CharField()
    composition = serializers.CharField()
    keywords = serializers.ListField(child=serializers.CharField())
    invariant_visual_summary = serializers.CharField()
    quality_issues = serializers.ListField(child=serializers.CharField())
    method = serializers.CharField(help_text='The Eye that wrote it, e.g. "local-v2".')


class JobDetailSerializer(JobSerializer):
    analysis = AnalysisSerializer(allow_null=True, help_text="What The Eye saw; null until the analysis finished.")


class SceneSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    sequence_index = serializers.IntegerField()
    action_token = serializers.CharField()
    invariant_token = serializers.CharField(allow_null=True)
    style_token = serializers.CharField(allow_null=True)
    shot = serializers.CharField()
    camera = serializers.CharField()
    duration = serializers.FloatField()
    transition = serializers.CharField(allow_null=True)
    status = serializers.ChoiceField(choices=SceneStatus.values)
    preview_url = serializers.CharField(allow_null=True)
    video_url = serializers.CharField(allow_null=True)
    user_feedback = serializers.CharField(allow_null=True)
    engine = serializers.CharField(allow_null=True)
    engine_label = serializers.CharField(
        allow_null=True, help_text='What renders the scene, in plain words, e.g. "Local renderer, Luma-style motion".'
    )
    attempt_count = serializers.IntegerField()
    attempts_left = serializers.IntegerField()


class RiskSerializer(serializers.Serializer):
    label = serializers.CharField()
    value = serializers.FloatField()


class BiasedScoresSerializer(serializers.Serializer):
    physics = serializers.FloatField()
    vibe = serializers.FloatField()
    logic = serializers.FloatField()


class PitchSerializer(serializers.Serializer):
    director_id = serializers.CharField()
    name = serializers.CharField()
    archetype = serializers.CharField()
    quote = serializers.CharField()
    biased_scores = BiasedScoresSerializer()
    risk = RiskSerializer()
    recommended_engine = serializers.CharField()
    recommended_engine_label = serializers.CharField(
        allow_null=True, help_text='What would render it, in plain words, e.g. "Local renderer, Kling-style motion".'
    )
    three_beat_pulse = serializers.DictField(child=serializers.CharField())
    scene_board = serializers.DictField()
    objective_pick = serializers.BooleanField()
    rank = serializers.IntegerField()
    probability = serializers.FloatField()
    recommended = serializers.BooleanField()
    reason = serializers.CharField()
    exploration = serializers.CharField(allow_null=True)
    note_reply = serializers.CharField(
        allow_null=True,
        help_text="The director's answer to the user's Studio Note, in its own voice; null without a note.",
    )
    studio_note = serializers.CharField(
        allow_null=True,
        help_text="On the recommended pitch: the Studio Note, one sentence on the user's taste from their profile "
        "(from their 5th choice, with learning consent); null on the others.",
    )
    preselected = serializers.BooleanField(
        help_text="True on the recommended pitch from the user's 5th choice: the Lounge preselects it."
    )
    confidence = serializers.FloatField(
        allow_null=True,
        help_text="On the recommended pitch from the user's 10th choice: the calibrated chance (0-1) that it is the "
        "one they choose; null otherwise.",
    )


class DirectorStateSerializer(BriefOutSerializer):
    jobId = serializers.UUIDField()  # noqa: N815 - the seed's name
    stage = serializers.ChoiceField(choices=Stage.choices)
    quality_score = serializers.FloatField(
        allow_null=True,
        help_text="The Eye's quality (0-10) of the image the storyboard uses: the remastered one once is_remastered "
        "is true, else the upload. The quality gate is 7.0.",
    )
    original_quality_score = serializers.FloatField(
        allow_null=True, help_text="The Eye's quality (0-10) of the upload as it was sent; null before the analysis."
    )
    quality_issues = serializers.ListField(child=serializers.CharField())
    source_image_url = serializers.CharField()
    is_remastered = serializers.BooleanField(
        help_text="The image was remastered (and re-scored). In QUALITY_FAILED it means the remaster did not reach "
        "the gate: POST continue/ goes on below it, POST cancel/ stops."
    )
    selected_director_id = serializers.CharField(allow_null=True)
    selected_style_id = serializers.CharField(allow_null=True)
    brand_semantic_lock = serializers.JSONField(
        allow_null=True,
        help_text="Written once at selection: brandEssence, culturalVoice, directorId, directorLens, visualIdentity.",
    )
    production_engine = serializers.CharField(allow_null=True)
    engine_label = serializers.CharField(
        allow_null=True,
        help_text='What renders the video, in plain words, e.g. "Local renderer, Luma-style motion"; null before a '
        "director is chosen.",
    )
    invariant_visual_summary = serializers.CharField(allow_blank=True)
    scenes = SceneSerializer(many=True)
    cost_estimate = serializers.IntegerField(
        help_text="Credits the render costs, one a scene: the storyboard's scenes, or the brief's scene_count "
        "before the storyboard is written. Charged once, on approval."
    )
    credits_used = serializers.IntegerField()
    error_message = serializers.CharField(allow_null=True)
    started_at = serializers.DateTimeField()
    completed_at = serializers.DateTimeField(allow_null=True)
    version = serializers.IntegerField()
    progress = serializers.IntegerField(help_text="Percent of the render's frames encoded (0-100).")
    render_started_at = serializers.DateTimeField(
        allow_null=True, help_text="When the current render attempt started; null before a render."
    )
    eta_seconds = serializers.IntegerField(
        allow_null=True,
        help_text="While RENDERING: seconds left, from the pace so far (elapsed render time x the share still to "
        "go). Null in other stages and until the first progress is reported.",
    )
    pitches = PitchSerializer(many=True, allow_null=True)
    analysis_reused_from = serializers.UUIDField(
        allow_null=True,
        help_text=(
            "The earlier job of yours with the same bytes (uploaded within 24 h) whose analysis this job "
            "reused instead of running The Eye again; null when The Eye ran for this job."
        ),
    )
    card_layout = serializers.ChoiceField(choices=ARMS, help_text=CARD_LAYOUT_HELP)
    video_url = serializers.CharField(allow_null=True)


class DirectorSerializer(serializers.Serializer):
    id = serializers.CharField()
    name = serializers.CharField()
    archetype = serializers.CharField()
    quote = serializers.CharField()
    multipliers = serializers.DictField(child=serializers.FloatField())
    risk = RiskSerializer()
    engine = serializers.CharField(allow_null=True)
    tone = serializers.CharField()
    vocabulary = serializers.ListField(child=serializers.CharField())
    forbidden = serializers.ListField(child=serializers.CharField())


# --- Input ------------------------------------------------------------------------------------


def _choice_messages(choices):
    return {"invalid_choice": f'"{{input}}" is not one of {", ".join(choices.values)}; choose one of those.'}


def _range_messages(low, high, unit=""):
    return {
        "min_value": f"Must be from {low:g} to {high:g}{unit}.",
        "max_value": f"Must be from {low:g} to {high:g}{unit}.",
        "invalid": f"Must be a number from {low:g} to {high:g}{unit}.",
    }


class UploadSerializer(serializers.Serializer):
    image = serializers.FileField(
        allow_empty_file=True, help_text="A JPEG, PNG or WebP image of at most 10 MiB (checked by content)."
    )
    # The brief (director/brief.py); every field optional.
    brand_essence_prompt = serializers.CharField(
        max_length=20 * brief.MAX_PROMPT,
        required=False,
        allow_blank=True,
        default="",
        help_text=f"What the video is for, in your words (a product, a mood, where it will be shown): at most "
        f"{brief.MAX_PROMPT} characters once invisible and control characters are removed. The directors read it.",
    )
    aspect_ratio = serializers.ChoiceField(
        choices=brief.AspectRatio.choices,
        default=brief.AspectRatio.LANDSCAPE,
        error_messages=_choice_messages(brief.AspectRatio),
        help_text="The video's format.",
    )
    scene_count = serializers.IntegerField(
        min_value=brief.MIN_SCENES,
        max_value=brief.MAX_SCENES,
        default=brief.DEFAULT_SCENES,
        error_messages={
            **_range_messages(brief.MIN_SCENES, brief.MAX_SCENES),
            "invalid": f"Must be a whole number from {brief.MIN_SCENES} to {brief.MAX_SCENES}.",
        },
        help_text="How many scenes the director writes; each costs one credit to render.",
    )
    scene_duration = serializers.FloatField(
        min_value=brief.MIN_SCENE_SECONDS,
        max_value=brief.MAX_SCENE_SECONDS,
        default=brief.DEFAULT_SCENE_SECONDS,
        error_messages=_range_messages(brief.MIN_SCENE_SECONDS, brief.MAX_SCENE_SECONDS, " seconds"),
        help_text="Seconds per scene.",
    )
    resolution = serializers.ChoiceField(
        choices=brief.Resolution.choices,
        default=brief.Resolution.HD,
        error_messages=_choice_messages(brief.Resolution),
        help_text="The video's short side. 1080p is for the Pro and Enterprise plans (403 on another plan).",
    )

    def validate_brand_essence_prompt(self, value):
        text = sanitise_feedback(value)
        if len(text) > brief.MAX_PROMPT:
            raise serializers.ValidationError(
                f"Ensure this field has no more than {brief.MAX_PROMPT} characters (it has {len(text)})."
            )
        return text

    # The job's cultural context: any of these given overrides the account's default (source user_explicit).
    language = serializers.ChoiceField(choices=culture.LANGUAGES, required=False, help_text="Write this job in it.")
    region = serializers.ChoiceField(choices=culture.REGIONS, required=False)
    formality = serializers.ChoiceField(choices=culture.FORMALITIES, required=False)
    warmth = serializers.FloatField(min_value=0, max_value=1, required=False, help_text="0 objective .. 1 warm.")
    # The brand's essence (director/brand.py), each optional: the directors use the product and selling point.
    product_info = brand.upload_field("product_info")
    selling_points = brand.upload_field("selling_points")
    target_audience = brand.upload_field("target_audience")
    pain_points = brand.upload_field("pain_points")
    scenarios = brand.upload_field("scenarios")
    cta_offer = brand.upload_field("cta_offer")

    def validate(self, attrs):
        return brand.validate_upload(attrs)


class SelectDirectorSerializer(serializers.Serializer):
    director_id = serializers.CharField(max_length=50)
    remaster = serializers.BooleanField(
        default=False, help_text="Remaster the image before the storyboard, whatever its quality score."
    )
    style_id = serializers.ChoiceField(
        choices=list(STYLES),
        required=False,
        help_text="A style preset (GET styles/); premium ones need Pro or Enterprise. Picked by keywords if omitted.",
    )


class ReviewSerializer(serializers.Serializer):
    verdict = serializers.ChoiceField(choices=VERDICTS)
    # The raw text is bounded generously; the 500-character limit applies to what is left once it is cleaned.
    feedback = serializers.CharField(
        max_length=20 * MAX_FEEDBACK, required=False, allow_blank=True, default="", trim_whitespace=True
    )
    version = serializers.IntegerField(
        required=False, min_value=0, help_text="The storyboard version you reviewed; or send it as If-Match."
    )

    def validate_feedback(self, value):
        # Control and invisible characters carry no direction; what is left must still say something.
        text = sanitise_feedback(value)
        if len(text) > MAX_FEEDBACK:
            raise serializers.ValidationError(f"Ensure this field has no more than {MAX_FEEDBACK} characters.")
        return text

    def validate(self, attrs):
        if attrs["verdict"] == SceneStatus.YELLOW and not attrs.get("feedback"):
            sent = bool(str(self.initial_data.get("feedback") or "").strip())
            raise serializers.ValidationError(
                {
                    "feedback": "The feedback is empty once invisible and control characters are removed: "
                    "say what to change."
                    if sent
                    else "A YELLOW review needs feedback: say what to change."
                }
            )
        return attrs


# --- Share links ------------------------------------------------------------------------------


def share_link_out(request, link, now=None):
    token = share_token(link)
    now = now or timezone.now()
    return {
        "id": str(link.pk),
        "job_id": str(link.job_id),
        "url": request.build_absolute_uri(reverse("share-page", kwargs={"token": token})),
        "video_url": request.build_absolute_uri(reverse("shared-video", kwargs={"token": token})),
        "poster_url": request.build_absolute_uri(reverse("shared-poster", kwargs={"token": token})),
        "created_at": link.created_at.isoformat(),
        "expires_at": link.expires_at.isoformat(),
        "revoked_at": link.revoked_at.isoformat() if link.revoked_at else None,
        "active": link.revoked_at is None and link.expires_at > now,
    }


class ShareLinkSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    job_id = serializers.UUIDField()
    url = serializers.URLField(help_text="The page to send: it plays the video without signing in.")
    video_url = serializers.URLField(help_text="The MP4 itself (takes a Range), for players and Open Graph.")
    poster_url = serializers.URLField(help_text="The image shown before it plays.")
    created_at = serializers.DateTimeField()
    expires_at = serializers.DateTimeField()
    revoked_at = serializers.DateTimeField(allow_null=True)
    active = serializers.BooleanField(help_text="False once revoked or expired: every URL of it is then a 404.")


class ShareCreateSerializer(serializers.Serializer):
    expires_in = serializers.IntegerField(
        required=False,
        min_value=MIN_EXPIRES_IN,
        max_value=MAX_EXPIRES_IN,
        default=DEFAULT_EXPIRES_IN,
        error_messages={
            "min_value": f"Must be from {MIN_EXPIRES_IN} seconds to {MAX_EXPIRES_IN} (30 days).",
            "max_value": f"Must be from {MIN_EXPIRES_IN} seconds to {MAX_EXPIRES_IN} (30 days).",
        },
        help_text="Seconds until the link stops playing: 60 to 2592000 (30 days); 7 days when not given.",
    )
