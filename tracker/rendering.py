"""The quarterly ministerial tracker: what it says (``tracker_context``) and its PDF (``render_pdf``).

The document is HTML with a small print stylesheet (``templates/tracker/pdf/``), laid out
by WeasyPrint. WeasyPrint fetches nothing but our own static files (``static_fetcher``): no
remote address, no ``file://``.
"""

from __future__ import annotations

import functools
import hashlib
import io
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.exceptions import SuspiciousFileOperation
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accountability.tracker import accountability_sections
from actionplans.health import Health, kpi_health
from actionplans.models import KPI, Commitment, Initiative, Strategy
from core import charts
from core.memory import collector_paused
from core.text import Shown, marked, plain, shown, shown_in, wanted
from equity.tracker import evidence_sections
from periods.models import ReportingPeriod
from reporting.models import ApprovedInitiativeUpdate, QuarterlyReport
from reporting.selectors import published_figures
from reporting.standing import (
    INITIATIVE_HEALTH,
    INITIATIVE_STATUSES,
    KPI_HEALTH,
    health_basis,
    initiative_counts,
    kpi_counts,
)
from reporting.texts import approved_text
from sectors.models import Sector

from .models import TrackerActions, TrackerCuration

# WeasyPrint resolves the document's relative addresses against this made-up origin (".invalid"
# is reserved: it can never reach a network); the fetcher serves only STATIC_URL paths under it.
BASE_URL = "https://tracker.invalid/"
DEFAULT_TOP_ACTIONS = 5


class FetchRefused(ValueError):
    pass


def _static_path(relative: str) -> str | None:
    """Where a static file named by its URL path lives: the collected copy (hashed names of the
    manifest storage included) when collectstatic has run, else the source file (development)."""
    storage = staticfiles_storage
    try:
        if storage.exists(relative):
            return storage.path(relative)
    except (NotImplementedError, SuspiciousFileOperation):
        pass
    return finders.find(relative)


def static_file(url: str) -> tuple[bytes, str]:
    """The bytes and type of one of our static files named by ``url``; anything else is refused."""
    prefix = BASE_URL + settings.STATIC_URL.lstrip("/")
    if not url.startswith(prefix):
        raise FetchRefused(f"The tracker may only use the application's static files, not {url[:80]}")
    relative = url[len(prefix) :].split("?", 1)[0].split("#", 1)[0]
    if ".." in Path(relative).parts:
        raise FetchRefused("No parent directories in static paths.")
    path = _static_path(relative)
    if not path:
        raise FetchRefused(f"No static file {relative}")
    with open(path, "rb") as handle:
        data = handle.read()
    mime = {".css": "text/css", ".svg": "image/svg+xml", ".png": "image/png", ".ttf": "font/ttf"}.get(
        os.path.splitext(relative)[1], "application/octet-stream"
    )
    return data, mime


class MissingResources(RuntimeError):
    """A stylesheet, font or image of the tracker could not be loaded: the PDF would look wrong."""


def static_fetcher():
    """WeasyPrint's URL fetcher for the tracker: our static files, nothing from a network or a disk path.

    WeasyPrint only logs a resource it cannot load and lays the document out without it; the
    fetcher keeps each refusal in ``refused`` so that the render can fail rather than publish a
    tracker without its stylesheet.
    """
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticFetcher(URLFetcher):
        refused: list[str]

        def fetch(self, url, headers=None):
            try:
                data, mime = static_file(url)
            except FetchRefused as error:
                self.refused.append(str(error))
                raise
            return URLFetcherResponse(url, data, {"Content-Type": mime})

    fetcher = StaticFetcher(allowed_protocols=("https",), fail_on_errors=False)
    fetcher.refused = []
    return fetcher


@dataclass
class SectorPart:
    code: str
    name: str
    report_status: str
    actions: list[str]
    kpis: list = field(default_factory=list)
    commitments: list = field(default_factory=list)


# A list marker a person typed at the start of a line: "1. ", "2) ", "- ", "• ". An initiative's own
# number ("1.1 Trust Circles") is not one: it is part of the action and stays.
LIST_MARKER = re.compile(r"^\s*(?:[-•*–]+|\d{1,2}[.)](?!\d))\s*")


