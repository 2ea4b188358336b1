"""The home page (everyone signed in) and ARTF's dashboard of every sector."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_GET, require_POST

from actionplans import selectors as plan_selectors
from core import translations as core_translations
from core.http import BadParameter
from reporting import selectors as report_selectors
from reporting.models import QuarterlyReport
from sectors import permissions
from spreadsheets.downloads import DOWNLOAD_FORMATS, table_download

from . import selectors as dashboards
from . import translations as translation_queues


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
            "sector_rows": dashboards.home_rows_html(
                sectors, roles=roles, sees_all=permissions.sees_all_sectors(request.user)
            ),
            "to_translate": translation_queues.queue_count(user=request.user),
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


# -- the translation queue ---------------------------------------------------------------------------
FILL_REFUSED = {
    "forbidden": _lazy("You cannot change this text."),
    "filled": _lazy("Someone has already written this text in both languages: nothing was changed."),
    "gone": _lazy("This text no longer exists: it was removed meanwhile."),
    "unknown": _lazy("This is not a text of the translation queue."),
}


def _queue_reader(request: HttpRequest) -> None:
    if not permissions.can_view_translations(request.user):
        raise PermissionDenied


@require_GET
def translation_queue(request: HttpRequest) -> HttpResponse:
    _queue_reader(request)
    params = request.GET
    missing = params.get("missing", "")
    missing = missing if missing in ("en", "fr") else ""
    key = params.get("kind", "")
    key = key if key in {k.key for k in core_translations.kinds()} else ""
    queue = translation_queues.queue_get(
        user=request.user,
        sector=params.get("sector", "")[:20],
        key=key,
        missing=missing,
        for_tracker=params.get("tracker") == "next",
    )
    context = {
        "queue": queue,
        "kinds": [k for k in core_translations.kinds() if not k.tracker_only],
        "sectors": translation_queues.queue_sectors(user=request.user),
        "params": {
            "sector": params.get("sector", ""),
            "kind": key,
            "missing": missing,
            "tracker": params.get("tracker", ""),
        },
        "total": translation_queues.queue_count(user=request.user) if params else len(queue.gaps),
    }
    return render(request, "dashboard/translations.html", context)


@require_POST
def translation_fill(request: HttpRequest) -> HttpResponse:
    _queue_reader(request)
    data = request.POST
    text = data.get("text", "").strip()
    back = data.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = ""
    back = back or reverse("dashboard:translations")
    try:
        pk = int(data.get("pk", ""))
    except ValueError:
        pk = 0
    error = ""
    if not text:
        error = _("Type the text in the missing language, then save.")
    else:
        try:
            core_translations.fill(
                user=request.user,
                key=data.get("kind", ""),
                pk=pk,
                field=data.get("field", ""),
                language=data.get("language", ""),
                text=text,
            )
        except KeyError:
            error = str(FILL_REFUSED["unknown"])
        except core_translations.FillRefused as refused:
            error = str(FILL_REFUSED.get(str(refused), FILL_REFUSED["unknown"]))
        except ValidationError as invalid:
            error = " ".join(invalid.messages)
    if request.htmx:
        return render(
            request,
            "dashboard/translations.html#filled",
            {
                "error": error,
                "text": text,
                "language": data.get("language", ""),
                "fk": data.get("kind", ""),
                "fpk": pk,
                "ffield": data.get("field", ""),
                "fmissing": data.get("language", ""),
            },
            status=422 if error else 200,
        )
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("Translation saved."))
    return redirect(back)
