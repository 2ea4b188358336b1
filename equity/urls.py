from django.urls import path

from . import views

app_name = "equity"

urlpatterns = [
    path("plans/<str:code>/maturity/", views.maturity, name="maturity"),
    path("plans/<str:code>/maturity/<slug:slug>/review/", views.maturity_review, name="maturity-review"),
    path("representation/", views.representation, name="representation"),
    path("representation/export.<str:fmt>", views.representation_export, name="representation-export"),
    path("representation/import/", views.representation_import, name="representation-import"),
    path("representation/import/template.xlsx", views.representation_template, name="representation-template"),
    path("representation/sectors/<str:code>/", views.representation, name="representation-sector"),
    path(
        "representation/sectors/<str:code>/export.<str:fmt>",
        views.representation_export,
        name="representation-sector-export",
    ),
    path("surveys/", views.survey_list, name="survey-list"),
    path("surveys/import/", views.survey_import, name="survey-import"),
    path("surveys/import/template.xlsx", views.survey_template, name="survey-template"),
    path("surveys/<int:survey_pk>/highlights/add/", views.highlight_form, name="highlight-add"),
    path("surveys/highlights/<int:pk>/edit/", views.highlight_form, name="highlight-edit"),
    path("surveys/highlights/<int:pk>/delete/", views.highlight_delete, name="highlight-delete"),
]
