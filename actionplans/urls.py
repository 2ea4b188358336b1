from django.urls import path

from . import views

app_name = "actionplans"

urlpatterns = [
    path("<str:code>/", views.plan_detail, name="plan-detail"),
]
