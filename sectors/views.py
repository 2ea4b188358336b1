from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from actionplans import selectors as plan_selectors
from core.concurrency import EditConflict
from core.database import database_answers
from reporting import selectors as report_selectors

from . import permissions, selectors, services
from .forms import MaturityForm, MaturityReviewForm
from .maturity import STAGE_BY_NUMBER, STAGES
from .models import MaturityAssessment, Sector


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
    """200 when the database answers, 503 when it does not or not within HEALTHZ_TIMEOUT seconds."""
    if not database_answers(settings.HEALTHZ_TIMEOUT):
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


# -- the maturity self-assessment -----------------------------------------------------------------
@require_http_methods(["GET", "POST"])
def maturity(request: HttpRequest, code: str) -> HttpResponse:
    """A sector's path on the continuum; its leads record the stage for a quarter open for reporting."""
    sector = get_object_or_404(Sector, code__iexact=code)
    if not permissions.can_view_plan(request.user, sector):
        raise PermissionDenied
    can_assess = permissions.can_assess_maturity(request.user, sector)
    if request.method == "POST" and not can_assess:
        raise PermissionDenied
    today = timezone.localdate()
    history = selectors.maturity_history(sector=sector)
    open_periods = report_selectors.open_periods(today=today)
    by_period = {a.period_id: a for a in history}
    form = None
    conflict = mine = None
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
                )
            except EditConflict as error:
                conflict = error.current
                mine = {"stage": STAGE_BY_NUMBER[data["stage"]].name, "evidence": data["evidence"]}
                form.data = form.data.copy()
                form.data["version"] = conflict.version
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _("%(sector)s's stage for %(period)s is saved.")
                    % {"sector": sector.code, "period": data["period"].label},
                )
                return redirect("sectors:maturity", code=sector.code)
    elif request.method == "POST":
        messages.error(request, _("No quarter is open for reporting, so no assessment can be recorded now."))
        return redirect("sectors:maturity", code=sector.code)
    return render(
        request,
        "sectors/maturity.html",
        {
            "sector": sector,
            "history": history,
            "path": selectors.maturity_path(history),
            "stages": STAGES,
            "form": form,
            "stage_options": list(zip(form["stage"], STAGES, strict=True)) if form is not None else [],
            "conflict": conflict,
            "mine": mine,
            "can_assess": can_assess,
            "can_review": permissions.can_review_maturity(request.user),
            "open_periods": open_periods,
        },
        status=409 if conflict else (400 if form is not None and form.errors else 200),
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
        services.maturity_review(assessment=assessment, by=request.user, note=form.cleaned_data["note"])
        messages.success(request, _("Review note saved."))
    else:
        messages.error(request, " ".join(form.errors.get("note", [])))
    return redirect(f"{reverse('sectors:maturity', kwargs={'code': assessment.sector.code})}#assessment-{slug}")
