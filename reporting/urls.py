from django.urls import path

from . import views

app_name = "reporting"

urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("dashboard/export.<str:fmt>", views.dashboard_export, name="dashboard-export"),
    path("tracker/", views.tracker_list, name="tracker-list"),
    path("tracker/produce/", views.tracker_produce, name="tracker-produce"),
    path("tracker/<slug:slug>/curate/", views.tracker_curate, name="tracker-curate"),
    path("tracker/jobs/<int:pk>/download/", views.tracker_download, name="tracker-download"),
    path("tracker/jobs/<int:pk>/retry/", views.tracker_retry, name="tracker-retry"),
    path("periods/", views.period_list, name="period-list"),
    path("periods/open/", views.period_open, name="period-open"),
    path("periods/<slug:slug>/edit/", views.period_open, name="period-update"),
    path("periods/<slug:slug>/close/", views.period_close, name="period-close"),
    path("plans/<str:code>/reports/", views.report_list, name="report-list"),
    path("plans/<str:code>/reports/<slug:slug>/", views.report_detail, name="report-detail"),
    path("plans/<str:code>/reports/<slug:slug>/comments/", views.report_comment, name="report-comment"),
    path("plans/<str:code>/reports/<slug:slug>/return/", views.report_return, name="report-return"),
    path("plans/<str:code>/reports/<slug:slug>/approve/", views.report_approve, name="report-approve"),
    path("plans/<str:code>/reports/<slug:slug>/reopen/", views.report_reopen, name="report-reopen"),
]
