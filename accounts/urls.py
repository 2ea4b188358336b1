from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("login/", views.SignInView.as_view(), name="login"),
    path("logout/", views.SignOutView.as_view(), name="logout"),
    path("preferences/", views.preferences, name="preferences"),
    path("password/", views.PasswordChangeView.as_view(), name="password-change"),
    path("password/changed/", views.PasswordChangeDoneView.as_view(), name="password-change-done"),
    path("password/reset/", views.PasswordResetView.as_view(), name="password-reset"),
    path("password/reset/sent/", views.PasswordResetDoneView.as_view(), name="password-reset-done"),
    path("password/reset/<uidb64>/<token>/", views.PasswordResetConfirmView.as_view(), name="password-reset-confirm"),
    path("password/reset/done/", views.PasswordResetCompleteView.as_view(), name="password-reset-complete"),
    # Off to the department's identity provider (OpenID Connect): 404 unless it is configured. Its
    # way back, one address for both languages, is "oidc-callback" in config/urls.py.
    path("oidc/start/", views.ProviderSignInView.as_view(), name="oidc-start"),
]
