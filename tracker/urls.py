from django.urls import path

from . import views

app_name = "tracker"

urlpatterns = [
    path("tracker/", views.tracker_list, name="list"),
    path("tracker/produce/", views.tracker_produce, name="produce"),
    path("tracker/<slug:slug>/curate/", views.tracker_curate, name="curate"),
    path("tracker/jobs/<int:pk>/download/", views.tracker_download, name="download"),
    path("tracker/jobs/<int:pk>/retry/", views.tracker_retry, name="retry"),
]
