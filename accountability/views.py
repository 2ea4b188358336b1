"""Pages of accountability: reviews and recommendations, the engagement log, governance approvals.

Every view asks ``sectors.permissions`` first; changes go through ``services``.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from actionplans import selectors as plan_selectors
from core import translations
from core.concurrency import EditConflict, conflict_context, form_differences
from core.forms import form_status
from core.text import writing_language
from periods.models import ReportingPeriod
from sectors import permissions
from sectors.models import Sector

from . import selectors, services
from .forms import ApprovalForm, EngagementForm, NewRecommendationForm, RecommendationForm, ReviewForm
from .models import INTERNAL, Approval, Engagement, Recommendation, Review, Stakeholder

PLAN_TEXTS = ("commitment", "initiative", "kpi")  # the texts governance approves


# -- reviews and recommendations ----------------------------------------------------------------
@require_GET
def review_list(request):
    if not permissions.can_view_reviews(request.user):
        raise PermissionDenied
    today = timezone.localdate()
    reviews = list(selectors.review_list(today=today))
    return render(
        request,
        "accountability/review_list.html",
        {
            "reviews": reviews,
            "statuses": Recommendation.Status.choices,
            "can_manage": permissions.can_manage_reviews(request.user),
        },
    )


@require_GET
def review_detail(request, pk):
    if not permissions.can_view_reviews(request.user):
        raise PermissionDenied
    review = selectors.review_detail(pk=pk)
    today = timezone.localdate()
    rows = [{"rec": rec, "overdue": rec.is_overdue(today)} for rec in review.recommendations.all()]
    counts = {value: sum(1 for r in rows if r["rec"].status == value) for value in Recommendation.Status.values}
    return render(
        request,
        "accountability/review_detail.html",
        {
            "review": review,
            "rows": rows,
            "counts": [(label, counts[value], value) for value, label in Recommendation.Status.choices],
            "overdue": sum(1 for r in rows if r["overdue"]),
            "can_manage": permissions.can_manage_reviews(request.user),
            "today": today,
        },
    )


@require_http_methods(["GET", "POST"])
def review_create(request):
    if not permissions.can_manage_reviews(request.user):
        raise PermissionDenied
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        review = services.review_create(by=request.user, **form.cleaned_data)
        messages.success(request, _("Review added. Now add its recommendations."))
        return redirect(review.get_absolute_url())
    return render(request, "accountability/review_form.html", {"form": form}, status=form_status(invalid=form.errors))


@require_http_methods(["GET", "POST"])
def recommendation_create(request, pk):
    if not permissions.can_manage_reviews(request.user):
        raise PermissionDenied
    review = get_object_or_404(Review, pk=pk)
    form = NewRecommendationForm(request.POST or None, review=review)
    if request.method == "POST" and form.is_valid():
        recommendation = services.recommendation_create(review=review, by=request.user, **form.cleaned_data)
        messages.success(request, _("Recommendation %(number)s added.") % {"number": recommendation.number})
        return redirect(f"{review.get_absolute_url()}#rec-{recommendation.number}")
    return render(
        request,
        "accountability/recommendation_new.html",
        {"form": form, "review": review},
        status=form_status(invalid=form.errors),
    )


@require_http_methods(["GET", "POST"])
def recommendation_edit(request, pk):
    if not permissions.can_manage_reviews(request.user):
        raise PermissionDenied
    recommendation = get_object_or_404(Recommendation.objects.select_related("review"), pk=pk)
    form = RecommendationForm(request.POST or None, instance=recommendation)
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version, initiatives = data.pop("version"), data.pop("initiatives")
        try:
            services.recommendation_update(
                recommendation=recommendation, by=request.user, version=version, initiatives=initiatives, **data
            )
        except EditConflict as error:
            conflict = conflict_context(form, error.current, _differences(form, error.current))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Recommendation %(number)s saved.") % {"number": recommendation.number})
            return redirect(f"{recommendation.review.get_absolute_url()}#rec-{recommendation.number}")
    return render(
        request,
        "accountability/recommendation_form.html",
        {
            "form": form,
            "rec": recommendation,
            "conflict": conflict,
            "keep_theirs_url": f"{recommendation.review.get_absolute_url()}#rec-{recommendation.number}",
        },
        status=form_status(invalid=form.errors, conflict=conflict),
    )


def _differences(form, current) -> list[dict]:
    """The fields where the person's version and the saved one differ, for the conflict panel."""
    return form_differences(form, current, form.Meta.fields)


