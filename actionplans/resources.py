"""Spreadsheet import and export of the action plan (Annex D), KPIs and KPI values.

Every row names its parents by natural key: sector code, commitment number, KPI number,
period label. The Annex D sheet creates missing commitments from its commitment columns,
and blank sector and commitment cells take the value above, as in the deck's merged cells.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db import connection
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export.fields import Field

from core.concurrency import bump_version
from core.numbers import parse_decimal
from periods.calendar import period_key
from periods.models import ReportingPeriod
from sectors.models import Sector
from sectors.resources import clean_code
from spreadsheets.resources import SpreadsheetResource, is_blank, is_clear
from spreadsheets.widgets import ChoiceWidget, DateWidget, DecimalWidget, PositiveIntegerWidget, TextWidget, YesNoWidget

from .models import KPI, ActionPlan, Commitment, EquityGroup, Initiative, KPIValue, Phase, Strategy

_LIST_SPLIT = re.compile(r"[;,\n]+")
TEXT = TextWidget()


def _sort_key(text: str):
    return (0, int(text), "") if text.isdigit() else (1, 0, text)


def _number(value) -> int | None:
    """A whole number from a key cell, or None when it is not one (the field check says why)."""
    try:
        number = parse_decimal(value)
    except ValueError:
        return None
    if number is None or number != number.to_integral_value():
        return None
    return int(number)


LINKS_PER_STATEMENT = 400


def set_links(descriptor, pairs: list[tuple[int, list[int]]], *, replace: set[int]) -> None:
    """Write the many-to-many links of many rows at once: one delete for the rows that had
    links before (``replace``), then one multi-row insert per 400 links."""
    if not pairs:
        return
    through = descriptor.through
    source = descriptor.field.m2m_column_name()
    target = descriptor.field.m2m_reverse_name()
    if replace:
        through.objects.filter(**{f"{source}__in": sorted(replace)}).delete()
    rows = [(pk, other) for pk, others in pairs for other in others]
    quote = connection.ops.quote_name
    insert = f"INSERT INTO {quote(through._meta.db_table)} ({quote(source)}, {quote(target)}) VALUES "  # noqa: S608 -- identifiers from the model's meta, quoted; values are parameters
    with connection.cursor() as cursor:
        for start in range(0, len(rows), LINKS_PER_STATEMENT):
            chunk = rows[start : start + LINKS_PER_STATEMENT]
            cursor.execute(insert + ", ".join(["(%s, %s)"] * len(chunk)), [value for row in chunk for value in row])


class PlanReferences:
    """Sectors, plans, commitments, phases and groups of the current strategy, loaded once per file."""

    def __init__(self):
        self.strategy = Strategy.objects.current()
        self.sectors = {s.code.upper(): s for s in Sector.objects.all()}
        self.plans = {p.sector_id: p for p in ActionPlan.objects.filter(strategy=self.strategy)}
        self.commitments = {
            (c.plan.sector_id, c.number): c
            for c in Commitment.objects.filter(plan__strategy=self.strategy).select_related("plan")
        }
        self.phases = {p.number: p for p in Phase.objects.filter(strategy=self.strategy)}
        self._phase_cache: dict[str, list[Phase]] = {}
        self.groups = {}
        for group in EquityGroup.objects.all():
            for name in (group.code, group.name_en, group.name_fr):
                if name:
                    self.groups[name.strip().lower()] = group

    def sector(self, value) -> Sector:
        code = clean_code(value)
        if not code:
            raise ValidationError({"Sector": _("Give the sector's code, for example CSS.")})
        sector = self.sectors.get(code)
        if sector is None:
            raise ValidationError(
                {
                    "Sector": _("There is no sector with the code “%(code)s”. Known codes: %(codes)s.")
                    % {"code": value, "codes": ", ".join(sorted(self.sectors))}
                }
            )
        return sector

    def plan(self, sector: Sector) -> ActionPlan:
        plan = self.plans.get(sector.pk)
        if plan is None:
            if self.strategy is None:
                raise ValidationError(_("There is no strategy yet: create one before importing plans."))
            plan = ActionPlan.objects.create(sector=sector, strategy=self.strategy)
            self.plans[sector.pk] = plan
        return plan

    def commitment_number(self, value) -> int:
        number = _number(value)
        if number is None or number < 1:
            raise ValidationError(
                {"Commitment no.": _("“%(value)s” is not a commitment number (1, 2, 3 …).") % {"value": value or ""}}
            )
        return number

    def commitment(self, sector: Sector, number: int) -> Commitment:
        commitment = self.commitments.get((sector.pk, number))
        if commitment is None:
            raise ValidationError(
                {
                    "Commitment no.": _("%(sector)s has no commitment %(number)s. Import the action plan first.")
                    % {"sector": sector.code, "number": number}
                }
            )
        return commitment

    def phase_list(self, value) -> list[Phase]:
        key = str(value or "")
        if key not in self._phase_cache:
            self._phase_cache[key] = self._parse_phases(key)
        return self._phase_cache[key]

    def _parse_phases(self, value) -> list[Phase]:
        phases = []
        for part in _LIST_SPLIT.split(str(value or "")):
            part = part.strip()
            if not part:
                continue
            digits = re.search(r"\d+", part)
            phase = self.phases.get(int(digits.group())) if digits else None
            if phase is None:
                raise ValidationError(
                    {
                        "Phases": _("“%(value)s” is not a phase of the strategy. Use the phase numbers %(numbers)s.")
                        % {"value": part, "numbers": ", ".join(str(n) for n in sorted(self.phases))}
                    }
                )
            phases.append(phase)
        return phases

    def group_list(self, value, column="Equity groups") -> list[EquityGroup]:
        groups = []
        for part in _LIST_SPLIT.split(str(value or "")):
            part = part.strip()
            if not part:
                continue
            group = self.groups.get(part.lower())
            if group is None:
                raise ValidationError(
                    {
                        column: _("“%(value)s” is not an equity group. Use one of: %(names)s.")
                        % {"value": part, "names": ", ".join(sorted({g.code for g in self.groups.values()}))}
                    }
                )
            groups.append(group)
        return groups


class InitiativeResource(SpreadsheetResource):
    """The action plan in the Annex D layout: one row per initiative, under its commitment."""

    sector = Field(column_name="Sector", readonly=True)
    commitment_number = Field(column_name="Commitment no.", readonly=True)
    commitment_en = Field(column_name="Commitment (EN)", readonly=True)
    commitment_fr = Field(column_name="Commitment (FR)", readonly=True)
    key_leads = Field(column_name="Key leads", readonly=True)
    commitment_units = Field(column_name="Supporting units", readonly=True)
    number = Field(attribute="number", column_name="Initiative no.", widget=PositiveIntegerWidget())
    title_en = Field(attribute="title_en", column_name="Initiative (EN)", widget=TextWidget())
    title_fr = Field(attribute="title_fr", column_name="Initiative (FR)", widget=TextWidget())
    description_en = Field(attribute="description_en", column_name="Description (EN)", widget=TextWidget())
    description_fr = Field(attribute="description_fr", column_name="Description (FR)", widget=TextWidget())
    # The Annex D names its leads and units in English; French is added on the page.
    lead = Field(attribute="lead_en", column_name="Initiative lead", widget=TextWidget())
    supporting_units = Field(
        attribute="supporting_units_en", column_name="Initiative supporting units", widget=TextWidget()
    )
    scope = Field(
        attribute="scope", column_name="Scope", widget=ChoiceWidget(Initiative.Scope, default=Initiative.Scope.INTERNAL)
    )
    equity_groups = Field(column_name="Equity groups", readonly=True)
    phases = Field(column_name="Phases", readonly=True)
    planned_start = Field(attribute="planned_start", column_name="Planned start", widget=DateWidget())
    planned_end = Field(attribute="planned_end", column_name="Planned end", widget=DateWidget())
    kpis = Field(column_name="Key performance indicators", readonly=True)
    status = Field(
        attribute="status",
        column_name="Status",
        widget=ChoiceWidget(Initiative.Status, default=Initiative.Status.PLANNED),
    )

    required_columns = ("Sector", "Commitment no.", "Initiative no.", "Initiative (EN)")
    fill_down_columns = ("Sector", "Commitment no.")
    key_label = gettext_lazy("initiative")
    template_name = "action-plan-annex-d"
    template_title = gettext_lazy("Action plan (Annex D)")

    class Meta(SpreadsheetResource.Meta):
        model = Initiative
        fields = (
            "sector",
            "commitment_number",
            "commitment_en",
            "commitment_fr",
            "key_leads",
            "commitment_units",
            "number",
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
            "kpis",
        )
        export_order = fields
        use_bulk = True
        batch_size = 1000
        skip_diff = False
        name = gettext_lazy("Action plan (Annex D)")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.pending_links: list[tuple[Initiative, list[Phase] | None, list[EquityGroup] | None]] = []
        self.updated_ids: set[int] = set()

    # -- natural keys
    def row_key(self, row):
        code = clean_code(row.get("Sector"))
        commitment, number = _number(row.get("Commitment no.")), _number(row.get("Initiative no."))
        return (code, commitment, number) if code and commitment and number else None

    def instance_key(self, instance):
        return (instance.commitment.plan.sector.code.upper(), instance.commitment.number, instance.number)

    def existing_queryset(self, dataset):
        codes = {clean_code(code) for code in dataset["Sector"]} if "Sector" in dataset.headers else set()
        self.refs = PlanReferences()
        return (
            Initiative.objects.filter(
                commitment__plan__strategy=self.refs.strategy, commitment__plan__sector__code__in=codes
            )
            .select_related("commitment__plan__sector")
            .prefetch_related("phases", "equity_groups")
        )

    # -- each row
    COMMITMENT_COLUMNS = {
        "statement_en": "Commitment (EN)",
        "statement_fr": "Commitment (FR)",
        "key_leads": "Key leads",
        "supporting_units": "Supporting units",
    }

    def before_import_row(self, row, **kwargs):
        refs = self.refs
        sector = refs.sector(row.get("Sector"))
        number = refs.commitment_number(row.get("Commitment no."))
        # A blank cell keeps the commitment's stored text; (clear) empties it.
        texts = {
            name: ("" if is_clear(row.get(column)) else None if is_blank(row.get(column)) else TEXT.clean(row[column]))
            for name, column in self.COMMITMENT_COLUMNS.items()
        }
        commitment = refs.commitments.get((sector.pk, number))
        self.row_commitment_changes: list[tuple[str, str, str]] = []
        if commitment is None:
            if not texts["statement_en"]:
                raise ValidationError(
                    {
                        "Commitment (EN)": _(
                            "%(sector)s has no commitment %(number)s yet: write its statement in this column to create it."
                        )
                        % {"sector": sector.code, "number": number}
                    }
                )
            commitment = Commitment(plan=refs.plan(sector), number=number, **{k: v or "" for k, v in texts.items()})
            self.check_commitment(commitment)
            commitment._history_user = self.user
            commitment.save()
            refs.commitments[(sector.pk, number)] = commitment
            self.row_commitment_changes = [
                (self.COMMITMENT_COLUMNS[name], "", value) for name, value in texts.items() if value
            ]
        else:
            changed = [
                name for name, value in texts.items() if value is not None and getattr(commitment, name) != value
            ]
            if "statement_en" in changed and not texts["statement_en"]:
                raise ValidationError({"Commitment (EN)": _("A commitment's statement cannot be cleared.")})
            self.row_commitment_changes = [
                (self.COMMITMENT_COLUMNS[name], getattr(commitment, name) or "", texts[name]) for name in changed
            ]
            for name in changed:
                setattr(commitment, name, texts[name])
            if changed:
                self.check_commitment(commitment)
                bump_version(commitment)  # an edit: someone with the commitment open is told
                commitment._history_user = self.user
                commitment.save(update_fields=[*changed, "version", "updated_at"])
        self.row_commitment = commitment
        self.row_sector = sector
        self.row_phases = self._links(row, "Phases", refs.phase_list)
        self.row_groups = self._links(row, "Equity groups", refs.group_list)

    def check_commitment(self, commitment: Commitment) -> None:
        """The commitment's own rules (its statement's length…), said against the file's columns."""
        try:
            # ``statement`` mirrors the active language's statement_en or statement_fr, checked themselves.
            commitment.full_clean(exclude=["statement"], validate_constraints=False, validate_unique=False)
        except ValidationError as error:
            raise ValidationError(
                {self.COMMITMENT_COLUMNS.get(name, name): messages for name, messages in error.message_dict.items()}
            ) from error

    @staticmethod
    def _links(row, column, parse):
        """The row's phases or groups: None (keep what is stored) for a blank cell, [] for (clear)."""
        if column not in row or is_blank(row[column]):
            return None
        if is_clear(row[column]):
            return []
        return parse(row[column])

    def extra_changes(self, instance, new):
        changes = []
        if new:
            changes += [("Sector", "", self.row_sector.code), ("Commitment no.", "", str(self.row_commitment.number))]
        changes += self.row_commitment_changes
        for column, links, stored, show in (
            ("Phases", self.row_phases, lambda: instance.phases.all(), lambda p: str(p.number)),
            ("Equity groups", self.row_groups, lambda: instance.equity_groups.all(), lambda g: g.code),
        ):
            if links is None:
                continue
            new_text = ", ".join(sorted({show(x) for x in links}, key=_sort_key))
            old_text = "" if new else ", ".join(sorted({show(x) for x in stored()}, key=_sort_key))
            if new_text != old_text:
                changes.append((column, old_text, new_text))
        return changes

    def import_instance(self, instance, row, **kwargs):
        if instance.pk is None:
            instance.commitment = self.row_commitment
        else:
            bump_version(instance)
        super().import_instance(instance, row, **kwargs)

    def clean_exclude(self):
        return ("commitment",)

    def save_instance(self, instance, is_create, row, **kwargs):
        super().save_instance(instance, is_create, row, **kwargs)
        self.pending_links.append((instance, self.row_phases, self.row_groups))
        if not is_create:
            self.updated_ids.add(instance.pk)

    def after_import(self, dataset, result, **kwargs):
        """Phases and equity groups, set in bulk once every initiative has its id."""
        links = [(i, p, g) for i, p, g in self.pending_links if i.pk]
        with_phases = [(i.pk, [p.pk for p in phases]) for i, phases, _g in links if phases is not None]
        with_groups = [(i.pk, [g.pk for g in groups]) for i, _p, groups in links if groups is not None]
        set_links(Initiative.phases, with_phases, replace={pk for pk, _ in with_phases} & self.updated_ids)
        set_links(Initiative.equity_groups, with_groups, replace={pk for pk, _ in with_groups} & self.updated_ids)
        self.pending_links.clear()
        self.updated_ids.clear()

    # -- export
    def filter_export(self, queryset, **kwargs):
        return (
            queryset.select_related("commitment__plan__sector")
            .prefetch_related("phases", "equity_groups", "commitment__kpis")
            .order_by("commitment__plan__sector__code", "commitment__number", "number")
        )

    def dehydrate_sector(self, obj):
        return obj.commitment.plan.sector.code

    def dehydrate_commitment_number(self, obj):
        return obj.commitment.number

    def dehydrate_commitment_en(self, obj):
        return obj.commitment.statement_en

    def dehydrate_commitment_fr(self, obj):
        return obj.commitment.statement_fr or ""

    def dehydrate_key_leads(self, obj):
        return obj.commitment.key_leads_en

    def dehydrate_commitment_units(self, obj):
        return obj.commitment.supporting_units_en

    def dehydrate_phases(self, obj):
        return ", ".join(str(p.number) for p in sorted(obj.phases.all(), key=lambda p: p.number))

    def dehydrate_equity_groups(self, obj):
        return ", ".join(g.code for g in obj.equity_groups.all())

    def dehydrate_kpis(self, obj):
        """The commitment's KPIs, once, on its first row (as in the Annex D table); read-only on import."""
        written = self.__dict__.setdefault("_kpis_written", set())
        if obj.commitment_id in written:
            return ""
        written.add(obj.commitment_id)
        kpis = [k for k in obj.commitment.kpis.all() if not k.is_archived]
        return "\n".join(f"{k.number}. {k.name_en}" for k in sorted(kpis, key=lambda k: k.number))

    # -- template
    @classmethod
    def template_rows(cls):
        commitment = "Actively promote anti-racism, communicate expectations and outcomes to generate positive change in the culture of IRCC."
        commitment_fr = "Promouvoir activement la lutte contre le racisme, communiquer les attentes et les résultats pour susciter un changement positif dans la culture d'IRCC."
        return [
            {
                "Sector": "CSS",
                "Commitment no.": 1,
                "Commitment (EN)": commitment,
                "Commitment (FR)": commitment_fr,
                "Key leads": "ARTF",
                "Supporting units": "IDOL, BEN, Comms",
                "Initiative no.": 1,
                "Initiative (EN)": "Black History Month",
                "Initiative (FR)": "Mois de l'histoire des Noirs",
                "Scope": "internal",
                "Phases": "1",
                "Planned start": "2022-01-01",
                "Planned end": "2022-03-31",
                "Status": "completed",
            },
            {
                "Initiative no.": 2,
                "Initiative (EN)": "Trust Circles",
                "Initiative (FR)": "Cercles de confiance",
                "Scope": "internal",
                "Phases": "1",
                "Planned start": "2022-03-01",
                "Planned end": "2022-06-30",
                "Status": "in_progress",
            },
        ]

    @classmethod
    def column_help(cls):
        return {
            "Sector": _("The sector's code (Annex A). Leave blank to repeat the row above."),
            "Commitment no.": _("1, 2, 3 … Leave blank to repeat the row above."),
            "Commitment (EN)": _(
                "The commitment's statement; needed on the first row of a new commitment, blank elsewhere."
            ),
            "Phases": _("Phase numbers of the strategy, separated by commas, for example 1, 4."),
            "Equity groups": _(
                "Codes of the groups served, separated by commas: indigenous, black, racialized, disability, women."
            ),
            "Scope": _("internal (people management), external (policy, programs, service delivery) or both."),
            "Status": _("planned, in_progress, completed, delayed or cancelled."),
            "Planned start": _("A date, YYYY-MM-DD."),
            "Planned end": _("A date, YYYY-MM-DD, not before the start."),
        }


