from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline, TranslationTabularInline
from simple_history.admin import SimpleHistoryAdmin

from sectors import permissions
from spreadsheets.admin import SpreadsheetAdmin

from .models import KPI, ActionPlan, Commitment, EquityGroup, Initiative, KPIValue, Phase, Strategy
from .resources import InitiativeResource, KPIResource, KPIValueResource


class HistoryTranslationAdmin(SimpleHistoryAdmin, TranslationAdmin):
    pass


class SectorScopedAdmin:
    """In the admin too, non-superusers see and change only their own sectors' rows.

    ARTF staff and superusers are unrestricted; spreadsheet imports, which can touch any
    sector, are for them only. Foreign-key choices are limited the same way, so nobody can
    attach a row to another sector's plan.
    """

    sector_path = "commitment__plan__sector"
    scoped_foreign_keys: dict[str, str] = {}

    def _unrestricted(self, request) -> bool:
        return request.user.is_superuser or permissions.is_artf(request.user)

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if self._unrestricted(request):
            return queryset
        return queryset.filter(**{f"{self.sector_path}__in": permissions.editable_sector_ids(request.user)})

    def _sector_of(self, obj):
        for part in self.sector_path.split("__"):
            obj = getattr(obj, part)
        return obj

    def _may_touch(self, request, obj) -> bool:
        return (
            obj is None or self._unrestricted(request) or permissions.can_edit_plan(request.user, self._sector_of(obj))
        )

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._may_touch(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._may_touch(request, obj)

    def has_import_permission(self, request):
        return super().has_import_permission(request) and self._unrestricted(request)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        path = self.scoped_foreign_keys.get(db_field.name)
        if path is not None and not self._unrestricted(request):
            kwargs["queryset"] = db_field.related_model.objects.filter(
                **{f"{path}__in": permissions.editable_sector_ids(request.user)}
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class VersionCheckedAdminForm(forms.ModelForm):
    """Carries the version the admin opened; a save after someone else's is refused, not overwriting it."""

    seen_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:  # also when bound: the field itself is not a change
            self.initial["seen_version"] = getattr(self.instance, "version", None)

    def clean(self):
        data = super().clean()
        seen = data.get("seen_version")
        if self.instance.pk and seen is not None and seen != getattr(self.instance, "version", seen):
            raise ValidationError(
                _(
                    "Someone else changed this item after you opened it, so nothing was saved. "
                    "Open it again to see their change, then make yours."
                ),
                code="conflict",
            )
        return data


class VersionBumpAdmin:
    """An admin save of a versioned row (commitment, initiative, KPI, KPI value) is an edit like any other:
    its version goes up, so someone who opened the same item on the site before is told of the
    change instead of overwriting it. Rows edited through an inline count the same way."""

    form = VersionCheckedAdminForm

    def save_model(self, request, obj, form, change):
        if change and form.has_changed() and hasattr(obj, "version"):
            _bump_version(obj)
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        for inline_form in formset.initial_forms:
            instance = inline_form.instance
            deleted = formset.can_delete and formset._should_delete_form(inline_form)
            if hasattr(instance, "version") and instance.pk and inline_form.has_changed() and not deleted:
                _bump_version(instance)
        super().save_formset(request, form, formset, change)


def _bump_version(obj) -> None:
    """The next version, read under a row lock (the admin saves in a transaction)."""
    current = type(obj).objects.select_for_update().filter(pk=obj.pk).values_list("version", flat=True).get()
    obj.version = current + 1


class ClosedPeriodValueFormSet(BaseInlineFormSet):
    """KPI values of a closed quarter cannot be removed from the KPI's admin page either."""

    def clean(self):
        super().clean()
        for form in self.deleted_forms:
            if form.instance.pk:
                try:
                    form.instance.check_period_open()
                except ValidationError as error:
                    raise ValidationError(error.messages) from None


@admin.register(EquityGroup)
class EquityGroupAdmin(HistoryTranslationAdmin):
    list_display = ("code", "name", "order")
    search_fields = ("code", "name_en", "name_fr")
    ordering = ("order",)


class PhaseInline(TranslationTabularInline):
    model = Phase
    extra = 0


@admin.register(Strategy)
class StrategyAdmin(HistoryTranslationAdmin):
    list_display = ("name", "start_date", "end_date")
    search_fields = ("name_en", "name_fr")
    inlines = [PhaseInline]


@admin.register(Phase)
class PhaseAdmin(HistoryTranslationAdmin):
    list_display = ("number", "name", "strategy", "start_date", "end_date")
    list_filter = ("strategy",)
    search_fields = ("name_en", "name_fr")
    list_select_related = ("strategy",)


class CommitmentInline(TranslationStackedInline):
    model = Commitment
    extra = 0
    fields = ("number", "statement", "key_leads", "supporting_units")
    show_change_link = True


@admin.register(ActionPlan)
class ActionPlanAdmin(VersionBumpAdmin, SectorScopedAdmin, SimpleHistoryAdmin):
    sector_path = "sector"
    scoped_foreign_keys = {"sector": "pk"}

    list_display = ("sector", "strategy", "status", "commitment_count", "updated_at")
    list_filter = ("status", "strategy", "sector")
    search_fields = ("sector__code", "sector__name_en", "sector__name_fr")
    list_select_related = ("sector", "strategy")
    inlines = [CommitmentInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(commitment_total=Count("commitments"))

    @admin.display(description=_("commitments"), ordering="commitment_total")
    def commitment_count(self, obj):
        return obj.commitment_total


class InitiativeInline(TranslationStackedInline):
    model = Initiative
    extra = 0
    fields = ("number", "title", "lead", "scope", "status", "planned_start", "planned_end", "is_archived")
    show_change_link = True


class KPIInline(TranslationStackedInline):
    model = KPI
    extra = 0
    fk_name = "commitment"
    fields = ("number", "name", "unit", "direction", "baseline_value", "baseline_date", "target_value", "target_date")
    show_change_link = True


@admin.register(Commitment)
class CommitmentAdmin(VersionBumpAdmin, SectorScopedAdmin, HistoryTranslationAdmin):
    sector_path = "plan__sector"
    scoped_foreign_keys = {"plan": "sector"}

    list_display = ("__str__", "sector_code", "key_leads", "supporting_units")
    list_filter = ("plan__sector", "plan__strategy")
    search_fields = ("statement_en", "statement_fr", "key_leads_en", "key_leads_fr", "plan__sector__code")
    list_select_related = ("plan__sector",)
    inlines = [InitiativeInline, KPIInline]

    @admin.display(description=_("sector"), ordering="plan__sector__code")
    def sector_code(self, obj):
        return obj.plan.sector.code


@admin.register(Initiative)
class InitiativeAdmin(VersionBumpAdmin, SectorScopedAdmin, SpreadsheetAdmin, HistoryTranslationAdmin):
    scoped_foreign_keys = {"commitment": "plan__sector"}

    resource_classes = [InitiativeResource]
    list_display = ("__str__", "sector_code", "lead", "scope", "status", "planned_start", "planned_end", "is_archived")
    list_filter = ("status", "scope", "is_archived", "phases", "equity_groups", "commitment__plan__sector")
    search_fields = ("title_en", "title_fr", "lead_en", "lead_fr", "commitment__plan__sector__code")
    list_select_related = ("commitment__plan__sector",)
    filter_horizontal = ("phases", "equity_groups")
    date_hierarchy = "planned_end"

    @admin.display(description=_("sector"), ordering="commitment__plan__sector__code")
    def sector_code(self, obj):
        return obj.commitment.plan.sector.code


class KPIValueInline(TranslationTabularInline):
    model = KPIValue
    form = VersionCheckedAdminForm  # a value someone saved since the page opened is not overwritten
    formset = ClosedPeriodValueFormSet
    extra = 0
    fields = ("period", "equity_group", "value", "note", "seen_version")


@admin.register(KPI)
class KPIAdmin(VersionBumpAdmin, SectorScopedAdmin, SpreadsheetAdmin, HistoryTranslationAdmin):
    scoped_foreign_keys = {"commitment": "plan__sector", "initiative": "commitment__plan__sector"}

    resource_classes = [KPIResource]
    list_display = (
        "name",
        "sector_code",
        "unit",
        "direction",
        "baseline_value",
        "target_value",
        "target_date",
        "is_disaggregated",
    )
    list_filter = ("unit", "direction", "is_disaggregated", "commitment__plan__sector")
    search_fields = ("name_en", "name_fr", "commitment__plan__sector__code")
    list_select_related = ("commitment__plan__sector",)
    raw_id_fields = ("commitment", "initiative")
    inlines = [KPIValueInline]

    @admin.display(description=_("sector"), ordering="commitment__plan__sector__code")
    def sector_code(self, obj):
        return obj.commitment.plan.sector.code


@admin.register(KPIValue)
class KPIValueAdmin(VersionBumpAdmin, SectorScopedAdmin, SpreadsheetAdmin, HistoryTranslationAdmin):
    sector_path = "kpi__commitment__plan__sector"
    scoped_foreign_keys = {"kpi": "commitment__plan__sector"}

    resource_classes = [KPIValueResource]
    list_display = ("kpi", "sector_code", "period", "equity_group", "value", "updated_at")
    list_filter = ("period", "equity_group", "kpi__commitment__plan__sector")
    search_fields = ("kpi__name_en", "kpi__name_fr", "kpi__commitment__plan__sector__code")
    list_select_related = ("kpi__commitment__plan__sector", "period", "equity_group")
    raw_id_fields = ("kpi",)

    @admin.display(description=_("sector"), ordering="kpi__commitment__plan__sector__code")
    def sector_code(self, obj):
        return obj.kpi.commitment.plan.sector.code

    def get_readonly_fields(self, request, obj=None):
        # A value stays the value of its KPI, quarter and group: moving it would change two quarters.
        fields = super().get_readonly_fields(request, obj)
        return (*fields, "kpi", "period", "equity_group") if obj is not None else fields

    def has_delete_permission(self, request, obj=None):
        # The rule is the value's own (a closed quarter's values no longer change).
        return super().has_delete_permission(request, obj) and (obj is None or not obj.period.is_closed)

    def get_actions(self, request):
        # No bulk delete: it would bypass the closed-quarter rule; values are removed one by one.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions
