"""Spreadsheet imports of workforce representation and survey results.

A file replaces what it covers: the representation figures of every quarter it names, the
results of every survey it names. One bad row, or figures that do not add up, and nothing
changes (the foundation's all-or-nothing rule).
"""

from __future__ import annotations

import functools
from collections import defaultdict

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export.fields import Field

from core.numbers import parse_decimal
from periods.calendar import period_key
from periods.models import ReportingPeriod
from sectors.models import Sector
from sectors.resources import clean_code
from spreadsheets.resources import SpreadsheetResource
from spreadsheets.widgets import ChoiceWidget, DecimalWidget, TextWidget

from .models import Group, Level, Representation, Survey, SurveyResult


class CountWidget(TextWidget):
    """A whole number of people: 0 or more."""

    def clean(self, value, row=None, **kwargs):
        number = parse_decimal(value)
        if number is None:
            raise ValueError(_("This cell is required."))
        if number != number.to_integral_value() or number < 0:
            raise ValueError(_("“%(value)s” must be a whole number of people, 0 or more.") % {"value": value})
        return int(number)

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class YearWidget(TextWidget):
    def clean(self, value, row=None, **kwargs):
        number = parse_decimal(value)
        if number is None:
            return None
        if number != number.to_integral_value():
            raise ValueError(_("“%(value)s” is not a year, like 2021.") % {"value": value})
        return int(number)


@functools.cache
def _words(msgid: str) -> frozenset[str]:
    """A word of our downloads as it reads in either language, for reading the download back
    (asked for on every row: worked out once, the translations being loaded once too)."""
    words = {msgid.casefold()}
    for language in ("en", "fr"):
        with translation.override(language):
            words.add(_(msgid).casefold())
    return frozenset(words)


def _department_cell(value) -> bool:
    """The download's Sector cell for department-wide figures ("Department", "Ministère") or a blank."""
    return str(value or "").strip().casefold() in _words("Department") | {""}


def _suppressed_cell(value) -> bool:
    return isinstance(value, str) and value.strip().casefold() in _words("suppressed")


LEVELS = ChoiceWidget(Level)
GROUPS = ChoiceWidget(Group)
OPTIONAL_GROUP = ChoiceWidget(Group, default="")


def _choice_key(widget: ChoiceWidget, value) -> str:
    try:
        return widget.clean(value)
    except ValueError:
        return str(value or "").strip().lower()


class EvidenceResource(SpreadsheetResource):
    """What both imports share: periods by label, the rows a file replaces, history of removals."""

    #: Every row is new (the file replaces what it names): a blank cell means "none", not "keep".
    replaces_what_it_names = True

    class Meta(SpreadsheetResource.Meta):
        abstract = True
        use_bulk = True
        batch_size = 1000

    def load_periods(self):
        self.periods = {p.slug: p for p in ReportingPeriod.objects.all()}

    def period_for(self, row) -> ReportingPeriod:
        period = self.periods.get(period_key(row.get("Period")))
        if period is None:
            raise ValidationError(
                {
                    "Period": _("“%(value)s” is not a reporting period. Write it like 2025-26 Q3.")
                    % {"value": row.get("Period") or ""}
                }
            )
        return period

    def named_periods(self, dataset) -> list[ReportingPeriod]:
        if "Period" not in dataset.headers:
            return []
        keys = {period_key(value) for value in dataset["Period"]}
        return [self.periods[key] for key in sorted(keys) if key in self.periods]

    def replace(self, queryset) -> int:
        """Remove the rows the file replaces (the change history records each removal)."""
        return queryset.delete()[0]


