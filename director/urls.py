from django.urls import path
from rest_framework.routers import SimpleRouter

from director import styles, views

router = SimpleRouter()
router.register("jobs", views.JobViewSet, basename="job")

urlpatterns = [
    path("directors/", views.DirectorListView.as_view(), name="directors"),
    path("share-links/", views.ShareLinkListView.as_view(), name="share-links"),
    path("shared/<str:token>/video/", views.SharedVideoView.as_view(), name="shared-video"),
    path("shared/<str:token>/poster/", views.SharedPosterView.as_view(), name="shared-poster"),
    path("styles/", styles.StyleListView.as_view(), name="styles"),
    *router.urls,
]
