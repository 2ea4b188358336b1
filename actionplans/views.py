"""Plan pages: read by everyone signed in, changed by the sector's people and ARTF.

Every view asks ``sectors.permissions`` first; edits go through ``services``. Forms work as
plain posts (JavaScript off) and, with htmx, swap only the part of the page they change.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.concurrency import conflict_context, conflict_panel, form_differences
from core.forms import form_status
from core.http import BadParameter
from core.text import sentence, shown, shown_in
from periods.models import period_being_reported
from sectors import permissions

from . import history, pages, presenters, selectors, services
from .access import plan_for_edit, plan_for_reading
from .forms import CommitmentForm, InitiativeForm, KPIForm, KPIPeriodChoiceForm, KPIValueForm
from .models import EquityGroup
from .resources import plan_workbook


# -- helpers ---------------------------------------------------------------------------------
def _back_to_plan(plan, anchor: str = ""):
    return redirect(plan.get_absolute_url() + (f"#{anchor}" if anchor else ""))


def _safe_next(request: HttpRequest) -> str:
    """The page this form was opened from (``?next=``), when it is one of ours; "" otherwise."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(candidate, {request.get_host()}, request.is_secure()):
        return candidate
    return ""


def _form_page(request, template: str, context: dict, partial: str = "form") -> HttpResponse:
    """The whole page, or only its form when htmx asks for it."""
    name = f"{template}#{partial}" if request.htmx else template
    return render(
        request, name, context, status=form_status(invalid=context["form"].errors, conflict=context.get("conflict"))
    )


# -- the plan ----------------------------------------------------------------------------------
@require_GET
def plan_detail(request: HttpRequest, code: str) -> HttpResponse:
    plan = selectors.plan_get(code=code)
    if not permissions.can_view_plan(request.user, plan.sector):
        raise PermissionDenied
    can_edit = permissions.can_edit_plan(request.user, plan.sector)
    if not can_edit:  # a reader outside the sector: small counts suppressed
        selectors.kpis_publish(kpi for commitment in plan.commitment_rows for kpi in commitment.kpi_rows)
    presenters.decorate_plan(plan, can_edit=can_edit)
    context = {
        "plan": plan,
        "sector": plan.sector,
        "can_edit": can_edit,
        # What higher floors add (accountability: the governance chain, the sector's engagements).
        **pages.plan_page.context(plan=plan, user=request.user),
    }
    return render(request, "actionplans/plan_detail.html", context)


