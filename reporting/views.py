"""Pages of the reporting cycle: periods (ARTF), the quarterly report, review, the dashboard.

Every view asks ``sectors.permissions`` first; changes go through ``services``.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from actionplans.access import plan_for_reading
from actionplans.services import KPIValuesConflict
from actionplans.views import kpi_values_conflict
from core import outbox
from core.concurrency import EditConflict, conflict_context, form_differences
from core.forms import form_status
from core.text import writing_language
from core.typography import long_date
from periods import selectors as period_selectors
from periods import services as period_services
from sectors import permissions

from . import selectors, services
from .access import report_for_review, report_page_for_reading
from .forms import CommentForm, PeriodOpenForm, ReasonForm, ReportForm
from .models import QuarterlyReport


# -- periods (ARTF) -------------------------------------------------------------------------------
def _period_manager(request: HttpRequest) -> None:
    if not permissions.can_manage_periods(request.user):
        raise PermissionDenied


@require_GET
def period_list(request: HttpRequest) -> HttpResponse:
    _period_manager(request)
    today = timezone.localdate()
    periods = selectors.period_list()
    for period in periods:
        period.is_open = period.is_open_on(today)
        period.days = period.days_left(today)
    return render(request, "reporting/period_list.html", {"periods": periods, "today": today})


@require_http_methods(["GET", "POST"])
def period_open(request: HttpRequest, slug: str = "") -> HttpResponse:
    _period_manager(request)
    period = period_selectors.period_get(slug=slug) if slug else None
    form = PeriodOpenForm(request.POST or None, period=period)
    if request.method == "POST" and form.is_valid():
        try:
            opened = period_services.period_open(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("%(period)s is open for reporting; reports are due on %(due)s.")
                % {"period": opened.label, "due": long_date(opened.due_date)},
            )
            return redirect("reporting:period-list")
    return render(
        request, "reporting/period_form.html", {"form": form, "period": period}, status=form_status(invalid=form.errors)
    )


@require_POST
def period_close(request: HttpRequest, slug: str) -> HttpResponse:
    _period_manager(request)
    period = period_services.period_close(period=period_selectors.period_get(slug=slug), by=request.user)
    messages.success(request, _("%(period)s is closed: it takes no new values or changes.") % {"period": period.label})
    return redirect("reporting:period-list")


# -- reports ----------------------------------------------------------------------------------------
@require_GET
def report_list(request: HttpRequest, code: str) -> HttpResponse:
    plan = plan_for_reading(request.user, code)
    rows = [
        (row.period, row.status_label, permissions.can_view_report(request.user, row))
        for row in selectors.sector_reports(sector=plan.sector)
    ]
    return render(request, "reporting/report_list.html", {"plan": plan, "sector": plan.sector, "rows": rows})


@require_http_methods(["GET", "POST"])
def report_detail(request: HttpRequest, code: str, slug: str) -> HttpResponse:
    page = report_page_for_reading(request.user, code, slug)
    if request.method == "POST":
        # Only the sector's own people write; the state (submitted, closed…) is the service's to refuse.
        if not permissions.writes_reports(request.user, page.sector):
            raise PermissionDenied
        submitting = request.POST.get("action") == "submit"
        if submitting and not permissions.submits_reports(request.user, page.sector):
            raise PermissionDenied
        return _report_post(request, page, submitting=submitting)
    return _report_render(request, page, ReportForm(page=page))


def _report_post(request: HttpRequest, page, *, submitting: bool) -> HttpResponse:
    form = ReportForm(request.POST, page=page)
    conflict = None
    if form.is_valid():
        try:
            report = services.report_save(
                sector=page.plan.sector,
                period=page.period,
                by=request.user,
                version=form.cleaned_data["version"],
                sections=form.sections(),
                updates=form.updates(),
                kpi_values=form.kpi_values(),
                kpi_shown=form.kpi_shown(),
                language=form.cleaned_data["language"] or None,
            )
        except KPIValuesConflict as error:  # a KPI value someone saved since the form showed it
            conflict = kpi_values_conflict(error, period=page.period, rows=form.kpi_conflict_rows(error))
            form.kpi_rebase(error)
        except EditConflict as error:
            conflict = _conflict(form, error.current)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if not submitting:
                messages.success(request, _("Draft saved."))
                return redirect(report.get_absolute_url())
            try:
                with outbox.collect() as sent:
                    services.report_submit(report=report, by=request.user)
            except ValidationError as error:
                messages.warning(request, _("Your changes are saved as a draft, but the report was not submitted."))
                messages.error(request, error.messages[0])
            else:
                messages.success(request, _("Report submitted to the Anti-Racism Task Force for review."))
                _say_if_mail_waits(request, sent)
            return redirect(report.get_absolute_url())
    return _report_render(request, page, form, conflict=conflict, status=form_status(invalid=True, conflict=conflict))


def _say_if_mail_waits(request: HttpRequest, sent: outbox.Collected) -> None:
    """The change is recorded; its e-mail could not be handed over yet (the task queue is down)."""
    if sent.waiting:
        messages.info(
            request,
            _(
                "The e-mail about it could not be sent just now; it will be sent automatically as soon as "
                "the mail service is back. Nothing else is needed."
            ),
        )


def _report_render(request: HttpRequest, page, form, *, conflict=None, status: int = 200) -> HttpResponse:
    user, sector, period, today = request.user, page.sector, page.period, timezone.localdate()
    can_edit = permissions.can_edit_report(user, page, today=today)
    context = {
        "page": page,
        "plan": page.plan,
        "sector": sector,
        "period": period,
        "report": page.report,
        "form": form if can_edit else None,
        "is_open": period.is_open_on(today),
        "can_edit": can_edit,
        # The sector's own people and ARTF see KPI values as stored; other readers, small counts suppressed.
        "published": not permissions.can_edit_plan(user, sector),
        "can_submit": permissions.can_submit_report(user, page, today=today),
        "can_comment": permissions.can_comment_on_report(user, page),
        "can_decide": permissions.can_review_report(user, page),
        "can_reopen": permissions.can_reopen_report(user, page),
        "comment_form": CommentForm(),
        "reason_form": ReasonForm(),
        "sections": [
            (
                name,
                QuarterlyReport.Section(name).label,
                getattr(page.report, name, "") if page.report else "",
                form[name] if can_edit else None,
            )
            for name in QuarterlyReport.TEXT_SECTIONS
        ],
        "conflict": conflict,
        "missing": page.missing_updates if page.report and can_edit else [],
    }
    return render(request, "reporting/report_detail.html", context, status=status)


def _conflict(form, current: QuarterlyReport) -> dict:
    return conflict_context(form, current, form_differences(form, current, QuarterlyReport.TEXT_SECTIONS))


def _field_error(form, name: str) -> str:
    return _("%(label)s: %(error)s") % {"label": form[name].label, "error": form.errors[name][0]}


def _review_action(request: HttpRequest, code: str, slug: str, service, done: str) -> HttpResponse:
    report = report_for_review(request.user, code, slug)
    form = ReasonForm(request.POST)
    if not form.is_valid():  # a reason too long: said, and the report left as it is
        messages.error(request, _field_error(form, "reason"))
        return redirect(report.get_absolute_url() + "#timeline")
    try:
        with outbox.collect() as sent:
            service(
                report=report, by=request.user, reason=form.cleaned_data.get("reason", ""), language=writing_language()
            )
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, done)
        _say_if_mail_waits(request, sent)
    return redirect(report.get_absolute_url() + "#timeline")


@require_POST
def report_return(request: HttpRequest, code: str, slug: str) -> HttpResponse:
    return _review_action(request, code, slug, services.report_return, _("Report returned to the sector."))


@require_POST
def report_approve(request: HttpRequest, code: str, slug: str) -> HttpResponse:
    return _review_action(request, code, slug, services.report_approve, _("Report approved. It is now frozen."))


@require_POST
def report_reopen(request: HttpRequest, code: str, slug: str) -> HttpResponse:
    return _review_action(
        request, code, slug, services.report_reopen, _("Report reopened: the sector can change it again.")
    )


@require_POST
def report_comment(request: HttpRequest, code: str, slug: str) -> HttpResponse:
    report = report_for_review(request.user, code, slug)
    form = CommentForm(request.POST)
    if not form.is_valid():
        if "body" in form.errors and form.data.get("body", "").strip():
            messages.error(request, _field_error(form, "body"))  # written, but too long
        else:
            messages.error(request, _("Choose a section and write the comment."))
        return redirect(report.get_absolute_url())
    try:
        comment = services.comment_add(report=report, by=request.user, language=writing_language(), **form.cleaned_data)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect(report.get_absolute_url())
    messages.success(request, _("Comment added."))
    return redirect(report.get_absolute_url() + f"#section-{comment.section}")