def _lines(text: str) -> list[str]:
    """The top actions one per line, without the bullets or numbers typed before them (the PDF lists them)."""
    lines = (LIST_MARKER.sub("", line).strip() for line in (text or "").splitlines())
    return [line for line in lines if line]


def tracker_context(*, period: ReportingPeriod, language: str) -> dict:
    """Everything the tracker prints for a period, in a language; a fixed number of queries."""
    with translation.override(language):
        return _context(period, language)


def _context(period: ReportingPeriod, language: str) -> dict:
    strategy = Strategy.objects.current()
    figures = published_figures(period=period, series=True)  # only approved figures are printed
    basis = health_basis(period, timezone.localdate())  # the dashboard's rule: the quarter's end, or today
    statuses = dict(QuarterlyReport.objects.filter(period=period).values_list("sector_id", "status"))
    parts = _sector_parts(period, language, statuses)
    _annex(parts, period, language, strategy, figures, basis.day)
    _kpi_progress(parts, period, language, strategy, figures)
    cover = _cover_and_summary(period, language, strategy, statuses, len(parts), basis)
    return {
        "period": period,
        "language": language,
        "strategy": strategy,
        "generated": timezone.localtime(),
        **cover,
        "sectors": list(parts.values()),
        "extra_sections": [
            *evidence_sections(period=period, language=language),
            *accountability_sections(period=period, language=language),
        ],
    }


def _cover_and_summary(
    period: ReportingPeriod, language: str, strategy, statuses: dict[int, str], sector_count: int, basis
) -> dict:
    """The cover's figures and the department's summary: ARTF's words, reports received, the counts and charts."""
    curation = TrackerCuration.objects.filter(period=period).first()
    by_sector_initiatives = initiative_counts(strategy=strategy, phase=None, on=basis.day)
    by_sector_kpis = kpi_counts(strategy=strategy, period=period)
    totals_status = {s: sum(c.get(s, 0) for c in by_sector_initiatives.values()) for s in INITIATIVE_STATUSES}
    totals_health = {h: sum(c.get(h, 0) for c in by_sector_initiatives.values()) for h in INITIATIVE_HEALTH}
    totals_kpis = {h: sum(c.get(h, 0) for c in by_sector_kpis.values()) for h in KPI_HEALTH}
    summary = shown_in(curation, "summary", language)  # blank without a curation
    return {
        # Each paragraph marked with its lang when ARTF wrote the summary in the other language only.
        "summary_paragraphs": [
            marked(Shown(p, summary.language, summary.wanted)) for p in summary.text.split("\n\n") if p.strip()
        ],
        "sector_count": sector_count,
        "received": sum(1 for s in statuses.values() if s in ("submitted", "approved")),
        "approved": sum(1 for s in statuses.values() if s == "approved"),
        "status_rows": [(str(Initiative.Status(s).label), n) for s, n in totals_status.items()],
        "health_basis": basis.phrase,
        "threshold": settings.SUPPRESSION_THRESHOLD,
        "health_rows": [(str(Health(h).label), n) for h, n in totals_health.items()],
        "kpi_rows": [(str(Health(h).label), n) for h, n in totals_kpis.items()],
        "health_chart": _bars([(str(Health(h).label), n, h) for h, n in totals_health.items()]),
        "kpi_chart": _bars([(str(Health(h).label), n, h) for h, n in totals_kpis.items()]),
    }


def _sector_parts(period: ReportingPeriod, language: str, statuses: dict[int, str]) -> dict[int, SectorPart]:
    """Each active sector's section, by sector id: its name, its report's status and its top actions
    (as ARTF curated them, else the first of its approved report's list)."""
    sectors = plain(Sector).filter(is_active=True).order_by("code").values_list("pk", "code", "name_en", "name_fr")
    approved_actions = {
        sector_id: (text, written)
        for sector_id, text, written in QuarterlyReport.objects.filter(
            period=period, status=QuarterlyReport.Status.APPROVED
        ).values_list("sector_id", "top_actions", "language")
    }
    curated = {row.sector_id: row for row in TrackerActions.objects.filter(period=period)}  # else the report's list
    parts: dict[int, SectorPart] = {}
    for pk, code, name_en, name_fr in sectors:
        chosen = curated.get(pk)
        wording = shown(chosen.actions_en.strip(), chosen.actions_fr.strip(), language) if chosen else None
        if wording and wording.text:
            actions = [marked(Shown(line, wording.language, wording.wanted)) for line in _lines(wording.text)]
        else:
            # The report's own list, in the language the sector wrote it in (marked when it is the other).
            text, written = approved_actions.get(pk, ("", ""))
            reader = wanted(language)
            actions = [marked(Shown(line, written or reader, reader)) for line in _lines(text)[:DEFAULT_TOP_ACTIONS]]
        parts[pk] = SectorPart(
            code=code,
            name=marked(shown(name_en, name_fr, language)),
            report_status=statuses.get(pk, QuarterlyReport.Status.NOT_STARTED),
            actions=actions,
        )
    return parts


