"""Pages of equity evidence: representation against LMA, survey results, imports (ARTF).

Every view asks ``sectors.permissions`` first; figures come from ``selectors`` (suppression
applied), changes go through ``services``.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.concurrency import EditConflict, conflict_rows, rebase_version
from core.forms import form_status
from core.text import writing_language
from periods import selectors as period_selectors
from sectors import permissions
from sectors.models import Sector
from spreadsheets.downloads import DOWNLOAD_FORMATS, XLSX_TYPE, table_download
from spreadsheets.templates import template_workbook

from . import selectors, services
from .forms import HighlightForm, MaturityForm, MaturityReviewForm, UploadForm
from .maturity import STAGE_BY_NUMBER, STAGES
from .models import Group, Level, MaturityAssessment, Survey, SurveyHighlight
from .resources import RepresentationResource, SurveyResultResource


def _manager(request: HttpRequest) -> None:
    if not permissions.can_manage_evidence(request.user):
        raise PermissionDenied


# -- representation ------------------------------------------------------------------------------
@require_GET
def representation(request: HttpRequest, code: str | None = None) -> HttpResponse:
    sector = permissions.evidence_scope(request.user, code)
    page = selectors.representation_page(sector=sector, slug=request.GET.get("period", ""))
    if permissions.sees_all_sectors(request.user):
        scopes = Sector.objects.active().order_by("code")
    else:
        scopes = Sector.objects.filter(pk__in=list(permissions.sector_roles(request.user))).order_by("code")
    return render(
        request,
        "equity/representation.html",
        {
            "page": page,
            "sector": sector,
            "scopes": list(scopes.values_list("code", "name_en", "name_fr")),
            "threshold": settings.SUPPRESSION_THRESHOLD,
            "can_import": permissions.can_manage_evidence(request.user),
        },
    )


@require_GET
def representation_export(request: HttpRequest, fmt: str, code: str | None = None) -> HttpResponse:
    if fmt not in DOWNLOAD_FORMATS:
        raise Http404
    sector = permissions.evidence_scope(request.user, code)
    page = selectors.representation_page(sector=sector, slug=request.GET.get("period", ""))
    if page.period is None:
        raise Http404
    headers, rows = selectors.representation_export_rows(page, suppressed_text=_("suppressed"))
    scope = sector.code.lower() if sector else "department"
    return table_download(
        headers=headers,
        rows=rows,
        title=page.period.label,
        fmt=fmt,
        filename=f"representation-{scope}-{page.period.slug}.{fmt}",
    )


# -- imports (ARTF) ------------------------------------------------------------------------------
IMPORTS = {
    "representation": {
        "resource": RepresentationResource,
        "service": services.representation_import,
        "title": gettext_lazy("Import workforce representation"),
        "back": "equity:representation",
        "template_url": "equity:representation-template",
    },
    "surveys": {
        "resource": SurveyResultResource,
        "service": services.survey_results_import,
        "title": gettext_lazy("Import survey results"),
        "back": "equity:survey-list",
        "template_url": "equity:survey-template",
    },
}


def _import(request: HttpRequest, kind: str) -> HttpResponse:
    _manager(request)
    spec = IMPORTS[kind]
    form = UploadForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        outcome = spec["service"](
            data=form.cleaned_data["file"].read(), file_format=form.file_format, user=request.user
        )
        if outcome.ok:
            count = outcome.totals.get("new", 0) + outcome.totals.get("update", 0)
            messages.success(
                request,
                _("%(count)s rows imported from %(name)s.") % {"count": count, "name": form.cleaned_data["file"].name},
            )
            return redirect(spec["back"])
        errors = outcome.errors
    resource = spec["resource"]
    help_texts = resource.column_help()
    columns = [(c, c in resource.required_columns, help_texts.get(c, "")) for c in resource().column_names()]
    return render(
        request,
        "equity/import.html",
        {
            "form": form,
            "errors": errors,
            "kind": kind,
            "title": spec["title"],
            "back": spec["back"],
            "template_url": spec["template_url"],
            "columns": columns,
            "threshold": settings.SUPPRESSION_THRESHOLD,
            "levels": Level.choices,
            "groups": Group.choices,
        },
        status=form_status(invalid=errors),
    )


@require_http_methods(["GET", "POST"])
def representation_import(request: HttpRequest) -> HttpResponse:
    return _import(request, "representation")


@require_http_methods(["GET", "POST"])
def survey_import(request: HttpRequest) -> HttpResponse:
    return _import(request, "surveys")


def _template(request: HttpRequest, kind: str) -> HttpResponse:
    _manager(request)
    resource = IMPORTS[kind]["resource"]
    response = HttpResponse(template_workbook(resource), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{resource.template_name}-template.xlsx"'
    return response


@require_GET
def representation_template(request: HttpRequest) -> HttpResponse:
    return _template(request, "representation")


@require_GET
def survey_template(request: HttpRequest) -> HttpResponse:
    return _template(request, "surveys")


# -- surveys ---------------------------------------------------------------------------------------
@require_GET
def survey_list(request: HttpRequest) -> HttpResponse:
    permissions.evidence_scope(request.user, None)
    period, periods, blocks = selectors.survey_page(
        slug=request.GET.get("period", ""), threshold=settings.SUPPRESSION_THRESHOLD
    )
    return render(
        request,
        "equity/survey_list.html",
        {
            "period": period,
            "periods": periods,
            "blocks": blocks,
            "threshold": settings.SUPPRESSION_THRESHOLD,
            "can_manage": permissions.can_manage_evidence(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
def highlight_form(request: HttpRequest, survey_pk: int | None = None, pk: int | None = None) -> HttpResponse:
    _manager(request)
    highlight = get_object_or_404(SurveyHighlight.objects.select_related("survey__period"), pk=pk) if pk else None
    survey = highlight.survey if highlight else get_object_or_404(Survey.objects.select_related("period"), pk=survey_pk)
    form = HighlightForm(request.POST or None, instance=highlight)
    if request.method == "POST" and form.is_valid():
        services.survey_highlight_save(survey=survey, by=request.user, highlight=highlight, **form.cleaned_data)
        messages.success(request, _("Highlight saved."))
        return redirect(f"{_survey_url(survey)}#survey-{survey.pk}")
    return render(request, "equity/highlight_form.html", {"form": form, "survey": survey, "highlight": highlight})


@require_POST
def highlight_delete(request: HttpRequest, pk: int) -> HttpResponse:
    _manager(request)
    highlight = get_object_or_404(SurveyHighlight.objects.select_related("survey__period"), pk=pk)
    survey = highlight.survey
    services.survey_highlight_delete(highlight=highlight, by=request.user)
    messages.success(request, _("Highlight removed."))
    return redirect(f"{_survey_url(survey)}#survey-{survey.pk}")


def _survey_url(survey: Survey) -> str:
    return f"{reverse('equity:survey-list')}?period={survey.period.slug}"


# -- the maturity self-assessment ------------------------------------------------------------
# -- the maturity self-assessment -----------------------------------------------------------------
@require_http_methods(["GET", "POST"])
def maturity(request: HttpRequest, code: str) -> HttpResponse:
    """A sector's path on the continuum; its leads record the stage for a quarter open for reporting."""
    sector = permissions.sector_for_reading(request.user, code)
    can_assess = permissions.can_assess_maturity(request.user, sector)
    if request.method == "POST" and not can_assess:
        raise PermissionDenied
    today = timezone.localdate()
    history = selectors.maturity_history(sector=sector)
    open_periods = period_selectors.open_periods(today=today)
    by_period = {a.period_id: a for a in history}
    form = current = None
    conflict = rows = None
    if can_assess and open_periods:
        initial = {"period": open_periods[-1].slug}
        current = by_period.get(open_periods[-1].pk)
        if current is not None:
            initial.update(stage=current.stage, evidence=current.evidence, version=current.version)
        form = MaturityForm(request.POST or None, periods=open_periods, initial=initial)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                services.maturity_assess(
                    sector=sector,
                    period=data["period"],
                    by=request.user,
                    stage=data["stage"],
                    evidence=data["evidence"],
                    version=data["version"],
                    language=writing_language(),
                )
            except EditConflict as error:
                conflict = error.current
                rows = conflict_rows(
                    [
                        (_("Stage"), STAGE_BY_NUMBER[data["stage"]].name, conflict.get_stage_display()),
                        (_("Evidence"), data["evidence"], conflict.evidence),
                    ],
                    every=True,
                )
                rebase_version(form, conflict)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _("%(sector)s's stage for %(period)s is saved.")
                    % {"sector": sector.code, "period": data["period"].label},
                )
                return redirect("equity:maturity", code=sector.code)
    elif request.method == "POST":
        messages.error(request, _("No quarter is open for reporting, so no assessment can be recorded now."))
        return redirect("equity:maturity", code=sector.code)
    return render(
        request,
        "equity/maturity.html",
        {
            "sector": sector,
            "history": history,
            "path": selectors.maturity_path(history),
            "stages": STAGES,
            "form": form,
            "stage_options": list(zip(form["stage"], STAGES, strict=True)) if form is not None else [],
            "conflict": conflict,
            "conflict_rows": rows,
            "can_assess": can_assess,
            # the evidence prefilled from the quarter's assessment, in the language it was written in
            "evidence_language": current.evidence_language if current else "",
            "can_review": permissions.can_review_maturity(request.user),
            "open_periods": open_periods,
        },
        status=form_status(invalid=form is not None and form.errors, conflict=conflict),
    )


@require_POST
def maturity_review(request: HttpRequest, code: str, slug: str) -> HttpResponse:
    if not permissions.can_review_maturity(request.user):
        raise PermissionDenied
    assessment = get_object_or_404(
        MaturityAssessment.objects.select_related("sector", "period"), sector__code__iexact=code, period__slug=slug
    )
    form = MaturityReviewForm(request.POST)
    if form.is_valid():
        services.maturity_review(
            assessment=assessment, by=request.user, note=form.cleaned_data["note"], language=writing_language()
        )
        messages.success(request, _("Review note saved."))
    else:
        messages.error(request, " ".join(form.errors.get("note", [])))
    return redirect(f"{reverse('equity:maturity', kwargs={'code': assessment.sector.code})}#assessment-{slug}")
