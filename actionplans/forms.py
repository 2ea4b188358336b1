"""Forms for editing a plan in the browser: fields and validation only; services save."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _

from reporting.models import ReportingPeriod
from spreadsheets.widgets import parse_decimal

from .models import KPI, Commitment, EquityGroup, Initiative, Phase


class DateInput(forms.DateInput):
    input_type = "date"

    def format_value(self, value):
        return value.isoformat() if hasattr(value, "isoformat") else value


class VersionedForm(forms.ModelForm):
    """Carries the version the person started from, so a later save can tell if someone else saved."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["version"] = self.instance.version
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True

    def changes(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("version", None)
        return data


class CommitmentForm(VersionedForm):
    class Meta:
        model = Commitment
        fields = ["statement_en", "statement_fr", "key_leads", "supporting_units"]
        labels = {
            "statement_en": _("Statement (English)"),
            "statement_fr": _("Statement (French)"),
        }
        widgets = {"statement_en": forms.Textarea(attrs={"rows": 3}), "statement_fr": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "key_leads": _("Units that lead, for example ARTF."),
            "supporting_units": _("For example IDOL, BEN, Comms."),
        }


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
            "lead",
            "supporting_units",
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
        widgets = {"baseline_date": DateInput(), "target_date": DateInput()}

    def __init__(self, *args, commitment=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["initiative"].queryset = Initiative.objects.filter(commitment=commitment, is_archived=False)
        self.fields["initiative"].required = False


class LocalDecimalField(forms.CharField):
    """A number as people type it (12.5 or 12,5); blank clears the value."""

    def to_python(self, value):
        value = super().to_python(value)
        try:
            return parse_decimal(value)
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None


class KPIValueForm(forms.Form):
    """The value of a KPI for one period: one field for all groups, and one per group when disaggregated."""

    period = forms.ModelChoiceField(queryset=ReportingPeriod.objects.none(), label=_("Reporting period"))
    value = LocalDecimalField(label=_("Value (all groups)"), required=False)
    note_en = forms.CharField(label=_("Note (English)"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    note_fr = forms.CharField(label=_("Note (French)"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, kpi: KPI, groups=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.kpi = kpi
        self.fields["period"].queryset = ReportingPeriod.objects.open().order_by("-fiscal_year", "-quarter")
        self.fields["period"].label_from_instance = lambda period: period.label
        if not self.is_bound:
            self.initial["period"] = self.fields["period"].queryset.first()
        self.group_fields = []
        if kpi.is_disaggregated:
            for group in groups:
                name = f"group_{group.code}"
                self.fields[name] = LocalDecimalField(label=group.name, required=False)
                self.group_fields.append((name, group))
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