class RepresentationResource(EvidenceResource):
    period = Field(column_name="Period", readonly=True)
    sector = Field(column_name="Sector", readonly=True)
    level = Field(attribute="level", column_name="Level", widget=LEVELS)
    group = Field(attribute="group", column_name="Group", widget=GROUPS)
    headcount = Field(attribute="headcount", column_name="Headcount", widget=CountWidget())
    total = Field(attribute="total", column_name="Total headcount", widget=CountWidget())
    lma_percent = Field(attribute="lma_percent", column_name="LMA %", widget=DecimalWidget())
    lma_source = Field(attribute="lma_source", column_name="LMA source", widget=TextWidget())
    lma_year = Field(attribute="lma_year", column_name="LMA year", widget=YearWidget())

    required_columns = ("Period", "Level", "Group", "Headcount", "Total headcount")
    # The download adds what it works out from the counts; the import reads past them.
    ignored_columns = ("Representation %", "Gap (points)")
    key_label = gettext_lazy("group at a level (period, sector, level and group)")
    template_name = "representation"
    template_title = gettext_lazy("Representation")

    class Meta(EvidenceResource.Meta):
        model = Representation
        fields = ("period", "sector", "level", "group", "headcount", "total", "lma_percent", "lma_source", "lma_year")
        export_order = fields
        name = gettext_lazy("Workforce representation")

    @staticmethod
    def _sector_code(value) -> str:
        return "" if _department_cell(value) else clean_code(value)

    def row_key(self, row):
        key = period_key(row.get("Period"))
        if not key:
            return None
        return (
            key,
            self._sector_code(row.get("Sector")),
            _choice_key(LEVELS, row.get("Level")),
            _choice_key(GROUPS, row.get("Group")),
        )

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        self.load_periods()
        self.sectors = {s.code.upper(): s for s in Sector.objects.all()}
        self.cell_totals: dict[tuple, tuple[int, int]] = {}
        self.replaced_periods = self.named_periods(dataset)
        # A file replaces the figures of each quarter and scope (the department, or a sector) it
        # names: a sector's own download, imported back, leaves the department and other sectors be.
        scopes = self.named_scopes(dataset)
        replaced = Representation.objects.none()
        for period_id, sector_ids in scopes.items():
            department = None in sector_ids
            codes = [pk for pk in sector_ids if pk is not None]
            replaced |= Representation.objects.filter(period_id=period_id, sector_id__in=codes)
            if department:
                replaced |= Representation.objects.filter(period_id=period_id, sector__isnull=True)
        # The download writes "suppressed" where a figure is hidden: such a cell keeps the stored figure.
        self.stored = {
            (r.period_id, r.sector_id, r.level, r.group): r
            for r in replaced.only("period_id", "sector_id", "level", "group", "headcount", "total")
        }
        self.replace(replaced)

    def named_scopes(self, dataset) -> dict[int, set[int | None]]:
        scopes: dict[int, set[int | None]] = defaultdict(set)
        if "Period" not in dataset.headers:
            return scopes
        sectors = dataset["Sector"] if "Sector" in dataset.headers else [""] * len(dataset)
        for period_cell, sector_cell in zip(dataset["Period"], sectors, strict=False):
            period = self.periods.get(period_key(period_cell))
            code = self._sector_code(sector_cell)
            if period is None or (code and code not in self.sectors):
                continue
            scopes[period.pk].add(self.sectors[code].pk if code else None)
        return scopes

    def before_import_row(self, row, **kwargs):
        period = self.period_for(row)
        code = self._sector_code(row.get("Sector"))
        sector = None
        if code:
            sector = self.sectors.get(code)
            if sector is None:
                raise ValidationError(
                    {
                        "Sector": _("“%(value)s” is not a sector code. Leave it blank for the whole department.")
                        % {"value": row.get("Sector")}
                    }
                )
        self.row_parents = (period, sector)
        for column, attribute in (("Headcount", "headcount"), ("Total headcount", "total")):
            if _suppressed_cell(row.get(column)):
                kept = self.stored.get(
                    (
                        period.pk,
                        sector.pk if sector else None,
                        LEVELS.clean(row.get("Level")),
                        GROUPS.clean(row.get("Group")),
                    )
                )
                if kept is None:
                    raise ValidationError(
                        {
                            column: _(
                                "“%(value)s” keeps a hidden figure as it is stored, but none is stored for this group and level. Write the number."
                            )
                            % {"value": row.get(column)}
                        }
                    )
                row[column] = getattr(kept, attribute)

    def import_instance(self, instance, row, **kwargs):
        instance.period, instance.sector = self.row_parents
        super().import_instance(instance, row, **kwargs)
        # Every row of a level gives the level's total headcount: they must agree.
        cell = (instance.period_id, instance.sector_id, instance.level)
        number = kwargs.get("row_number", 0) + 1
        seen = self.cell_totals.setdefault(cell, (instance.total, number))
        if seen[0] != instance.total:
            raise ValidationError(
                {
                    "total": _(
                        "Row %(row)s gives %(other)s as this level's total headcount; every row of the same period, sector and level must give the same total."
                    )
                    % {"row": seen[1], "other": seen[0]}
                }
            )

    def clean_exclude(self):
        return ("period", "sector")

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        # A headcount above the total is the model's own rule (Representation.clean).
        if instance.lma_percent is not None and not 0 <= instance.lma_percent <= 100:
            errors.setdefault("lma_percent", []).append(
                ValidationError(
                    _("A benchmark is a percentage between 0 and 100; this one is %(value)s.")
                    % {"value": instance.lma_percent}
                )
            )
        super().validate_instance(instance, errors, validate_unique)

    def after_import(self, dataset, result, **kwargs):
        """Nothing: the service running the import checks the figures together and works out which
        to suppress (``equity.services.representation_import``). No sequence reset either, as
        ModelResource would do: a file never gives ids."""

    # -- export: the figures as imported, for ARTF to correct and import again -----------------
    def dehydrate_period(self, obj):
        return obj.period.label

    def dehydrate_sector(self, obj):
        return obj.sector.code if obj.sector_id else ""

    @classmethod
    def template_rows(cls):
        base = {"Period": "2025-26 Q3", "LMA source": "2021 Census (workforce availability)", "LMA year": 2021}
        return [
            {
                **base,
                "Sector": "",
                "Level": "all",
                "Group": "black",
                "Headcount": 410,
                "Total headcount": 8200,
                "LMA %": 4.5,
            },
            {
                **base,
                "Sector": "",
                "Level": "executive",
                "Group": "black",
                "Headcount": 9,
                "Total headcount": 310,
                "LMA %": 3.1,
            },
            {
                **base,
                "Sector": "CSS",
                "Level": "all",
                "Group": "women",
                "Headcount": 980,
                "Total headcount": 1600,
                "LMA %": 52.0,
            },
        ]

    @classmethod
    def column_help(cls):
        return {
            "Period": _(
                "The fiscal quarter, like 2025-26 Q3. For each quarter, the file replaces every figure of the department, or of each sector, it names."
            ),
            "Sector": _("A sector code; blank for the whole department."),
            "Level": _("One of: %(values)s.") % {"values": ", ".join(Level.values)},
            "Group": _("One of: %(values)s.") % {"values": ", ".join(Group.values)},
            "Headcount": _(
                "People of the group at that level: a whole number, never above the total headcount. A cell that says “suppressed”, as the download writes it, keeps the stored figure."
            ),
            "Total headcount": _("Everyone at that level (same on every row of the level)."),
            "LMA %": _("Labour Market Availability of the group, 0 to 100; blank when there is none."),
            "LMA source": _("Where the benchmark comes from."),
            "LMA year": _("The benchmark's reference year."),
        }


