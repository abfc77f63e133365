"""The director API: thin views that parse, call one command (director.commands), and answer."""

import os
import uuid

import django_filters
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from director import brand, commands, culture, sharing, transitions
from director.brief import Brief
from director.directors import ROSTER
from director.errors import NotFound, StageConflict, VersionRequired
from director.media import serve_file
from director.models import JobStatus, ShareLink, VisionJob, record_of
from director.queries import job_with_record
from director.serializers import (
    JOB_OUT_UNREAD,
    DirectorSerializer,
    DirectorStateSerializer,
    JobDetailSerializer,
    JobSerializer,
    PitchSerializer,
    ReviewSerializer,
    SelectDirectorSerializer,
    ShareCreateSerializer,
    ShareLinkSerializer,
    UploadSerializer,
    director_state,
    job_detail_out,
    job_out,
    pitches_out,
    share_link_out,
)
from director.stages import Stage, stage_of
from director.uploads import validate_image
from learning.services import lounge_pitches
from studio_project.schema import CONTENT_RANGE, ERROR, RANGE, etag_header, media

NOT_FOUND = {404: ERROR}  # every route with a job id: unknown ids and other users' jobs alike
SCOPES = {
    "create": "upload",
    "select_director": "generate",
    "remaster": "generate",
    "continue_below_gate": "generate",
    "approve": "generate",
    "retry": "generate",
    "review": "refine",
    "video": "media",
    "image": "media",
    "scene_preview": "media",
}
SHARE_GONE = {404: ERROR}  # a token that was never made, or a link revoked or expired


class JobPagination(PageNumberPagination):
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        digits = raw.lstrip("0")
        # ASCII digits only: isdigit() also accepts "²", which int() refuses.
        if not (raw.isascii() and raw.isdecimal()) or not digits:
            raise ValidationError({"page_size": f"Must be a whole number from 1 to {self.max_page_size}."})
        if len(digits) > len(str(self.max_page_size)):  # above the maximum, and int() of 5,000 digits raises
            return self.max_page_size
        return min(int(digits), self.max_page_size)


class JobFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=JobStatus.choices)

    class Meta:
        model = VisionJob
        fields = ["status"]


def parse_version(request, body_version):
    header = request.headers.get("If-Match", "").strip()
    if header:
        value = header.removeprefix("W/").strip('"')
        try:
            return int(value)
        except ValueError:
            shown = header if len(header) <= 40 else f"{header[:40]}..."
            raise VersionRequired(f'If-Match must be the storyboard\'s ETag, e.g. "3"; got {shown!r}.') from None
    if body_version is not None:
        return body_version
    raise VersionRequired("Send the storyboard version you reviewed as an If-Match header (the ETag of director/).")


def etag(version):
    return f'"{version}"'


