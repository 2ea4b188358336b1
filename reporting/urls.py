from django.urls import path

from . import views

app_name = "reporting"

urlpatterns = [
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