class SurveyResultResource(EvidenceResource):
    survey_en = Field(column_name="Survey (EN)", readonly=True)
    survey_fr = Field(column_name="Survey (FR)", readonly=True)
    period = Field(column_name="Period", readonly=True)
    theme_en = Field(attribute="theme_en", column_name="Question or theme (EN)", widget=TextWidget())
    theme_fr = Field(attribute="theme_fr", column_name="Question or theme (FR)", widget=TextWidget())
    group = Field(attribute="group", column_name="Group", widget=OPTIONAL_GROUP)
    value = Field(attribute="value", column_name="Result %", widget=DecimalWidget())
    respondents = Field(attribute="respondents", column_name="Respondents", widget=CountWidget())

    required_columns = ("Survey (EN)", "Period", "Question or theme (EN)", "Result %", "Respondents")
    fill_down_columns = ("Survey (EN)", "Survey (FR)", "Period")
    key_label = gettext_lazy("survey result (survey, question and group)")
    template_name = "survey-results"
    template_title = gettext_lazy("Survey results")

    class Meta(EvidenceResource.Meta):
        model = SurveyResult
        fields = ("survey_en", "survey_fr", "period", "theme_en", "theme_fr", "group", "value", "respondents")
        export_order = fields
        name = gettext_lazy("Survey results")

    @staticmethod
    def _survey_key(row) -> tuple[str, str]:
        return (" ".join(str(row.get("Survey (EN)") or "").split()).casefold(), period_key(row.get("Period")))

    def row_key(self, row):
        name, period = self._survey_key(row)
        theme = " ".join(str(row.get("Question or theme (EN)") or "").split()).casefold()
        if not (name and period and theme):
            return None
        return (name, period, theme, _choice_key(OPTIONAL_GROUP, row.get("Group")))

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        self.load_periods()
        self.surveys: dict[tuple[str, str], Survey] = {}
        names: dict[tuple[str, str], tuple[str, str]] = {}
        headers = dataset.headers
        for values in dataset:
            row = dict(zip(headers, values, strict=False))
            key = self._survey_key(row)
            if key[0] and key[1] in self.periods:
                names.setdefault(
                    key, (" ".join(str(row.get("Survey (EN)")).split()), str(row.get("Survey (FR)") or "").strip())
                )
        existing = defaultdict(list)
        for survey in Survey.objects.filter(period__slug__in={k[1] for k in names}):
            existing[(survey.name_en.casefold(), survey.period.slug)].append(survey)
        for key, (name_en, name_fr) in names.items():
            found = existing.get(key)
            if found:
                survey = found[0]
                if name_fr and survey.name_fr != name_fr:
                    survey.name_fr = name_fr
                    survey.save(update_fields=["name_fr", "updated_at"])
            else:
                survey = Survey.objects.create(name_en=name_en, name_fr=name_fr, period=self.periods[key[1]])
            self.surveys[key] = survey
        self.replace(SurveyResult.objects.filter(survey__in=list(self.surveys.values())))

    def before_import_row(self, row, **kwargs):
        self.period_for(row)
        if not str(row.get("Survey (EN)") or "").strip():
            raise ValidationError({"Survey (EN)": _("Name the survey in English.")})
        self.row_survey = self.surveys[self._survey_key(row)]

    def import_instance(self, instance, row, **kwargs):
        instance.survey = self.row_survey
        super().import_instance(instance, row, **kwargs)

    def clean_exclude(self):
        return ("survey",)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        if instance.value is not None and not 0 <= instance.value <= 100:
            errors.setdefault("value", []).append(
                ValidationError(
                    _("A result is a percentage between 0 and 100; this one is %(value)s.") % {"value": instance.value}
                )
            )
        super().validate_instance(instance, errors, validate_unique)

    def dehydrate_survey_en(self, obj):
        return obj.survey.name_en

    def dehydrate_survey_fr(self, obj):
        return obj.survey.name_fr

    def dehydrate_period(self, obj):
        return obj.survey.period.label

    @classmethod
    def template_rows(cls):
        base = {
            "Survey (EN)": "Anti-racism pulse survey",
            "Survey (FR)": "Sondage éclair sur la lutte contre le racisme",
            "Period": "2025-26 Q3",
        }
        theme = {
            "Question or theme (EN)": "I feel included at work",
            "Question or theme (FR)": "Je me sens inclus au travail",
        }
        return [
            {**base, **theme, "Group": "", "Result %": 71.5, "Respondents": 2140},
            {**base, **theme, "Group": "black", "Result %": 58.0, "Respondents": 164},
        ]

    @classmethod
    def column_help(cls):
        return {
            "Survey (EN)": _(
                "The survey's name; rows of one survey and quarter form one set of results, which the file replaces."
            ),
            "Period": _("The fiscal quarter, like 2025-26 Q3."),
            "Group": _("Blank for all respondents, else one of: %(values)s.") % {"values": ", ".join(Group.values)},
            "Result %": _("The share who agree (or the score), 0 to 100."),
            "Respondents": _("How many answered; results from fewer than the suppression threshold are never shown."),
        }
