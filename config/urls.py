from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from accounts import views as account_views
from dashboard import views as dashboard_views

from . import views

urlpatterns = [
    path("", views.root_redirect, name="root"),
    path("healthz", views.healthz, name="healthz"),
    path("i18n/setlang/", account_views.language_set, name="set_language"),
    # The identity provider's redirect URI: one address, registered once with the provider.
    path("oidc/callback/", account_views.ProviderCallbackView.as_view(), name="oidc-callback"),
]

urlpatterns += i18n_patterns(
    path("", dashboard_views.home, name="home"),
    path("accounts/", include("accounts.urls")),
    path("plans/", include("actionplans.urls")),
    path("", include("reporting.urls")),
    path("", include("dashboard.urls")),
    path("", include("tracker.urls")),
    path("", include("equity.urls")),
    path("", include("feedback.urls")),
    path("", include("accountability.urls")),
    path("admin/", admin.site.urls),
    prefix_default_language=True,
)

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
handler500 = "config.errors.server_error"
handler400 = "config.errors.bad_request"