class KPIResource(SpreadsheetResource):
    sector = Field(column_name="Sector", readonly=True)
    commitment_number = Field(column_name="Commitment no.", readonly=True)
    number = Field(attribute="number", column_name="KPI no.", widget=PositiveIntegerWidget())
    name_en = Field(attribute="name_en", column_name="Indicator (EN)", widget=TextWidget())
    name_fr = Field(attribute="name_fr", column_name="Indicator (FR)", widget=TextWidget())
    initiative_number = Field(column_name="Initiative no.", readonly=True)
    unit = Field(attribute="unit", column_name="Unit", widget=ChoiceWidget(KPI.Unit, default=KPI.Unit.COUNT))
    direction = Field(
        attribute="direction",
        column_name="Direction",
        widget=ChoiceWidget(KPI.Direction, default=KPI.Direction.INCREASE),
    )
    baseline_value = Field(attribute="baseline_value", column_name="Baseline", widget=DecimalWidget())
    baseline_date = Field(attribute="baseline_date", column_name="Baseline date", widget=DateWidget())
    target_value = Field(attribute="target_value", column_name="Target", widget=DecimalWidget())
    target_date = Field(attribute="target_date", column_name="Target date", widget=DateWidget())
    data_source_en = Field(attribute="data_source_en", column_name="Data source (EN)", widget=TextWidget())
    data_source_fr = Field(attribute="data_source_fr", column_name="Data source (FR)", widget=TextWidget())
    is_disaggregated = Field(attribute="is_disaggregated", column_name="Disaggregated", widget=YesNoWidget())

    required_columns = ("Sector", "Commitment no.", "KPI no.", "Indicator (EN)")
    fill_down_columns = ("Sector", "Commitment no.")
    key_label = gettext_lazy("KPI")
    template_name = "kpis"

    class Meta(SpreadsheetResource.Meta):
        model = KPI
        fields = (
            "sector",
            "commitment_number",
            "number",
            "name_en",
            "name_fr",
            "initiative_number",
            "unit",
            "direction",
            "baseline_value",
            "baseline_date",
            "target_value",
            "target_date",
            "data_source_en",
            "data_source_fr",
            "is_disaggregated",
        )
        export_order = fields
        name = gettext_lazy("KPIs")

    def row_key(self, row):
        code = clean_code(row.get("Sector"))
        commitment, number = _number(row.get("Commitment no.")), _number(row.get("KPI no."))
        return (code, commitment, number) if code and commitment and number else None

    def instance_key(self, instance):
        return (instance.commitment.plan.sector.code.upper(), instance.commitment.number, instance.number)

    def existing_queryset(self, dataset):
        self.refs = PlanReferences()
        self.initiatives = {
            (i.commitment_id, i.number): i
            for i in Initiative.objects.filter(commitment__plan__strategy=self.refs.strategy)
        }
        return KPI.objects.filter(commitment__plan__strategy=self.refs.strategy).select_related(
            "commitment__plan__sector"
        )

    def before_import_row(self, row, **kwargs):
        sector = self.refs.sector(row.get("Sector"))
        self.row_commitment = self.refs.commitment(sector, self.refs.commitment_number(row.get("Commitment no.")))
        self.row_initiative = None
        raw = row.get("Initiative no.")
        if raw not in (None, ""):
            number = _number(raw)
            self.row_initiative = self.initiatives.get((self.row_commitment.pk, number))
            if self.row_initiative is None:
                raise ValidationError(
                    {
                        "Initiative no.": _("Commitment %(commitment)s of %(sector)s has no initiative “%(value)s”.")
                        % {"commitment": self.row_commitment.number, "sector": sector.code, "value": raw}
                    }
                )

    def import_instance(self, instance, row, **kwargs):
        if instance.pk is None:
            instance.commitment = self.row_commitment
        else:
            bump_version(instance)  # an edit like any other: someone with the KPI open is told
        if "Initiative no." in row:
            instance.initiative = self.row_initiative
        super().import_instance(instance, row, **kwargs)

    def clean_exclude(self):
        return ("commitment", "initiative")

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("commitment__plan__sector", "initiative").order_by(
            "commitment__plan__sector__code", "commitment__number", "number"
        )

    def dehydrate_sector(self, obj):
        return obj.commitment.plan.sector.code

    def dehydrate_commitment_number(self, obj):
        return obj.commitment.number

    def dehydrate_initiative_number(self, obj):
        return obj.initiative.number if obj.initiative_id else ""

    @classmethod
    def template_rows(cls):
        return [
            {
                "Sector": "CSS",
                "Commitment no.": 1,
                "KPI no.": 1,
                "Indicator (EN)": "Employees who feel the department is taking action on racism",
                "Indicator (FR)": "Employés qui estiment que le ministère agit contre le racisme",
                "Unit": "percent",
                "Direction": "increase",
                "Baseline": 48,
                "Baseline date": "2022-03-31",
                "Target": 70,
                "Target date": "2026-03-31",
                "Data source (EN)": "Public Service Employee Survey",
                "Data source (FR)": "Sondage auprès des fonctionnaires fédéraux",
                "Disaggregated": "yes",
            },
        ]

    @classmethod
    def column_help(cls):
        return {
            "Unit": _("count, percent, score or points (percentage points, for a gap between two percentages)."),
            "Direction": _("increase, decrease or close_gap (close the gap between groups)."),
            "Initiative no.": _("Optional: the initiative of the same commitment that this KPI measures."),
            "Disaggregated": _("yes when values are entered for each equity group."),
        }


