from django.urls import path

from audit import views

urlpatterns = [path("me/activity/", views.ActivityListView.as_view(), name="me-activity")]
