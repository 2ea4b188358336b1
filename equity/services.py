"""Writes of equity evidence: representation imports (checks and suppression), survey imports and highlights."""

from __future__ import annotations

from collections import defaultdict

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from import_export.results import Result

from core.concurrency import bump_version, check_version
from core.suppression import Figure, hidden_figures, representation_table
from core.text import recorded
from periods.models import ReportingPeriod
from sectors.models import Sector
from spreadsheets.safety import SpreadsheetError
from spreadsheets.services import ImportOutcome, spreadsheet_import

from .models import GROUP_PARTS, LEVEL_PARTS, Group, Level, MaturityAssessment, Representation, Survey, SurveyHighlight
from .resources import RepresentationResource, SurveyResultResource

MAX_PROBLEMS = 10


def representation_import(*, data: bytes, file_format: str, user) -> ImportOutcome:
    """Import a representation file: every row or none; it replaces, per quarter, the department's or sectors' figures it names.

    The resource reads the rows; then, in the same transaction, the figures are checked together
    and the ones to suppress worked out. A problem of the figures rolls the whole file back.
    """
    return spreadsheet_import(
        resource_class=RepresentationResource,
        data=data,
        file_format=file_format,
        user=user,
        then=_representation_imported,
    )


def _representation_imported(resource: RepresentationResource, result: Result) -> None:
    # The figures of the rows that could be read are checked too when other rows could not,
    # so that every problem of the file is listed in one round (nothing is kept either way).
    problems = representation_check(periods=resource.replaced_periods)
    if problems:
        raise SpreadsheetError(" ".join(problems))
    if not result.has_validation_errors():
        representation_protect(periods=resource.replaced_periods)


def survey_results_import(*, data: bytes, file_format: str, user) -> ImportOutcome:
    """Import survey results: every row or none; it replaces the results of the surveys it names."""
    return spreadsheet_import(resource_class=SurveyResultResource, data=data, file_format=file_format, user=user)


def _rows(periods: list[ReportingPeriod]):
    return Representation.objects.filter(period__in=periods).values_list(
        "pk", "period_id", "sector_id", "level", "group", "headcount", "total"
    )


def representation_check(*, periods: list[ReportingPeriod]) -> list[str]:  # noqa: C901 -- one check per way parts can exceed their whole, each a short branch
    """Figures that cannot all be true together, in words: parts adding up to more than their whole."""
    labels = {p.pk: p.label for p in periods}
    codes = dict(Sector.objects.values_list("pk", "code"))
    level_names, group_names = dict(Level.choices), dict(Group.choices)
    heads: dict[tuple, int] = {}
    totals: dict[tuple, int] = {}
    for _pk, period, sector, level, group, headcount, total in _rows(periods):
        heads[(period, sector, level, group)] = headcount
        totals[(period, sector, level)] = total
    problems: list[str] = []

    def where(period, sector) -> str:
        return f"{labels[period]}, {codes[sector] if sector else _('department')}"

    def check(whole: int | None, parts: list[int], text: str) -> None:
        if whole is not None and parts and sum(parts) > whole:
            problems.append(text % {"whole": whole, "parts": sum(parts)})

    for (period, sector, level, group), headcount in heads.items():
        for part in GROUP_PARTS.get(group, ()):
            whole = heads.get((period, sector, level, part))
            if whole is not None and headcount > whole:
                problems.append(
                    _("%(where)s, %(level)s: %(combined)s (%(count)s) cannot be more than %(group)s (%(whole)s).")
                    % {
                        "where": where(period, sector),
                        "level": level_names[level],
                        "combined": group_names[group],
                        "count": headcount,
                        "group": group_names[part],
                        "whole": whole,
                    }
                )
    for (period, sector, level), total in totals.items():
        if level != Level.ALL:
            continue
        parts = [totals[(period, sector, lv)] for lv in LEVEL_PARTS if (period, sector, lv) in totals]
        check(
            total,
            parts,
            _("%(where)s: all employees (%%(whole)s) are fewer than the listed levels together (%%(parts)s).")
            % {"where": where(period, sector)},
        )
    for (period, sector, level, group), headcount in heads.items():
        if level != Level.ALL:
            continue
        parts = [heads[(period, sector, lv, group)] for lv in LEVEL_PARTS if (period, sector, lv, group) in heads]
        check(
            headcount,
            parts,
            _(
                "%(where)s: %(group)s, all employees (%%(whole)s), are fewer than at the listed levels together (%%(parts)s)."
            )
            % {"where": where(period, sector), "group": group_names[group]},
        )
    by_department: dict[tuple, list[int]] = defaultdict(list)
    for (period, sector, level), total in totals.items():
        if sector is not None:
            by_department[(period, level, None)].append(total)
    for (period, sector, level, group), headcount in heads.items():
        if sector is not None:
            by_department[(period, level, group)].append(headcount)
    for (period, level, group), parts in by_department.items():
        whole = totals.get((period, None, level)) if group is None else heads.get((period, None, level, group))
        what = group_names[group] if group else _("everyone")
        check(
            whole,
            parts,
            _(
                "%(period)s, %(level)s: the department counts fewer people (%(what)s: %%(whole)s) than its sectors together (%%(parts)s)."
            )
            % {"period": labels[period], "level": level_names[level], "what": what},
        )
    if len(problems) > MAX_PROBLEMS:
        more = len(problems) - MAX_PROBLEMS
        problems = problems[:MAX_PROBLEMS] + [_("… and %(count)s more.") % {"count": more}]
    if problems:
        problems.insert(0, _("Nothing was imported: some figures add up to more than their whole."))
    return problems


