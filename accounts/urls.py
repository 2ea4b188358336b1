from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("login/", views.SignInView.as_view(), name="login"),
    path("logout/", views.SignOutView.as_view(), name="logout"),
    path("preferences/", views.preferences, name="preferences"),
    # Off to the department's identity provider (OpenID Connect): 404 unless it is configured. Its
    # way back, one address for both languages, is "oidc-callback" in config/urls.py.
    path("oidc/start/", views.ProviderSignInView.as_view(), name="oidc-start"),
]
