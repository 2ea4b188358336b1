"""The two views that belong to the site rather than to an app: ``/`` and the health check."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from accounts.languages import opening_language
from core.database import database_answers


@login_not_required
@require_GET
def root_redirect(request: HttpRequest) -> HttpResponse:
    """``/`` sends people to the home page in their language (their stored one, else the cookie, then the browser)."""
    language = opening_language(request)
    return HttpResponseRedirect(f"/{language}/")


@login_not_required
@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when the database answers, 503 when it does not or not within HEALTHZ_TIMEOUT seconds."""
    if not database_answers(settings.HEALTHZ_TIMEOUT):
        return JsonResponse({"status": "unavailable", "database": "down"}, status=503)
    return JsonResponse({"status": "ok", "database": "up"})