class KPIValueResource(SpreadsheetResource):
    sector = Field(column_name="Sector", readonly=True)
    commitment_number = Field(column_name="Commitment no.", readonly=True)
    kpi_number = Field(column_name="KPI no.", readonly=True)
    period = Field(column_name="Period", readonly=True)
    equity_group = Field(column_name="Equity group", readonly=True)
    value = Field(attribute="value", column_name="Value", widget=DecimalWidget())
    note_en = Field(attribute="note_en", column_name="Note (EN)", widget=TextWidget())
    note_fr = Field(attribute="note_fr", column_name="Note (FR)", widget=TextWidget())

    required_columns = ("Sector", "Commitment no.", "KPI no.", "Period", "Value")
    fill_down_columns = ("Sector", "Commitment no.", "KPI no.")
    key_label = gettext_lazy("KPI value")
    template_name = "kpi-values"

    class Meta(SpreadsheetResource.Meta):
        model = KPIValue
        fields = ("sector", "commitment_number", "kpi_number", "period", "equity_group", "value", "note_en", "note_fr")
        export_order = fields
        use_bulk = True
        batch_size = 1000
        name = gettext_lazy("KPI values")

    def row_key(self, row):
        code = clean_code(row.get("Sector"))
        commitment, kpi = _number(row.get("Commitment no.")), _number(row.get("KPI no."))
        period = period_key(row.get("Period"))
        group = str(row.get("Equity group") or "").strip().lower()
        if hasattr(self, "refs") and group in self.refs.groups:
            group = self.refs.groups[group].code
        return (code, commitment, kpi, period, group) if code and commitment and kpi and period else None

    def instance_key(self, instance):
        kpi = instance.kpi
        return (
            kpi.commitment.plan.sector.code.upper(),
            kpi.commitment.number,
            kpi.number,
            instance.period.slug,
            instance.equity_group.code if instance.equity_group_id else "",
        )

    def existing_queryset(self, dataset):
        self.refs = PlanReferences()
        self.kpis = {
            (k.commitment_id, k.number): k for k in KPI.objects.filter(commitment__plan__strategy=self.refs.strategy)
        }
        self.periods = {p.slug: p for p in ReportingPeriod.objects.all()}
        codes = {clean_code(code) for code in dataset["Sector"]} if "Sector" in dataset.headers else set()
        return KPIValue.objects.filter(
            kpi__commitment__plan__strategy=self.refs.strategy, kpi__commitment__plan__sector__code__in=codes
        ).select_related("kpi__commitment__plan__sector", "period", "equity_group")

    def before_import_row(self, row, **kwargs):
        sector = self.refs.sector(row.get("Sector"))
        commitment = self.refs.commitment(sector, self.refs.commitment_number(row.get("Commitment no.")))
        kpi = self.kpis.get((commitment.pk, _number(row.get("KPI no."))))
        if kpi is None:
            raise ValidationError(
                {
                    "KPI no.": _("Commitment %(commitment)s of %(sector)s has no KPI “%(value)s”.")
                    % {"commitment": commitment.number, "sector": sector.code, "value": row.get("KPI no.") or ""}
                }
            )
        period = self.periods.get(period_key(row.get("Period")))
        if period is None:
            raise ValidationError(
                {
                    "Period": _("“%(value)s” is not a reporting period. Write it like 2025-26 Q3.")
                    % {"value": row.get("Period") or ""}
                }
            )
        groups = self.refs.group_list(row.get("Equity group"), column="Equity group")
        if len(groups) > 1:
            raise ValidationError({"Equity group": _("Give one equity group per row.")})
        # A closed quarter, a group on a KPI that is not disaggregated, a percentage out of range:
        # the value's own rules (KPIValue.clean), checked with the row's other cells.
        self.row_parents = (kpi, period, groups[0] if groups else None)

    def import_instance(self, instance, row, **kwargs):
        if instance.pk is None:
            instance.kpi, instance.period, instance.equity_group = self.row_parents
        else:
            bump_version(instance)  # an edit like any other: someone with the value open is told
        super().import_instance(instance, row, **kwargs)

    def clean_exclude(self):
        return ("kpi", "period", "equity_group")

    def column_for(self, attribute: str) -> str:
        return {"kpi": "KPI no.", "period": "Period", "equity_group": "Equity group"}.get(
            attribute, super().column_for(attribute)
        )

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("kpi__commitment__plan__sector", "period", "equity_group").order_by(
            "kpi__commitment__plan__sector__code",
            "kpi__commitment__number",
            "kpi__number",
            "period__fiscal_year",
            "period__quarter",
            "equity_group__order",
        )

    def dehydrate_sector(self, obj):
        return obj.kpi.commitment.plan.sector.code

    def dehydrate_commitment_number(self, obj):
        return obj.kpi.commitment.number

    def dehydrate_kpi_number(self, obj):
        return obj.kpi.number

    def dehydrate_period(self, obj):
        return obj.period.label

    def dehydrate_equity_group(self, obj):
        return obj.equity_group.code if obj.equity_group_id else ""

    @classmethod
    def template_rows(cls):
        return [
            {
                "Sector": "CSS",
                "Commitment no.": 1,
                "KPI no.": 1,
                "Period": "2025-26 Q3",
                "Equity group": "",
                "Value": 61.5,
                "Note (EN)": "",
                "Note (FR)": "",
            },
        ]

    @classmethod
    def column_help(cls):
        return {
            "Period": _("The fiscal quarter, like 2025-26 Q3."),
            "Equity group": _("Blank for all employees; a group code for a disaggregated KPI."),
        }


def plan_workbook(plan) -> bytes:
    """The plan as .xlsx in the Annex D layout (first sheet, importable as is) with its KPIs (second sheet)."""
    import io

    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    from spreadsheets.safety import escape_cell

    sheets = [
        (
            str(_("Action plan (Annex D)")),
            InitiativeResource().export(Initiative.objects.filter(commitment__plan=plan, is_archived=False)),
        ),
        (str(_("KPIs")), KPIResource().export(KPI.objects.filter(commitment__plan=plan, is_archived=False))),
    ]
    book = Workbook()
    book.remove(book.active)
    for title, dataset in sheets:
        sheet = book.create_sheet(title[:31])
        sheet.append(dataset.headers)
        for row in dataset:
            sheet.append([escape_cell(cell) for cell in row])
        for cell in sheet[1]:
            cell.font = Font(bold=True, color="FFFFFF")
            cell.fill = PatternFill("solid", fgColor="1D3557")
        for column in sheet.columns:
            letter = column[0].column_letter
            longest = max(len(str(c.value or "")) for c in column)
            sheet.column_dimensions[letter].width = max(12, min(60, longest + 2))
            for cell in column[1:]:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