def representation_protect(*, periods: list[ReportingPeriod]) -> int:
    """Work out, per quarter, which figures to show as suppressed, and store it; returns how many are hidden."""
    threshold = settings.SUPPRESSION_THRESHOLD
    by_period: dict[int, list] = defaultdict(list)
    for row in _rows(periods):
        by_period[row[1]].append(row)
    hidden_rows: list[int] = []
    hidden_total_rows: list[int] = []
    for rows in by_period.values():
        figures = [
            Figure(sector, level, group, headcount, total) for _pk, _p, sector, level, group, headcount, total in rows
        ]
        hidden = hidden_figures(
            representation_table(figures, level_parts=LEVEL_PARTS, group_parts=GROUP_PARTS), threshold
        )
        for pk, _p, sector, level, group, _h, _t in rows:
            if ("h", sector, level, group) in hidden:
                hidden_rows.append(pk)
            if ("t", sector, level) in hidden:
                hidden_total_rows.append(pk)
    rows = Representation.objects.filter(period__in=periods)
    rows.update(headcount_hidden=False, total_hidden=False)
    rows.filter(pk__in=hidden_rows).update(headcount_hidden=True)
    rows.filter(pk__in=hidden_total_rows).update(total_hidden=True)
    return len(hidden_rows)


# -- survey highlights -------------------------------------------------------------------------
@transaction.atomic
def survey_highlight_save(*, survey: Survey, by, highlight: SurveyHighlight | None = None, **fields) -> SurveyHighlight:
    """Add or change a qualitative highlight of a survey (ARTF)."""
    if highlight is None:
        highlight = SurveyHighlight(survey=survey, created_by=by)
        highlight.order = (survey.highlights.order_by("-order").values_list("order", flat=True).first() or 0) + 1
    for name, value in fields.items():
        setattr(highlight, name, value)
    highlight._history_user = by
    highlight.full_clean()
    highlight.save()
    return highlight


@transaction.atomic
def survey_highlight_delete(*, highlight: SurveyHighlight, by) -> None:
    highlight._history_user = by
    highlight.delete()


# -- the maturity continuum ----------------------------------------------------------------------
@transaction.atomic
def maturity_assess(
    *, sector: Sector, period, by, stage: int, evidence: str, version: int | None, language: str | None = None
) -> MaturityAssessment:
    """A lead records the sector's stage for a quarter open for reporting, with its evidence written in
    ``language`` (the page's); a stale form writes nothing."""
    if not period.is_open_on(timezone.localdate()):
        raise ValidationError(
            _("%(period)s is not open for reporting, so its assessment cannot change.") % {"period": period.label}
        )
    assessment = MaturityAssessment.objects.select_for_update().filter(sector=sector, period=period).first()
    if assessment is None:
        assessment = MaturityAssessment(sector=sector, period=period)
    else:
        check_version(assessment, version, required=True)
        bump_version(assessment)
    if evidence.strip() != assessment.evidence:  # the evidence as it stands is in the language it was written in
        assessment.evidence_language = recorded(evidence, language)
    assessment.stage, assessment.evidence = stage, evidence.strip()
    assessment.assessed_by, assessment.assessed_at = by, timezone.now()
    assessment._history_user = by
    assessment.full_clean(validate_unique=False)
    assessment.save()
    return assessment


@transaction.atomic
def maturity_review(
    *, assessment: MaturityAssessment, by, note: str, language: str | None = None
) -> MaturityAssessment:
    """ARTF's note on a sector's assessment, written in ``language`` (the page's); the stage stays the
    sector's own."""
    assessment = MaturityAssessment.objects.select_for_update().get(pk=assessment.pk)
    if note.strip() != assessment.review_note:
        assessment.review_note_language = recorded(note, language)
    assessment.review_note = note.strip()
    assessment.reviewed_by, assessment.reviewed_at = (by, timezone.now()) if assessment.review_note else (None, None)
    assessment._history_user = by
    assessment.save(update_fields=["review_note", "review_note_language", "reviewed_by", "reviewed_at"])
    return assessment
