"""Forms of the reporting cycle: fields and validation only; services save."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from actionplans.models import Initiative
from core.concurrency import conflict_rows
from core.forms import DateInput, LocalDecimalField, VersionField, number_changed, shown_decimal, shown_number
from core.html import format_html
from core.text import marked, shown_in, wanted

from .models import InitiativeUpdate, QuarterlyReport, ReportComment, ReportEvent, ReportingPeriod


def limit(model, name: str) -> int:
    """A text field's length limit, as the model sets it (the form shows it and checks it too)."""
    return model._meta.get_field(name).max_length


class PeriodOpenForm(forms.Form):
    """Open a fiscal quarter for reporting, with the day it opens and the due date."""

    fiscal_year = forms.IntegerField(
        label=_("Fiscal year (starting year)"),
        min_value=2000,
        max_value=2100,
        help_text=_("The year in which the fiscal year starts in April: 2025 for 2025-26."),
    )
    quarter = forms.TypedChoiceField(
        label=_("Quarter"),
        coerce=int,
        choices=[
            (1, _("Q1 (April to June)")),
            (2, _("Q2 (July to September)")),
            (3, _("Q3 (October to December)")),
            (4, _("Q4 (January to March)")),
        ],
    )
    opens_on = forms.DateField(label=_("Opens on"), widget=DateInput)
    due_date = forms.DateField(label=_("Reports due on"), widget=DateInput)

    def __init__(self, *args, period: ReportingPeriod | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if period is not None and not self.is_bound:
            self.initial.update(
                fiscal_year=period.fiscal_year,
                quarter=period.quarter,
                opens_on=period.opens_on,
                due_date=period.due_date,
            )
        elif not self.is_bound:
            self.initial.setdefault("opens_on", timezone.localdate())

    def clean(self):
        data = super().clean()
        if data.get("opens_on") and data.get("due_date") and data["due_date"] < data["opens_on"]:
            self.add_error("due_date", _("The due date cannot be before the opening day."))
        return data


class ReportForm(forms.Form):
    """A report's sections, one fieldset per initiative, and the period's KPI values."""

    version = VersionField()
    highlights = forms.CharField(
        label=_("Highlights"),
        required=False,
        max_length=limit(QuarterlyReport, "highlights"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What went well this quarter, in a few sentences."),
    )
    top_actions = forms.CharField(
        label=_("Top actions of the quarter"),
        required=False,
        max_length=limit(QuarterlyReport, "top_actions"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The actions ARTF may quote in the ministerial tracker, one per line."),
    )
    challenges = forms.CharField(
        label=_("Challenges"),
        required=False,
        max_length=limit(QuarterlyReport, "challenges"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    support_needed = forms.CharField(
        label=_("Support needed from ARTF"),
        required=False,
        max_length=limit(QuarterlyReport, "support_needed"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    language = forms.ChoiceField(
        label=_("This report is written in"),
        choices=[("en", _("English")), ("fr", _("French"))],
        required=False,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
        help_text=_("Pages in the other language mark its texts as written in this language."),
    )

    def __init__(self, *args, page, **kwargs):
        super().__init__(*args, **kwargs)
        self.page = page
        report = page.report
        if not self.is_bound:
            self.initial["version"] = report.version if report else 0
            self.initial["language"] = (report.language if report else "") or wanted()
            for name in QuarterlyReport.TEXT_SECTIONS:
                self.initial[name] = getattr(report, name) if report else ""
        self.initiative_rows = []
        for initiative in page.initiatives:
            prefix = f"i{initiative.pk}"
            update = initiative.update
            label = format_html(
                "{}.{} {}", initiative.commitment.number, initiative.number, marked(shown_in(initiative, "title"))
            )
            self.fields[f"{prefix}-status"] = forms.ChoiceField(
                label=_("Status"),
                choices=Initiative.Status.choices,
                initial=update.status if update else initiative.status,
            )
            self.fields[f"{prefix}-percent"] = forms.IntegerField(
                label=_("Percent done"),
                min_value=0,
                max_value=100,
                required=False,
                initial=update.percent_done if update else None,
            )
            self.fields[f"{prefix}-narrative"] = forms.CharField(
                label=_("Update for the quarter"),
                required=False,
                max_length=limit(InitiativeUpdate, "narrative"),
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=update.narrative if update else "",
            )
            self.initiative_rows.append(
                {
                    "initiative": initiative,
                    "legend": label,
                    "status": self[f"{prefix}-status"],
                    "percent": self[f"{prefix}-percent"],
                    "narrative": self[f"{prefix}-narrative"],
                }
            )
        self.kpi_rows = []
        for kpi in page.kpis:
            name = f"kpi-{kpi.pk}"
            shown = shown_number(kpi.period_value)
            self.fields[name] = LocalDecimalField(
                label=format_html(
                    "{}.{} {} ({})",
                    kpi.commitment.number,
                    kpi.number,
                    marked(shown_in(kpi, "name")),
                    kpi.get_unit_display(),
                ),
                required=False,
                initial=shown,
            )
            # What the field showed: a value is written only when the person changed it.
            self.fields[f"{name}-shown"] = forms.CharField(required=False, widget=forms.HiddenInput, initial=shown)
            self.kpi_rows.append({"kpi": kpi, "field": self[name], "shown": self[f"{name}-shown"]})

    def sections(self) -> dict[str, str]:
        return {name: self.cleaned_data.get(name, "") for name in QuarterlyReport.TEXT_SECTIONS}

    def updates(self) -> dict[int, dict]:
        result = {}
        for initiative in self.page.initiatives:
            prefix = f"i{initiative.pk}"
            narrative = self.cleaned_data.get(f"{prefix}-narrative", "")
            percent = self.cleaned_data.get(f"{prefix}-percent")
            status = self.cleaned_data.get(f"{prefix}-status")
            if initiative.update is None and not narrative and percent is None and status == initiative.status:
                continue  # nothing said about it yet: no empty row
            result[initiative.pk] = {"status": status, "percent_done": percent, "narrative": narrative}
        return result

    def kpi_values(self) -> dict[int, object]:
        """The period's values (all groups) the person changed: an emptied field clears, one left as shown is not sent."""
        result = {}
        for kpi in self.page.kpis:
            name = f"kpi-{kpi.pk}"
            if number_changed(self.cleaned_data.get(name), self.data.get(f"{name}-shown")):
                result[kpi.pk] = self.cleaned_data.get(name)
        return result

    def kpi_shown(self) -> dict[int, object]:
        """Each KPI's value as the form showed it, for the service to compare with what is stored now."""
        return {kpi.pk: shown_decimal(self.data.get(f"kpi-{kpi.pk}-shown")) for kpi in self.page.kpis}

    def kpi_conflict_rows(self, conflict) -> list[dict]:
        """For each value someone else changed since the form showed it: what this person typed, what is stored."""
        rows = []
        for kpi_id, group_id, _field in conflict.fields:
            name = f"kpi-{kpi_id}"
            if group_id is None and name in self.fields:
                stored = conflict.current.get((kpi_id, None))
                theirs = shown_number(stored.value) if stored else ""
                rows.append((self.fields[name].label, self.data.get(name, ""), theirs))
        return conflict_rows(rows, every=True)  # each one differs: someone changed it since it was shown

    def kpi_rebase(self, conflict) -> None:
        """After a conflict the KPI fields start from what is stored now: a field this person changed
        keeps what they typed, the others show the stored value; saving again keeps their version."""
        changed = set(self.kpi_values())
        data = self.data.copy()
        for kpi in self.page.kpis:
            name = f"kpi-{kpi.pk}"
            if (kpi.pk, None) in conflict.current:  # read under the save's lock
                stored = conflict.current[(kpi.pk, None)]
                now = shown_number(stored.value) if stored else ""
            else:  # read as this request began
                now = shown_number(kpi.period_value)
            data[f"{name}-shown"] = now
            if kpi.pk not in changed:
                data[name] = now
        self.data = data


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=limit(ReportEvent, "reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )


class CommentForm(forms.Form):
    section = forms.ChoiceField(label=_("Section"), choices=QuarterlyReport.Section.choices)
    body = forms.CharField(
        label=_("Comment"), max_length=limit(ReportComment, "body"), widget=forms.Textarea(attrs={"rows": 2})
    )
