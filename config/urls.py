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
# No URL serves MEDIA_ROOT, not even in DEBUG: stored files (trackers) are streamed by the views that
# check who may read them (tracker.views.tracker_download), from whichever storage STORAGES names.
handler500 = "config.errors.server_error"
handler400 = "config.errors.bad_request"
