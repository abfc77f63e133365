from django.urls import path
from rest_framework.routers import SimpleRouter

from director import views

router = SimpleRouter()
router.register("jobs", views.JobViewSet, basename="job")

urlpatterns = [
    path("directors/", views.DirectorListView.as_view(), name="directors"),
    *router.urls,
]
