"""The home page (everyone signed in) and ARTF's dashboard of every sector."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from actionplans import selectors as plan_selectors
from core.http import BadParameter
from reporting import selectors as report_selectors
from reporting.models import QuarterlyReport
from sectors import permissions
from spreadsheets.downloads import DOWNLOAD_FORMATS, table_download

from . import selectors as dashboards


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    sectors = list(plan_selectors.sector_summaries(sectors=permissions.home_sectors(request.user)))
    roles = permissions.sector_roles(request.user)
    today = timezone.localdate()
    return render(
        request,
        "dashboard/home.html",
        {
            "sectors": sectors,
            "sees_all": permissions.sees_all_sectors(request.user),
            "is_artf": permissions.is_artf(request.user),
            "roles": roles,
            "due_reports": report_selectors.home_reports(sectors=[s for s in sectors if s.pk in roles], today=today),
        },
    )


# -- dashboard ---------------------------------------------------------------------------------------
def _dashboard(request: HttpRequest) -> dashboards.Dashboard:
    if not permissions.can_view_dashboard(request.user):
        raise PermissionDenied
    params = request.GET
    phase = params.get("phase", "")
    if phase and not (phase.isascii() and phase.isdigit()):
        raise BadParameter(
            _("“%(phase)s” is not a phase number: choose a phase from the list.") % {"phase": phase[:20]}
        )
    return dashboards.dashboard_get(
        today=timezone.localdate(),
        period_slug=params.get("period", ""),
        phase=int(phase) if phase else None,
        status=params.get("status", ""),
        health=params.get("health", ""),
        sort=params.get("sort", "code"),
        descending=params.get("dir") == "desc",
    )


@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    board = _dashboard(request)
    query = request.GET.copy()
    query.pop("sort", None)
    query.pop("dir", None)
    columns = [
        ("code", _("Code")),
        ("name", _("Sector")),
        ("report", _("Report")),
        ("maturity", _("Maturity")),
        ("engagements", _("Engagements")),
        ("initiatives", _("Initiatives")),
        ("overdue", _("Overdue")),
        ("at_risk", _("At risk")),
        ("kpis_off", _("KPIs off track")),
    ]
    headers = []
    for key, label in columns:
        active = board.sort == key
        descending = active and not board.descending  # a second click on the same column reverses it
        params = query.copy()
        params["sort"], params["dir"] = key, "desc" if descending else "asc"
        aria = ("descending" if board.descending else "ascending") if active else ""
        headers.append({"key": key, "label": label, "url": "?" + params.urlencode(), "aria_sort": aria})
    export = request.GET.urlencode()
    return render(
        request,
        "dashboard/dashboard.html",
        {
            "board": board,
            "headers": {h["key"]: h for h in headers},
            "initiative_statuses": [s.label for s in dashboards.INITIATIVE_STATUSES],
            "initiative_health": [h.label for h in dashboards.INITIATIVE_HEALTH],
            "kpi_health": [h.label for h in dashboards.KPI_HEALTH],
            "report_statuses": [(s, QuarterlyReport.Status(s).label) for s in dashboards.REPORT_ORDER],
            "health_choices": dashboards.HealthFilter.CHOICES,
            "export_query": f"?{export}" if export else "",
        },
    )


@require_GET
def dashboard_export(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in DOWNLOAD_FORMATS:
        raise Http404
    board = _dashboard(request)
    headers, rows = dashboards.dashboard_table(board)
    return table_download(
        headers=headers,
        rows=rows,
        title=board.period.label if board.period else "",
        fmt=fmt,
        filename=f"dashboard-{board.period.slug if board.period else 'all'}.{fmt}",
    )
