from django.urls import path

from . import views

app_name = "actionplans"

urlpatterns = [
    path("<str:code>/", views.plan_detail, name="plan-detail"),
    path("<str:code>/export.xlsx", views.plan_export, name="plan-export"),
    path("<str:code>/history/", views.plan_history, name="plan-history"),
    path("<str:code>/commitments/new/", views.commitment_create, name="commitment-create"),
    path("<str:code>/commitments/<int:pk>/edit/", views.commitment_update, name="commitment-update"),
    path("<str:code>/commitments/<int:pk>/move/", views.commitment_move, name="commitment-move"),
    path("<str:code>/commitments/<int:pk>/remove/", views.commitment_delete, name="commitment-delete"),
    path(
        "<str:code>/commitments/<int:commitment_pk>/initiatives/new/", views.initiative_create, name="initiative-create"
    ),
    path("<str:code>/commitments/<int:commitment_pk>/kpis/new/", views.kpi_create, name="kpi-create"),
    path("<str:code>/initiatives/<int:pk>/", views.initiative_detail, name="initiative-detail"),
    path("<str:code>/initiatives/<int:pk>/edit/", views.initiative_update, name="initiative-update"),
    path("<str:code>/initiatives/<int:pk>/move/", views.initiative_move, name="initiative-move"),
    path("<str:code>/initiatives/<int:pk>/remove/", views.initiative_remove, name="initiative-remove"),
    path("<str:code>/kpis/<int:pk>/", views.kpi_detail, name="kpi-detail"),
    path("<str:code>/kpis/<int:pk>/edit/", views.kpi_update, name="kpi-update"),
    path("<str:code>/kpis/<int:pk>/remove/", views.kpi_remove, name="kpi-remove"),
    path("<str:code>/kpis/<int:pk>/values/", views.kpi_value_save, name="kpi-value-save"),
]
