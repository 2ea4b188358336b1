"""Forms for editing a plan in the browser: fields and validation only; services save."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.concurrency import conflict_rows
from core.forms import (
    DateInput,
    LanguageSelect,
    LocalDecimalField,
    VersionedForm,
    both_languages,
    choice_text,
    number_changed,
    shown_decimal,
    shown_number,
)
from periods.models import ReportingPeriod

from .models import KPI, Commitment, EquityGroup, Initiative, KPIValue, Phase


class CommitmentForm(VersionedForm):
    class Meta:
        model = Commitment
        fields = [
            "statement_en",
            "statement_fr",
            "key_leads_en",
            "key_leads_fr",
            "supporting_units_en",
            "supporting_units_fr",
        ]
        labels = {
            "statement_en": _("Statement (English)"),
            "statement_fr": _("Statement (French)"),
            "key_leads_en": _("Key leads (English)"),
            "key_leads_fr": _("Key leads (French)"),
            "supporting_units_en": _("Supporting units (English)"),
            "supporting_units_fr": _("Supporting units (French)"),
        }
        widgets = {"statement_en": forms.Textarea(attrs={"rows": 3}), "statement_fr": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "key_leads_en": _("Units that lead, for example ARTF."),
            "supporting_units_en": _("For example IDOL, BEN, Comms."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        both_languages(self)


class InitiativeForm(VersionedForm):
    phases = forms.ModelMultipleChoiceField(
        queryset=Phase.objects.none(), required=False, widget=forms.CheckboxSelectMultiple, label=_("Phases")
    )
    equity_groups = forms.ModelMultipleChoiceField(
        queryset=EquityGroup.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Equity groups served"),
    )

    class Meta:
        model = Initiative
        fields = [
            "title_en",
            "title_fr",
            "description_en",
            "description_fr",
            "lead_en",
            "lead_fr",
            "supporting_units_en",
            "supporting_units_fr",
            "scope",
            "equity_groups",
            "phases",
            "planned_start",
            "planned_end",
            "status",
        ]
        labels = {
            "title_en": _("Title (English)"),
            "title_fr": _("Title (French)"),
            "description_en": _("Description (English)"),
            "description_fr": _("Description (French)"),
            "lead_en": _("Lead (English)"),
            "lead_fr": _("Lead (French)"),
            "supporting_units_en": _("Supporting units (English)"),
            "supporting_units_fr": _("Supporting units (French)"),
        }
        widgets = {
            "description_en": forms.Textarea(attrs={"rows": 3}),
            "description_fr": forms.Textarea(attrs={"rows": 3}),
            "planned_start": DateInput(),
            "planned_end": DateInput(),
        }

    def __init__(self, *args, strategy=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phases"].queryset = Phase.objects.filter(strategy=strategy).order_by("number")
        if self.instance.pk and not self.is_bound:
            self.initial["phases"] = list(self.instance.phases.all())
            self.initial["equity_groups"] = list(self.instance.equity_groups.all())
        both_languages(self)


class KPIForm(VersionedForm):
    class Meta:
        model = KPI
        fields = [
            "name_en",
            "name_fr",
            "initiative",
            "unit",
            "direction",
            "baseline_value",
            "baseline_date",
            "target_value",
            "target_date",
            "data_source_en",
            "data_source_fr",
            "is_disaggregated",
        ]
        labels = {
            "name_en": _("Indicator (English)"),
            "name_fr": _("Indicator (French)"),
            "data_source_en": _("Data source (English)"),
            "data_source_fr": _("Data source (French)"),
        }
        widgets = {"baseline_date": DateInput(), "target_date": DateInput(), "initiative": LanguageSelect()}

    def __init__(self, *args, commitment=None, **kwargs):
        super().__init__(*args, **kwargs)
        initiatives = self.fields["initiative"]
        initiatives.queryset = Initiative.objects.filter(commitment=commitment, is_archived=False).select_related(
            "commitment"
        )
        initiatives.required = False
        initiatives.label_from_instance = lambda i: choice_text(i, "title", before=f"{i.commitment.number}.{i.number} ")
        both_languages(self)


def _same_text(a, b) -> bool:
    return (a or "").replace("\r\n", "\n").strip() == (b or "").replace("\r\n", "\n").strip()


class KPIPeriodChoiceForm(forms.Form):
    """Which quarter's values to show (a GET form: it works without JavaScript)."""

    period = forms.ModelChoiceField(
        queryset=ReportingPeriod.objects.none(),
        label=_("Reporting period"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def __init__(self, *args, periods, period, **kwargs):
        kwargs.setdefault("auto_id", "choose_%s")  # the values form has its own (hidden) period field
        super().__init__(*args, **kwargs)
        field = self.fields["period"]
        field.queryset = ReportingPeriod.objects.accepting_values()
        field.choices = [(p.pk, p.label) for p in periods]  # the list the view already read: no query
        self.initial["period"] = period.pk if period else None


class KPIValueForm(forms.Form):
    """One quarter's values of a KPI: all groups with its note, and one per group when disaggregated.

    Each field is rendered with the value stored for the quarter, and a hidden ``shown_`` copy of
    it. On save only the fields the person changed are written: an emptied field clears that
    value, a field left as shown keeps whatever is stored (even if someone saved it meanwhile).
    A changed field whose stored value is no longer the one shown is someone else's change: the
    service refuses it, and ``conflict_rows`` and ``rebase`` show both versions.
    """

    period = forms.ModelChoiceField(queryset=ReportingPeriod.objects.none(), widget=forms.HiddenInput)
    value = LocalDecimalField(label=_("Value (all groups)"), required=False)
    note_en = forms.CharField(
        label=_("Note (English)"),
        required=False,
        max_length=KPIValue._meta.get_field("note_en").max_length,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    note_fr = forms.CharField(
        label=_("Note (French)"),
        required=False,
        max_length=KPIValue._meta.get_field("note_fr").max_length,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, data=None, *, kpi: KPI, groups=(), period: ReportingPeriod | None = None, stored=None):
        super().__init__(data)
        self.kpi = kpi
        # Any period: a closed one is refused by the value's own rule, in words (not "invalid choice").
        self.fields["period"].queryset = ReportingPeriod.objects.all()
        self.group_fields = []
        if kpi.is_disaggregated:
            for group in groups:
                name = f"group_{group.code}"
                self.fields[name] = LocalDecimalField(label=group.name, required=False)
                self.group_fields.append((name, group))
        self.compared = ["value", "note_en", "note_fr"] + [name for name, _group in self.group_fields]
        for name in self.compared:
            self.fields[f"shown_{name}"] = forms.CharField(required=False, widget=forms.HiddenInput)
        if not self.is_bound and period is not None:
            self.initial.update(self.stored_initial(period, stored or {}))
        both_languages(self)

    def stored_initial(self, period, stored: dict) -> dict:
        """The quarter's stored values as the fields show them; ``stored`` maps a group id (None: all) to a value."""
        total = stored.get(None)
        initial = {
            "period": period.pk,
            "value": shown_number(total.value) if total else "",
            "note_en": (total.note_en or "") if total else "",
            "note_fr": (total.note_fr or "") if total else "",
        }
        for name, group in self.group_fields:
            value = stored.get(group.pk)
            initial[name] = shown_number(value.value) if value else ""
        initial.update({f"shown_{name}": initial[name] for name in self.compared})
        return initial

    def _changed(self, name: str) -> bool:
        shown = self.data.get(f"shown_{name}")
        if name.startswith("note_"):
            return not _same_text(self.cleaned_data.get(name), shown)
        return number_changed(self.cleaned_data.get(name), shown)

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        notes_typed = any(not _same_text(data.get(name), "") for name in ("note_en", "note_fr"))
        notes_changed = self._changed("note_en") or self._changed("note_fr")
        if data.get("value") is None and notes_typed and (notes_changed or self._changed("value")):
            self.add_error("value", _("Enter the value for all groups to keep a note with it."))
        return data

    def values_to_save(self) -> dict:
        """{group (None: all groups): new value or None to clear}, for the fields the person changed."""
        changes = {}
        if self._changed("value"):
            changes[None] = self.cleaned_data["value"]
        for name, group in self.group_fields:
            if self._changed(name):
                changes[group] = self.cleaned_data[name]
        return changes

    def notes_to_save(self) -> dict:
        """The notes the person changed (a note left as shown is not sent, so it stays as stored)."""
        return {name: self.cleaned_data[name] for name in ("note_en", "note_fr") if self._changed(name)}

    def shown_values(self) -> dict:
        """{group (None: all groups): its fields as the form showed them}, for the service to compare."""
        shown = {
            None: {
                "value": shown_decimal(self.data.get("shown_value")),
                "note_en": self.data.get("shown_note_en") or "",
                "note_fr": self.data.get("shown_note_fr") or "",
            }
        }
        for name, group in self.group_fields:
            shown[group] = {"value": shown_decimal(self.data.get(f"shown_{name}"))}
        return shown

    def _field_name(self, group_id, field: str) -> str | None:
        if group_id is None:
            return field
        return next((name for name, group in self.group_fields if group.pk == group_id and field == "value"), None)

    def conflict_rows(self, conflict) -> list[dict]:
        """For each value someone else changed: what this person typed, and what is stored now."""
        rows = []
        for _kpi_id, group_id, field in conflict.fields:
            name = self._field_name(group_id, field)
            if name is None:
                continue
            stored = conflict.current.get((self.kpi.pk, group_id))
            if field == "value":
                theirs = shown_number(stored.value) if stored else ""
            else:
                theirs = (getattr(stored, field) or "") if stored else ""
            rows.append((self.fields[name].label, self.data.get(name, ""), theirs))
        return conflict_rows(rows, every=True)  # each one differs: someone changed it since it was shown

    def rebase(self, period, stored: dict) -> None:
        """After a conflict the form starts from what is stored now: the fields this person changed
        keep what they typed, the others show the stored value; "Save" then keeps their version."""
        now = self.stored_initial(period, stored)
        changed = {name for name in self.compared if name in self.cleaned_data and self._changed(name)}
        data = self.data.copy()
        for name in self.compared:
            data[f"shown_{name}"] = now[name]
            if name not in changed:
                data[name] = now[name]
        self.data = data