@extend_schema_view(
    list=extend_schema(responses={200: JobSerializer(many=True), 400: ERROR, **NOT_FOUND}),
    retrieve=extend_schema(responses={200: JobDetailSerializer, 404: ERROR}),
    destroy=extend_schema(responses={204: None, **NOT_FOUND}),
)
class JobViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.DestroyModelMixin, viewsets.GenericViewSet):
    serializer_class = JobSerializer
    pagination_class = JobPagination
    filterset_class = JobFilter
    lookup_value_converter = "uuid"

    @property
    def throttle_scope(self):
        return SCOPES.get(getattr(self, "action", None), "api")

    @property
    def parser_classes(self):
        # Multipart for the upload, JSON (the default) for every other body. The parsers are chosen before
        # DRF sets self.action, so read the route's method map.
        action = getattr(self, "action", None) or self.action_map.get(self.request.method.lower())
        return [MultiPartParser] if action == "create" else api_settings.DEFAULT_PARSER_CLASSES

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no user, but the model types the id
            return VisionJob.objects.none()
        jobs = VisionJob.objects.for_user(self.request.user).select_related("prompt_record")
        # The job summary (list) reads no JSON column; decoding them was half a list's time. One job addressed
        # by its id also shows what The Eye saw.
        if self.action == "list":
            return jobs.defer(*JOB_OUT_UNREAD)
        if self.action == "retrieve":
            return jobs.defer(*(name for name in JOB_OUT_UNREAD if name != "analysis_data"))
        return jobs

    def filter_queryset(self, queryset):
        # The list's filters (?status=) never apply to one job addressed by its id.
        return super().filter_queryset(queryset) if self.action == "list" else queryset

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response([job_out(job) for job in page])

    def retrieve(self, request, *args, **kwargs):
        return Response(job_detail_out(self.get_object()))

    @extend_schema(
        request={"multipart/form-data": UploadSerializer},
        responses={201: JobSerializer, 400: ERROR, 403: ERROR, 413: ERROR, 415: ERROR},
        description="Upload an image with an optional brief. A 400 names the brief field to fix; asking for a "
        "resolution your plan does not include is a 403 (`plan_required`) saying which plans do.",
    )
    def create(self, request, *args, **kwargs):
        serializer = UploadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        image = validate_image(data["image"])
        context = culture.for_user(request.user, request)
        chosen = {k: v for k, v in data.items() if k in culture.FIELDS}
        context = culture.explicit(context, chosen) if chosen else context
        given = {k: v for k, v in data.items() if k in brand.FIELDS and v}
        essence = brand.essence_of(given) if given else None
        job = commands.create_job(
            user=request.user,
            image=image,
            brief=Brief(**{k: v for k, v in data.items() if k in Brief.__dataclass_fields__}),
            cultural_context=context,
            brand_essence=essence,
        )
        job = self.get_queryset().get(pk=job.pk)
        return Response(job_out(job), status=status.HTTP_201_CREATED)

    def destroy(self, request, *args, **kwargs):
        commands.delete_job(job=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(responses={200: PitchSerializer(many=True), **NOT_FOUND, 409: ERROR})
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def pitches(self, request, pk=None):
        job = self.get_object()
        stage = stage_of(job, record_of(job))
        if stage == Stage.FLAGGED:
            raise StageConflict("The Eye flagged this image; the Lounge is closed until staff release it.", stage=stage)
        if not job.pitches:
            raise StageConflict(f"The directors have not pitched yet: the job is in stage {stage}.", stage=stage)
        if stage == Stage.IDLE:
            transitions.open_lounge(job)
        with culture.speaking(culture.of_job(job)):
            return Response(pitches_out(lounge_pitches(job, request.user)))

    @extend_schema(
        request=SelectDirectorSerializer,
        parameters=[etag_header(201)],
        responses={201: DirectorStateSerializer, 400: ERROR, 403: ERROR, **NOT_FOUND, 409: ERROR},
    )
    @action(detail=True, methods=["post"], url_path="select-director")
    def select_director(self, request, pk=None):
        serializer = SelectDirectorSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        # The command reads the job once, locked, and answers 404 for any job that is not this user's.
        record = commands.select_director(user=request.user, job_id=pk, request=request, **serializer.validated_data)
        return self._answer(record.job, status.HTTP_201_CREATED)

    @extend_schema(
        request=None, parameters=[etag_header(202)], responses={202: DirectorStateSerializer, **NOT_FOUND, 409: ERROR}
    )
    @action(detail=True, methods=["post"])
    def remaster(self, request, pk=None):
        commands.request_remaster(job=self.get_object(), request=request)
        return self._state(status.HTTP_202_ACCEPTED)

    @extend_schema(
        request=None,
        parameters=[etag_header(202)],
        responses={202: DirectorStateSerializer, **NOT_FOUND, 409: ERROR},
        description="Go on below the quality gate: a remastered image that still scores under 7.0 "
        "(QUALITY_FAILED with is_remastered) gets its storyboard written from the remastered image. "
        "409 in any other stage, and before the remaster.",
    )
    @action(detail=True, methods=["post"], url_path="continue")
    def continue_below_gate(self, request, pk=None):
        commands.continue_below_gate(job=self.get_object(), request=request)
        return self._state(status.HTTP_202_ACCEPTED)

    @extend_schema(parameters=[etag_header(200)], responses={200: DirectorStateSerializer, **NOT_FOUND})
    @action(detail=True, methods=["get"])
    def director(self, request, pk=None):
        job = self._owned_job(pk)  # the polled read: one prepared statement (director/queries.py)
        state = director_state(job, request.user)
        if state["pitches"]:  # the Lounge is open and its pitches are served: the experiment's clock starts
            transitions.open_lounge(job)
        # The ETag is the storyboard version (for If-Match on reviews). The stage and progress move
        # without it, so this answer is never cached and never a 304.
        return Response(state, headers={"ETag": etag(state["version"]), "Cache-Control": "no-store"})

    @extend_schema(
        request=ReviewSerializer,
        parameters=[
            OpenApiParameter("If-Match", OpenApiTypes.STR, OpenApiParameter.HEADER, required=False),
            OpenApiParameter("scene_id", OpenApiTypes.UUID, OpenApiParameter.PATH),
            etag_header(200),
        ],
        responses={200: DirectorStateSerializer, 400: ERROR, **NOT_FOUND, 409: ERROR, 412: ERROR, 428: ERROR},
    )
    @action(detail=True, methods=["post"], url_path=r"scenes/(?P<scene_id>[^/.]+)/review")
    def review(self, request, pk=None, scene_id=None):
        job = self._owned_job(pk)
        serializer = ReviewSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        version = parse_version(request, data.get("version"))
        commands.review_scene(
            job=job, scene_id=scene_id, verdict=data["verdict"], feedback=data.get("feedback", ""), version=version
        )
        return self._answer(job, status.HTTP_200_OK)

    @extend_schema(
        request=None,
        parameters=[etag_header(202)],
        responses={202: DirectorStateSerializer, 402: ERROR, **NOT_FOUND, 409: ERROR},
    )
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        commands.approve(job=self.get_object(), request=request)
        return self._state(status.HTTP_202_ACCEPTED)

    @extend_schema(request=None, responses={200: JobSerializer, **NOT_FOUND, 409: ERROR})
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        commands.cancel(job=self.get_object(), request=request)
        return Response(job_out(self.get_object()))

    @extend_schema(request=None, responses={202: JobSerializer, 402: ERROR, **NOT_FOUND, 409: ERROR})
    @action(detail=True, methods=["post"])
    def retry(self, request, pk=None):
        commands.retry(job=self.get_object(), request=request)
        return Response(job_out(self.get_object()), status=status.HTTP_202_ACCEPTED)

    @extend_schema(parameters=[RANGE, CONTENT_RANGE], responses={**media("video/mp4"), **NOT_FOUND, 409: ERROR})
    @action(detail=True, methods=["get"])
    def video(self, request, pk=None):
        job = self.get_object()
        record = record_of(job)
        if record is None or not record.video:
            stage = stage_of(job, record)
            raise StageConflict(f"The video is not ready: the job is in stage {stage}.", stage=stage)
        return serve_file(request, record.video.name, "video/mp4", filename=job.video_filename)

    @extend_schema(
        parameters=[
            OpenApiParameter("source", OpenApiTypes.STR, enum=["original", "remastered"]),
            RANGE,
            CONTENT_RANGE,
        ],
        responses={**media("image/jpeg", "image/png", "image/webp"), 400: ERROR, **NOT_FOUND},
    )
    @action(detail=True, methods=["get"])
    def image(self, request, pk=None):
        job = self.get_object()
        source = request.query_params.get("source", "original")
        if source not in ("original", "remastered"):
            raise ValidationError({"source": "Must be original or remastered."})
        if source == "remastered":
            record = record_of(job)
            if record is None or not record.remastered_image:
                raise NotFound("This job has no remastered image.")
            return serve_file(request, record.remastered_image.name, "image/png")
        return serve_file(request, job.image.name, job.mime_type)

    @extend_schema(
        parameters=[OpenApiParameter("scene_id", OpenApiTypes.UUID, OpenApiParameter.PATH), RANGE, CONTENT_RANGE],
        responses={**media("image/jpeg"), **NOT_FOUND},
    )
    @action(detail=True, methods=["get"], url_path=r"scenes/(?P<scene_id>[^/.]+)/preview")
    def scene_preview(self, request, pk=None, scene_id=None):
        job = self.get_object()
        record = record_of(job)
        scene = next((s for s in (record.scenes_data if record else []) if s["id"] == scene_id), None)
        if scene is None or not scene.get("preview_path"):
            raise NotFound("No preview for that scene.")
        return serve_file(request, scene["preview_path"], "image/jpeg")

    @extend_schema(
        methods=["GET"],
        request=None,
        responses={200: ShareLinkSerializer(many=True), **NOT_FOUND},
        description="The job's share links, newest first, revoked and expired ones included (`active: false`).",
    )
    @extend_schema(
        methods=["POST"],
        request=ShareCreateSerializer,
        responses={201: ShareLinkSerializer, 400: ERROR, **NOT_FOUND, 409: ERROR},
        description="A new link that plays the finished video without signing in, until `expires_in` seconds "
        "pass or you revoke it. 409 while the job has no finished video.",
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None, filter_backends=[])
    def share(self, request, pk=None):
        job = self.get_object()
        if request.method == "GET":
            now = timezone.now()
            return Response([share_link_out(request, link, now) for link in job.share_links.all()])
        serializer = ShareCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        link = sharing.create_link(job=job, request=request, **serializer.validated_data)
        return Response(share_link_out(request, link), status=status.HTTP_201_CREATED)

    @extend_schema(
        parameters=[OpenApiParameter("share_id", OpenApiTypes.UUID, OpenApiParameter.PATH)],
        request=None,
        responses={204: None, **NOT_FOUND},
        description="Revoke a share link: from now on its page, video and poster are 404s.",
    )
    @action(detail=True, methods=["delete"], url_path=r"share/(?P<share_id>[0-9a-fA-F-]{32,36})")
    def revoke_share(self, request, pk=None, share_id=None):
        try:
            link_id = uuid.UUID(share_id)
        except ValueError:
            raise NotFound("This job has no share link with that id.") from None
        sharing.revoke_link(job=self.get_object(), link_id=link_id, request=request)
        return Response(status=status.HTTP_204_NO_CONTENT)

    def _owned_job(self, pk):
        """The signed-in user's job `pk` with its prompt record, in one prepared statement; 404 for any other id."""
        job = job_with_record(self.request.user, pk)
        if job is None:
            raise exceptions.NotFound()
        return job

    def _answer(self, job, code):
        """The director state of `job` as the command just stored it (its record cached on it), with its ETag."""
        state = director_state(job, self.request.user)
        return Response(state, status=code, headers={"ETag": etag(state["version"])})

    def _state(self, code):
        job = self.get_queryset().filter(pk=self.kwargs["pk"]).first()
        if job is None:  # deleted by a concurrent request since the change (which it refunded)
            raise NotFound("This job was deleted.")
        state = director_state(job, self.request.user)
        return Response(state, status=code, headers={"ETag": etag(state["version"])})


class ShareLinkListView(APIView):
    @extend_schema(responses={200: ShareLinkSerializer(many=True)}, description="All your share links, newest first.")
    def get(self, request):
        now = timezone.now()
        links = ShareLink.objects.filter(job__user=request.user).order_by("-created_at")[:200]
        return Response([share_link_out(request, link, now) for link in links])


class SharedView(APIView):
    """What a share link serves, to anyone holding it: no sign-in, counted per client address."""

    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_scope = "share"


class SharedVideoView(SharedView):
    @extend_schema(
        auth=[],
        parameters=[RANGE, CONTENT_RANGE],
        responses={**media("video/mp4"), **SHARE_GONE},
        description="The shared MP4, without signing in (Range for seeking). 404 once revoked or expired.",
    )
    def get(self, request, token):
        link, record = sharing.live_link(token)
        response = serve_file(request, record.video.name, "video/mp4", filename=link.job.video_filename)
        response["Cache-Control"] = "no-store"  # a revoked link stops playing at once
        return response


class SharedPosterView(SharedView):
    @extend_schema(
        auth=[],
        parameters=[RANGE, CONTENT_RANGE],
        responses={**media("image/jpeg", "image/png", "image/webp"), **SHARE_GONE},
        description="The image the share page shows before the video plays. 404 once revoked or expired.",
    )
    def get(self, request, token):
        _link, record = sharing.live_link(token)
        name, content_type = sharing.poster_name(record)
        response = serve_file(request, name, content_type)
        response["Cache-Control"] = "no-store"
        return response


class SharePageView(SharedView):
    """The page a share link opens: the video with its poster, and Open Graph tags for link previews."""

    @extend_schema(exclude=True)
    def get(self, request, token):
        try:
            link, record = sharing.live_link(token)
        except NotFound as gone:
            return render(request, "share/gone.html", {"detail": gone.detail}, status=404)
        context = {
            "title": f"{os.path.splitext(link.job.original_filename)[0] or 'A video'}, made in Studio",
            "page_url": request.build_absolute_uri(),
            "video_url": request.build_absolute_uri(reverse("shared-video", kwargs={"token": token})),
            "poster_url": request.build_absolute_uri(reverse("shared-poster", kwargs={"token": token})),
            "expires_at": link.expires_at,
            "width": record.job.width,
            "height": record.job.height,
        }
        response = render(request, "share/video.html", context)
        response["Cache-Control"] = "no-store"
        response["Referrer-Policy"] = "no-referrer"
        return response


class DirectorListView(APIView):
    @extend_schema(responses={200: DirectorSerializer(many=True)})
    def get(self, request):
        return Response(
            [
                {
                    "id": d.id,
                    "name": d.name,
                    "archetype": d.archetype,
                    "quote": d.quote,
                    "multipliers": d.multipliers,
                    "risk": {"label": d.risk_label, "value": d.risk_value},
                    "engine": d.engine,
                    "tone": d.tone,
                    "vocabulary": list(d.vocabulary),
                    "forbidden": list(d.forbidden),
                }
                for d in ROSTER.values()
            ]
        )
