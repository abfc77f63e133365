from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import generics, status
from rest_framework.response import Response
from rest_framework.views import APIView

from learning.models import LearningEvent
from learning.serializers import CreativeProfileSerializer, LearningEventSerializer
from learning.services import current_profile, reset_profile


def profile_summary(profile):
    """The profile's readable part: bias per dimension and win rate per director."""
    rates = profile.get("directorWinRate", {})
    return {
        "bias": profile.get("biasVector", {}),
        "win_rate": {d: (r.get("rate") if isinstance(r, dict) else r) for d, r in rates.items()},
        "total_selections": profile.get("totalSelections", 0),
        "override_rate": profile.get("overrideRate", 0.0),
    }


class CreativeProfileView(APIView):
    @extend_schema(responses={200: CreativeProfileSerializer})
    def get(self, request):
        profile = current_profile(request.user)
        return Response(
            {
                "profile": profile,
                "learning_consent": request.user.learning_consent,
                "summary": profile_summary(profile),
            }
        )

    @extend_schema(responses={204: None})
    def delete(self, request):
        reset_profile(request.user, request=request)
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema_view(
    get=extend_schema(
        responses={200: LearningEventSerializer(many=True), 404: OpenApiResponse(description="No such page.")}
    )
)
class LearningEventListView(generics.ListAPIView):
    serializer_class = LearningEventSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation has no user
            return LearningEvent.objects.none()
        return LearningEvent.objects.for_user(self.request.user).order_by("-created_at", "-id")