@require_GET
def plan_export(request: HttpRequest, code: str) -> HttpResponse:
    plan = plan_for_reading(request.user, code)
    response = HttpResponse(
        plan_workbook(plan), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="action-plan-{plan.sector.code}.xlsx"'
    return response


@require_GET
def plan_history(request: HttpRequest, code: str) -> HttpResponse:
    plan = plan_for_reading(request.user, code)
    return render(
        request,
        "actionplans/plan_history.html",
        {
            "plan": plan,
            "sector": plan.sector,
            "entries": history.page(
                history.plan_history(plan, published=not permissions.can_edit_plan(request.user, plan.sector)),
                request.GET.get("page"),
            ),
        },
    )


# -- commitments -----------------------------------------------------------------------------
@require_http_methods(["GET", "POST"])
def commitment_create(request: HttpRequest, code: str) -> HttpResponse:
    plan = plan_for_edit(request.user, code)
    form = CommitmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        commitment = services.commitment_create(plan=plan, by=request.user, **form.changes())
        messages.success(request, _("Commitment %(number)s added.") % {"number": commitment.number})
        return _back_to_plan(plan, f"commitment-{commitment.pk}")
    return _form_page(request, "actionplans/commitment_form.html", {"plan": plan, "sector": plan.sector, "form": form})


@require_http_methods(["GET", "POST"])
def commitment_update(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    plan = plan_for_edit(request.user, code)
    commitment = selectors.commitment_get(plan=plan, pk=pk)
    form = CommitmentForm(request.POST or None, instance=commitment)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            services.commitment_update(
                commitment=commitment, by=request.user, version=form.cleaned_data["version"], **form.changes()
            )
        except services.EditConflict as error:
            conflict = _conflict(form, error.current)
        else:
            messages.success(request, _("Commitment %(number)s saved.") % {"number": commitment.number})
            return _back_to_plan(plan, f"commitment-{commitment.pk}")
    context = {"plan": plan, "sector": plan.sector, "form": form, "commitment": commitment, "conflict": conflict}
    return _form_page(request, "actionplans/commitment_form.html", context)


@require_http_methods(["GET", "POST"])
def commitment_delete(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    plan = plan_for_edit(request.user, code)
    commitment = selectors.commitment_get(plan=plan, pk=pk)
    error = None
    if request.method == "POST":
        try:
            services.commitment_delete(commitment=commitment, by=request.user)
        except ValidationError as exc:
            error = exc.messages[0]
        else:
            messages.success(request, _("Commitment %(number)s removed.") % {"number": commitment.number})
            return _back_to_plan(plan)
    context = {
        "plan": plan,
        "sector": plan.sector,
        "item": commitment,
        "item_number": f"{commitment.number})",
        "item_field": "statement",
        "error": error,
        "kind": _("commitment"),
        "cancel_url": plan.get_absolute_url(),
    }
    return render(request, "actionplans/confirm_remove.html", context, status=409 if error else 200)


@require_POST
def commitment_move(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    plan = plan_for_edit(request.user, code)
    commitment = selectors.commitment_get(plan=plan, pk=pk)
    direction = request.POST.get("direction", "")
    if direction not in ("up", "down"):
        raise BadParameter(_("Choose whether to move it up or down."))
    services.commitment_move(commitment=commitment, by=request.user, direction=direction)
    return _back_to_plan(plan, f"commitment-{commitment.pk}")


# -- initiatives ---------------------------------------------------------------------------
@require_http_methods(["GET", "POST"])
def initiative_create(request: HttpRequest, code: str, commitment_pk: int) -> HttpResponse:
    plan = plan_for_edit(request.user, code)
    commitment = selectors.commitment_get(plan=plan, pk=commitment_pk)
    form = InitiativeForm(request.POST or None, strategy=plan.strategy)
    if request.method == "POST" and form.is_valid():
        initiative = services.initiative_create(commitment=commitment, by=request.user, **form.changes())
        messages.success(request, sentence(_("Initiative “%(title)s” added."), title=shown_in(initiative, "title")))
        return _back_to_plan(plan, f"initiative-{initiative.pk}")
    context = {"plan": plan, "sector": plan.sector, "form": form, "commitment": commitment}
    return _form_page(request, "actionplans/initiative_form.html", context)


@require_GET
def initiative_detail(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    plan = plan_for_reading(request.user, code)
    initiative = selectors.initiative_get(plan=plan, pk=pk)
    context = {
        "plan": plan,
        "sector": plan.sector,
        "initiative": initiative,
        "entries": history.page(history.item_history(initiative), request.GET.get("page")),
        "can_edit": permissions.can_edit_plan(request.user, plan.sector),
        **pages.initiative_page.context(initiative=initiative, user=request.user),
    }
    return render(request, "actionplans/initiative_detail.html", context)


@require_http_methods(["GET", "POST"])
def initiative_update(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    plan = plan_for_edit(request.user, code)
    initiative = selectors.initiative_get(plan=plan, pk=pk)
    form = InitiativeForm(request.POST or None, instance=initiative, strategy=plan.strategy)
    next_url = _safe_next(request)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            services.initiative_update(
                initiative=initiative, by=request.user, version=form.cleaned_data["version"], **form.changes()
            )
        except services.EditConflict as error:
            conflict = _conflict(form, error.current)
        else:
            messages.success(
                request,
                sentence(
                    _("Initiative “%(title)s” saved."),
                    title=shown(form.cleaned_data["title_en"], form.cleaned_data["title_fr"]),
                ),
            )
            if request.htmx:
                return _initiative_row(request, plan, pk)
            if next_url:
                return redirect(next_url)
            return _back_to_plan(plan, f"initiative-{initiative.pk}")
    context = {
        "plan": plan,
        "sector": plan.sector,
        "form": form,
        "initiative": initiative,
        "commitment": initiative.commitment,
        "conflict": conflict,
        "next_url": next_url,
    }
    return _form_page(request, "actionplans/initiative_form.html", context)


def _initiative_row(request, plan, pk: int) -> HttpResponse:
    """The initiative's line of the plan page, as it stands now (for htmx swaps)."""
    initiative = selectors.initiative_row(plan=plan, pk=pk)
    presenters.decorate_initiative(
        initiative,
        initiative.commitment,
        urls=presenters.PlanUrls(plan.sector.code),
        months=presenters.MonthLabels(),
        can_edit=True,
    )
    context = {
        "plan": plan,
        "sector": plan.sector,
        "initiative": initiative,
        "commitment": initiative.commitment,
        "can_edit": True,
    }
    return render(request, "actionplans/plan_detail.html#initiative-row", context)


@require_POST
def initiative_move(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    plan = plan_for_edit(request.user, code)
    initiative = selectors.initiative_get(plan=plan, pk=pk)
    direction = request.POST.get("direction", "")
    if direction not in ("up", "down"):
        raise BadParameter(_("Choose whether to move it up or down."))
    services.initiative_move(initiative=initiative, by=request.user, direction=direction)
    return _back_to_plan(plan, f"initiative-{initiative.pk}")


@require_http_methods(["GET", "POST"])
def initiative_remove(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    plan = plan_for_edit(request.user, code)
    initiative = selectors.initiative_get(plan=plan, pk=pk)
    if request.method == "POST":
        outcome = services.initiative_remove(initiative=initiative, by=request.user)
        if outcome == "archived":
            messages.success(
                request,
                sentence(
                    _("“%(title)s” has KPI values, so it was archived rather than deleted; its records are kept."),
                    title=shown_in(initiative, "title"),
                ),
            )
        else:
            messages.success(request, sentence(_("“%(title)s” was removed."), title=shown_in(initiative, "title")))
        return _back_to_plan(plan)
    context = {
        "plan": plan,
        "sector": plan.sector,
        "item": initiative,
        "item_number": f"{initiative.commitment.number}.{initiative.number}",
        "item_field": "title",
        "kind": _("initiative"),
        "archives": services.initiative_has_records(initiative),
        "cancel_url": plan.get_absolute_url(),
    }
    return render(request, "actionplans/confirm_remove.html", context)


# -- KPIs ----------------------------------------------------------------------------------------
@require_http_methods(["GET", "POST"])
def kpi_create(request: HttpRequest, code: str, commitment_pk: int) -> HttpResponse:
    plan = plan_for_edit(request.user, code)
    commitment = selectors.commitment_get(plan=plan, pk=commitment_pk)
    form = KPIForm(request.POST or None, commitment=commitment)
    if request.method == "POST" and form.is_valid():
        kpi = services.kpi_create(commitment=commitment, by=request.user, **form.changes())
        messages.success(request, sentence(_("KPI “%(name)s” added."), name=shown_in(kpi, "name")))
        return redirect("actionplans:kpi-detail", code=plan.sector.code, pk=kpi.pk)
    return _form_page(
        request,
        "actionplans/kpi_form.html",
        {"plan": plan, "sector": plan.sector, "form": form, "commitment": commitment},
    )


@require_GET
def kpi_detail(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    plan = plan_for_reading(request.user, code)
    kpi = selectors.kpi_get(plan=plan, pk=pk)
    context = _kpi_context(request, plan, kpi, period_id=request.GET.get("period"))
    if request.htmx and request.htmx.target == "kpi-value-form":  # the quarter changed: its prefilled form
        return render(request, "actionplans/kpi_detail.html#value-form", context)
    return render(request, "actionplans/kpi_detail.html", context)


def _kpi_context(request, plan, kpi, form=None, period_id=None) -> dict:
    can_edit = permissions.can_edit_plan(request.user, plan.sector)
    page = selectors.kpi_page(kpi=kpi, published=not can_edit)
    periods, period, chooser = [], None, None
    if can_edit and not kpi.is_archived:
        periods = selectors.kpi_value_periods()
        if form is not None and form.is_bound:
            period_id = form.data.get("period")
        chosen = [p for p in periods if str(p.pk) == str(period_id or "")]
        period = chosen[0] if chosen else period_being_reported(periods, timezone.localdate())
        if form is None and period is not None:
            form = KPIValueForm(kpi=kpi, groups=page.groups, period=period, stored=page.stored_for(period))
        if period is not None:
            chooser = KPIPeriodChoiceForm(periods=periods, period=period)
    return {
        "plan": plan,
        "sector": plan.sector,
        "kpi": kpi,
        "page": page,
        "can_edit": can_edit,
        "form": form,
        "period": period,
        "chooser": chooser,
        "entries": history.page(history.kpi_history(kpi, published=not can_edit), request.GET.get("page")),
    }


@require_http_methods(["GET", "POST"])
def kpi_update(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    plan = plan_for_edit(request.user, code)
    kpi = selectors.kpi_get(plan=plan, pk=pk)
    form = KPIForm(request.POST or None, instance=kpi, commitment=kpi.commitment)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            services.kpi_update(kpi=kpi, by=request.user, version=form.cleaned_data["version"], **form.changes())
        except services.EditConflict as error:
            conflict = _conflict(form, error.current)
        else:
            messages.success(request, _("KPI saved."))
            return redirect("actionplans:kpi-detail", code=plan.sector.code, pk=kpi.pk)
    context = {
        "plan": plan,
        "sector": plan.sector,
        "form": form,
        "kpi": kpi,
        "commitment": kpi.commitment,
        "conflict": conflict,
    }
    return _form_page(request, "actionplans/kpi_form.html", context)


@require_http_methods(["GET", "POST"])
def kpi_remove(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    plan = plan_for_edit(request.user, code)
    kpi = selectors.kpi_get(plan=plan, pk=pk)
    if request.method == "POST":
        outcome = services.kpi_remove(kpi=kpi, by=request.user)
        if outcome == "archived":
            messages.success(
                request,
                sentence(
                    _("“%(name)s” has values, so it was archived rather than deleted; its values are kept."),
                    name=shown_in(kpi, "name"),
                ),
            )
        else:
            messages.success(request, sentence(_("“%(name)s” was removed."), name=shown_in(kpi, "name")))
        return _back_to_plan(plan)
    context = {
        "plan": plan,
        "sector": plan.sector,
        "item": kpi,
        "item_number": f"{kpi.commitment.number}.{kpi.number}",
        "item_field": "name",
        "kind": _("KPI"),
        "archives": kpi.values.exists(),
        "cancel_url": kpi.get_absolute_url(),
    }
    return render(request, "actionplans/confirm_remove.html", context)


@require_POST
def kpi_value_save(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    plan = plan_for_edit(request.user, code)
    kpi = selectors.kpi_get(plan=plan, pk=pk)
    groups = list(EquityGroup.objects.order_by("order")) if kpi.is_disaggregated else []
    form = KPIValueForm(request.POST, kpi=kpi, groups=groups)
    conflict = None
    if form.is_valid():
        period = form.cleaned_data["period"]
        try:
            services.kpi_values_save(
                kpi=kpi,
                period=period,
                by=request.user,
                values=form.values_to_save(),
                shown=form.shown_values(),
                **form.notes_to_save(),
            )
        except services.KPIValuesConflict as error:
            conflict = kpi_values_conflict(error, period=period, rows=form.conflict_rows(error))
        except ValidationError as error:
            form.add_error(None, error)  # field errors go to their field, the rest above the form
        else:
            messages.success(request, _("Values for %(period)s saved.") % {"period": period.label})
            if request.htmx:
                context = _kpi_context(request, plan, kpi, period_id=period.pk)
                return render(request, "actionplans/kpi_detail.html#values", context)
            url = reverse("actionplans:kpi-detail", kwargs={"code": plan.sector.code, "pk": kpi.pk})
            return redirect(f"{url}?{urlencode({'period': period.pk})}")
    context = _kpi_context(request, plan, kpi, form=form)
    if conflict is not None and context["period"] is not None:
        form.rebase(context["period"], context["page"].stored_for(context["period"]))
        url = reverse("actionplans:kpi-detail", kwargs={"code": plan.sector.code, "pk": kpi.pk})
        context.update(conflict=conflict, keep_theirs_url=f"{url}?{urlencode({'period': context['period'].pk})}")
    template = "actionplans/kpi_detail.html#values" if request.htmx else "actionplans/kpi_detail.html"
    return render(request, template, context, status=form_status(invalid=True, conflict=context.get("conflict")))


# -- conflicts -----------------------------------------------------------------------------------
def _conflict(form, current) -> dict:
    """Both versions side by side: what this person typed, and what is saved now (by whom, when)."""
    return conflict_context(form, current, form_differences(form, current, form.changes()))


def kpi_values_conflict(error: services.KPIValuesConflict, *, period, rows: list[dict]) -> dict:
    """What ``includes/conflict.html`` shows for KPI values someone else saved or cleared after
    the form showed them: the values in question, and who changed the latest of them, when."""
    return conflict_panel(rows, selectors.kpi_values_last_change(period=period, values=list(error.current)))
