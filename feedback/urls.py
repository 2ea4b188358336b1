from django.urls import path

from . import views

app_name = "feedback"

urlpatterns = [
    path("feedback/", views.submit, name="submit"),
    # The same box without the trailing slash: no redirect (a redirected POST would lose its text).
    path("feedback", views.submit, name="submit-no-slash"),
    path("feedback/thanks/", views.thanks, name="thanks"),
    path("feedback/triage/", views.triage, name="triage"),
    path("feedback/triage/<uuid:pk>/", views.triage_update, name="triage-update"),
    path("feedback/summaries/new/", views.summary_form, name="summary-new"),
    path("feedback/summaries/<int:pk>/edit/", views.summary_form, name="summary-edit"),
]