# -- stakeholder engagement -----------------------------------------------------------------------
@require_GET
def engagement_list(request):
    if not permissions.can_view_all_engagements(request.user):
        raise PermissionDenied
    periods = list(ReportingPeriod.objects.order_by("-fiscal_year", "-quarter"))
    params = {k: request.GET.get(k, "") for k in ("sector", "type", "period", "kind")}
    period = next((p for p in periods if p.slug == params["period"]), None)
    rows = list(
        selectors.engagement_list(
            sector=params["sector"], stakeholder_type=params["type"], period=period, kind=params["kind"]
        )
    )
    return render(
        request,
        "accountability/engagement_list.html",
        {
            "rows": rows,
            "params": params,
            "periods": periods,
            "sectors": list(Sector.objects.active().order_by("code").values_list("code", flat=True)),
            "types": Stakeholder.choices,
            "internal": INTERNAL,
        },
    )


@require_http_methods(["GET", "POST"])
def engagement_form(request, code, pk=None):
    sector = permissions.sector_for_engagements(request.user, code)
    engagement = get_object_or_404(Engagement, pk=pk, sector=sector) if pk else None
    form = EngagementForm(request.POST or None, instance=engagement, sector=sector)
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version, commitments = data.pop("version"), data.pop("commitments")
        try:
            services.engagement_save(
                sector=sector, by=request.user, engagement=engagement, version=version, commitments=commitments, **data
            )
        except EditConflict as error:
            conflict = conflict_context(form, error.current, _differences(form, error.current))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Engagement saved."))
            return redirect(f"{reverse('actionplans:plan-detail', kwargs={'code': sector.code})}#engagements")
    return render(
        request,
        "accountability/engagement_form.html",
        {
            "form": form,
            "sector": sector,
            "engagement": engagement,
            "conflict": conflict,
            "keep_theirs_url": reverse("actionplans:plan-detail", kwargs={"code": sector.code}) + "#engagements",
        },
        status=form_status(invalid=form.errors, conflict=conflict),
    )


@require_POST
def engagement_delete(request, code, pk):
    sector = permissions.sector_for_engagements(request.user, code)
    engagement = get_object_or_404(Engagement, pk=pk, sector=sector)
    services.engagement_delete(engagement=engagement, by=request.user)
    messages.success(request, _("Engagement removed."))
    return redirect(f"{reverse('actionplans:plan-detail', kwargs={'code': sector.code})}#engagements")


# -- governance approvals -------------------------------------------------------------------------
@require_http_methods(["GET", "POST"])
def approval_record(request, code):
    if not permissions.can_record_approval(request.user):
        raise PermissionDenied
    plan = plan_selectors.plan_for_sector(code=code)
    chain = selectors.plan_chain(plan=plan)
    initial = {"step": chain.next_step.step if chain.next_step else 5, "date": timezone.localdate()}
    form = ApprovalForm(request.POST or None, initial=initial)
    # The plan's own texts in one language only: governance approves a plan published in both.
    untranslated = translations.gaps(sectors=[plan.sector_id], keys=PLAN_TEXTS)
    if request.method == "POST" and form.is_valid():
        try:
            services.approval_record(plan=plan, by=request.user, language=writing_language(), **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Decision recorded."))
            if untranslated and form.cleaned_data["decision"] != Approval.Decision.RETURNED:
                messages.warning(
                    request,
                    ngettext(
                        "The plan was approved with %(count)s text in one language only: the translation queue lists it.",
                        "The plan was approved with %(count)s texts in one language only: the translation queue lists them.",
                        len(untranslated),
                    )
                    % {"count": len(untranslated)},
                )
            return redirect(f"{reverse('actionplans:plan-detail', kwargs={'code': plan.sector.code})}#governance")
    return render(
        request,
        "accountability/approval_form.html",
        {"form": form, "plan": plan, "sector": plan.sector, "chain": chain, "untranslated": untranslated},
        status=form_status(invalid=form.errors),
    )
