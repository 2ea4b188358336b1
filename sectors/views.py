from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.utils import timezone, translation
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from actionplans import selectors as plan_selectors
from reporting import selectors as report_selectors

from . import permissions


@login_not_required
@require_GET
def root_redirect(request: HttpRequest) -> HttpResponse:
    """``/`` sends people to the home page in their language (cookie, then browser)."""
    language = translation.get_language_from_request(request)
    return HttpResponseRedirect(f"/{language}/")


@login_not_required
@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when the database answers, 503 when it does not; for load balancers and compose."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "unavailable", "database": "down"}, status=503)
    return JsonResponse({"status": "ok", "database": "up"})


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    sectors = list(plan_selectors.sector_summaries(sectors=permissions.home_sectors(request.user)))
    roles = permissions.sector_roles(request.user)
    today = timezone.localdate()
    return render(
        request,
        "sectors/home.html",
        {
            "sectors": sectors,
            "sees_all": permissions.sees_all_sectors(request.user),
            "is_artf": permissions.is_artf(request.user),
            "roles": roles,
            "due_reports": report_selectors.home_reports(sectors=[s for s in sectors if s.pk in roles], today=today),
        },
    )