def _annex_row(
    number, t_en, t_fr, status, planned_end, lead, percent=None, *, language: str, overdue_cut, status_labels
) -> dict:
    overdue = planned_end is not None and planned_end < overdue_cut and status not in ("completed", "cancelled")
    return {
        "number": number,
        "title": marked(shown(t_en, t_fr, language)),
        "status": str(status_labels.get(status, status)),
        "planned_end": planned_end,
        "lead": marked(shown(*lead, language)),
        "overdue": overdue,
        "percent": percent,
    }


def _annex(
    parts: dict[int, SectorPart], period: ReportingPeriod, language: str, strategy, figures, overdue_cut
) -> None:
    """The annex, into each sector's part: every initiative by sector and commitment, in one query each.
    A sector whose report is approved is listed as approved (its approved record); the others as
    their plan stands."""
    commitments = {}
    by_number = {}
    for pk, plan_sector, number, st_en, st_fr in (
        plain(Commitment)
        .filter(plan__strategy=strategy, plan__sector__is_active=True)
        .order_by("plan__sector__code", "number")
        .values_list("pk", "plan__sector_id", "number", "statement_en", "statement_fr")
    ):
        entry = {"number": number, "statement": marked(shown(st_en, st_fr, language)), "initiatives": []}
        commitments[pk] = entry
        by_number[(plan_sector, number)] = entry
        if plan_sector in parts:
            parts[plan_sector].commitments.append(entry)
    row = functools.partial(
        _annex_row, language=language, overdue_cut=overdue_cut, status_labels=dict(Initiative.Status.choices)
    )
    for commitment_id, number, t_en, t_fr, status, planned_end, l_en, l_fr in (
        plain(Initiative)
        .filter(commitment__in=list(commitments), is_archived=False)
        .exclude(commitment__plan__sector_id__in=figures.approved_sectors)
        .order_by("commitment_id", "number")
        .values_list("commitment_id", "number", "title_en", "title_fr", "status", "planned_end", "lead_en", "lead_fr")
    ):
        commitments[commitment_id]["initiatives"].append(row(number, t_en, t_fr, status, planned_end, (l_en, l_fr)))
    for sector_id, c_number, number, t_en, t_fr, status, planned_end, l_en, l_fr, percent, *live in (
        ApprovedInitiativeUpdate.objects.filter(report__period=period, report__status=QuarterlyReport.Status.APPROVED)
        .order_by("report__sector_id", "commitment_number", "number")
        .values_list(
            "report__sector_id",
            "commitment_number",
            "number",
            "title_en",
            "title_fr",
            "status",
            "planned_end",
            "lead_en",
            "lead_fr",
            "percent_done",
            "initiative__title_en",
            "initiative__title_fr",
            "initiative__lead_en",
            "initiative__lead_fr",
        )
    ):
        # A language the record lacks, read from the initiative when the other one is unchanged.
        t_en, t_fr = approved_text(t_en, t_fr, live[0], live[1])
        l_en, l_fr = approved_text(l_en, l_fr, live[2], live[3])
        if sector_id not in parts:
            continue
        entry = by_number.get((sector_id, c_number))
        if entry is None:  # the commitment was renumbered or removed since approval
            entry = by_number[(sector_id, c_number)] = {"number": c_number, "statement": "", "initiatives": []}
            parts[sector_id].commitments.append(entry)
        entry["initiatives"].append(row(number, t_en, t_fr, status, planned_end, (l_en, l_fr), percent))


