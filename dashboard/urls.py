from django.urls import path

from . import views

app_name = "dashboard"

urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("dashboard/export.<str:fmt>", views.dashboard_export, name="export"),
    path("translations/", views.translation_queue, name="translations"),
    path("translations/fill/", views.translation_fill, name="translation-fill"),
]
