from django.urls import path

from . import views

app_name = "sectors"

urlpatterns = [
    path("plans/<str:code>/maturity/", views.maturity, name="maturity"),
    path("plans/<str:code>/maturity/<slug:slug>/review/", views.maturity_review, name="maturity-review"),
]