def _kpi_progress(parts: dict[int, SectorPart], period: ReportingPeriod, language: str, strategy, figures) -> None:
    """KPI progress, into each sector's part: each active KPI's all-groups values up to this period,
    with a small chart. Values only as the approved reports hold them, through the small-count
    rule (``reporting.selectors.published_figures``)."""
    kpis = (
        plain(KPI)
        .filter(commitment__plan__strategy=strategy, commitment__plan__sector__is_active=True, is_archived=False)
        .order_by("commitment__plan__sector__code", "commitment__number", "number")
        .values_list(
            "pk",
            "commitment__plan__sector_id",
            "commitment__number",
            "number",
            "name_en",
            "name_fr",
            "unit",
            "direction",
            "baseline_value",
            "baseline_date",
            "target_value",
            "target_date",
            "is_disaggregated",
        )
    )
    series, current = figures.kpi_series, figures.kpi_values
    health_labels = {h.value: str(h.label) for h in Health}
    not_approved = _("Report not approved")
    for pk, sector_id, c_number, number, n_en, n_fr, unit, direction, bv, bd, tv, td, _split in kpis:
        if sector_id not in parts:
            continue
        suppressed = pk in figures.suppressed
        # Health is a band, not a count: it is read from the approved value even when that is suppressed.
        health = kpi_health(_KPI(direction, bv, bd, tv, td), current.get(pk), period.end_date)
        value = None if suppressed else current.get(pk)
        approved = figures.is_approved(sector_id)
        parts[sector_id].kpis.append(
            {
                "label": f"{c_number}.{number}",
                "name": marked(shown(n_en, n_fr, language)),
                "unit": unit,
                "baseline": bv,
                "target": tv,
                "target_date": td,
                "value": value,
                "health": health if approved else Health.NO_DATA.value,
                "health_label": health_labels[health] if approved else not_approved,
                "approved": approved,
                "suppressed": suppressed,
                "spark": charts.sparkline(series.get(pk, [])[-8:], width=110, height=22),
            }
        )


class _KPI:
    __slots__ = ("direction", "baseline_value", "baseline_date", "target_value", "target_date")

    def __init__(self, direction, baseline_value, baseline_date, target_value, target_date):
        self.direction = direction
        self.baseline_value, self.baseline_date = baseline_value, baseline_date
        self.target_value, self.target_date = target_value, target_date


COLOURS = {
    "on_track": "#146c43",
    "at_risk": "#9a4b00",
    "off_track": "#b02a37",
    "overdue": "#b02a37",
    "no_data": "#6c757d",
}


BAR_FONT = 9  # the label size of the summary's bar charts, in the SVG's units
BAR_LENGTH = 300  # the longest bar


def _bars(items: list[tuple[str, int, str]]) -> dict:
    """A horizontal bar per label, in its health's colour; the label column is as wide as the longest label in the language."""
    chart = charts.fitted_bar_chart([(label, n) for label, n, _h in items], font_size=BAR_FONT, length=BAR_LENGTH)
    for row, (_label, _n, css) in zip(chart["rows"], items, strict=True):
        row["colour"] = COLOURS[css]
    return chart


@dataclass
class RenderedPDF:
    data: bytes
    pages: int
    sha256: str


def render_document(*, period: ReportingPeriod, language: str):
    """The tracker laid out by WeasyPrint (its pages and boxes), before it is written as PDF."""
    from weasyprint import HTML

    context = tracker_context(period=period, language=language)
    with translation.override(language):
        html = render_to_string("tracker/pdf/tracker.html", context)
    fetcher = static_fetcher()
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher).render()
    if fetcher.refused:
        raise MissingResources("; ".join(dict.fromkeys(fetcher.refused)))
    return document


def render_pdf(*, period: ReportingPeriod, language: str) -> RenderedPDF:
    """The tracker as PDF bytes, with its page count and checksum."""
    with collector_paused():  # the layout's boxes all live until the PDF is written
        document = render_document(period=period, language=language)
        buffer = io.BytesIO()
        document.write_pdf(buffer, pdf_variant="pdf/ua-1")
    data = buffer.getvalue()
    return RenderedPDF(data=data, pages=len(document.pages), sha256=hashlib.sha256(data).hexdigest())
