"""The director API: thin views that parse, call one command (director.commands), and answer."""

import django_filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from director import commands
from director.directors import ROSTER
from director.errors import NotFound, StageConflict, VersionRequired
from director.media import serve_file
from director.models import JobStatus, VisionJob, record_of
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
    UploadSerializer,
    director_state,
    job_detail_out,
    job_out,
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
    "approve": "generate",
    "retry": "generate",
    "review": "refine",
    "video": "media",
    "image": "media",
    "scene_preview": "media",
}


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
        responses={201: JobSerializer, 400: ERROR, 413: ERROR, 415: ERROR},
    )
    def create(self, request, *args, **kwargs):
        serializer = UploadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        job = commands.create_job(user=request.user, image=validate_image(serializer.validated_data["image"]))
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
        return Response(lounge_pitches(job, request.user))

    @extend_schema(
        request=SelectDirectorSerializer,
        parameters=[etag_header(201)],
        responses={201: DirectorStateSerializer, 400: ERROR, **NOT_FOUND, 409: ERROR},
    )
    @action(detail=True, methods=["post"], url_path="select-director")
    def select_director(self, request, pk=None):
        job = self.get_object()
        serializer = SelectDirectorSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        commands.select_director(user=request.user, job=job, **serializer.validated_data)
        return self._state(status.HTTP_201_CREATED)

    @extend_schema(
        request=None, parameters=[etag_header(202)], responses={202: DirectorStateSerializer, **NOT_FOUND, 409: ERROR}
    )
    @action(detail=True, methods=["post"])
    def remaster(self, request, pk=None):
        commands.request_remaster(job=self.get_object())
        return self._state(status.HTTP_202_ACCEPTED)

    @extend_schema(parameters=[etag_header(200)], responses={200: DirectorStateSerializer, **NOT_FOUND})
    @action(detail=True, methods=["get"])
    def director(self, request, pk=None):
        job = job_with_record(request.user, pk)  # the polled read: one prepared statement (director/queries.py)
        if job is None:
            raise exceptions.NotFound()
        state = director_state(job, request.user)
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
        job = self.get_object()
        serializer = ReviewSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        version = parse_version(request, data.get("version"))
        commands.review_scene(
            job=job, scene_id=scene_id, verdict=data["verdict"], feedback=data.get("feedback", ""), version=version
        )
        return self._state(status.HTTP_200_OK)

    @extend_schema(
        request=None,
        parameters=[etag_header(202)],
        responses={202: DirectorStateSerializer, 402: ERROR, **NOT_FOUND, 409: ERROR},
    )
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        commands.approve(job=self.get_object())
        return self._state(status.HTTP_202_ACCEPTED)

    @extend_schema(request=None, responses={200: JobSerializer, **NOT_FOUND, 409: ERROR})
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        commands.cancel(job=self.get_object())
        return Response(job_out(self.get_object()))

    @extend_schema(request=None, responses={202: JobSerializer, 402: ERROR, **NOT_FOUND, 409: ERROR})
    @action(detail=True, methods=["post"])
    def retry(self, request, pk=None):
        commands.retry(job=self.get_object())
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

    def _state(self, code):
        job = self.get_queryset().filter(pk=self.kwargs["pk"]).first()
        if job is None:  # deleted by a concurrent request since the change (which it refunded)
            raise NotFound("This job was deleted.")
        state = director_state(job, self.request.user)
        return Response(state, status=code, headers={"ETag": etag(state["version"])})


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
