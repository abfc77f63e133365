from django.urls import path

from learning import views

urlpatterns = [
    path("me/creative-profile/", views.CreativeProfileView.as_view(), name="creative-profile"),
    path("learning-events/", views.LearningEventListView.as_view(), name="learning-events"),
]
