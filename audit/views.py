from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import generics

from audit.models import AuditLog
from audit.serializers import AuditLogSerializer


@extend_schema_view(
    get=extend_schema(
        responses={200: AuditLogSerializer(many=True), 404: OpenApiResponse(description="No such page.")},
        description=(
            "Your own activity, newest first: every change that moved your credits, consent, creative profile "
            "or a job's fate, with where it came from."
        ),
    )
)
class ActivityListView(generics.ListAPIView):
    serializer_class = AuditLogSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation has no user
            return AuditLog.objects.none()
        return AuditLog.objects.for_user(self.request.user).order_by("-created_at", "-id")
