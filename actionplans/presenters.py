"""What the plan page prints for each initiative, KPI and timeline bar, built once in Python.

A sector's plan can list hundreds of initiatives and KPIs. Built with template tags, each
row costs dozens of variable lookups, translations and reverse() calls; built here, with
one reverse() per page, labels translated once per page and every value escaped, a row
costs a few string joins. The page's structure stays in the template.
"""

from __future__ import annotations

import datetime
from html import escape

from django.urls import reverse
from django.utils.formats import date_format, get_format
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from core import charts


def e(value) -> str:
    """Escape a value for HTML text or a quoted attribute."""
    return escape(str(value), quote=True)


class MonthLabels(dict):
    """“June 2022” for a date, formatted once per month in the current language."""

    def __missing__(self, key):
        year, month, fmt = key
        value = date_format(datetime.date(year, month, 1), fmt)
        self[key] = value
        return value

    def of(self, day, fmt="F Y") -> str:
        return self[(day.year, day.month, fmt)] if day else ""


class Labels:
    """Choice labels and repeated words, translated once per page rather than once per row."""

    def __init__(self):
        from .health import Health
        from .models import KPI, Initiative

        self.status = {value: e(label) for value, label in Initiative.Status.choices}
        self.direction = {value: e(label) for value, label in KPI.Direction.choices}
        self.health = {value: e(label) for value, label in Health.choices}
        self.edit = e(_("Edit"))
        self.no_value = e(_("No value yet"))
        self.suppressed = format_html(
            '<span class="suppressed" title="{}">{}</span>',
            _("Hidden: a count under the threshold could be worked out from it."),
            _("suppressed"),
        )
        self.lead = _("Lead: %(lead)s")
        self.overdue = _("Overdue")
        self.separator = get_format("DECIMAL_SEPARATOR")


def number(value, separator: str = ".") -> str:
    """12.50 → "12.5" (or "12,5" in French), as floatformat:"-2" prints it, for a fraction of the cost."""
    if value is None:
        return "—"
    return f"{value:.2f}".rstrip("0").rstrip(".").replace(".", separator)


def decorate_plan(plan, *, can_edit: bool) -> None:
    """Attach the printed rows of the plan's initiatives, KPIs and timeline."""
    base = reverse("actionplans:plan-detail", kwargs={"code": plan.sector.code})
    months, labels = MonthLabels(), Labels()
    plan.kpi_header = kpi_header()
    for commitment in plan.commitment_rows:
        decorate_commitment(commitment, base=base, can_edit=can_edit)
        for group in commitment.phase_groups:
            for initiative in group.initiatives:
                decorate_initiative(initiative, commitment, base=base, months=months, can_edit=can_edit, labels=labels)
            group.html = SafeString("".join(initiative.html for initiative in group.initiatives))
        commitment.kpi_html = SafeString(
            "".join(kpi_row_html(kpi, base=base, months=months, labels=labels) for kpi in commitment.kpi_rows)
        )
    bars = []
    for index, (initiative, commitment_number, x, width) in enumerate(plan.timeline):
        title = (
            f"{commitment_number}.{initiative.number} {initiative.title} "
            f"({months.of(initiative.planned_start, 'M Y')} – {months.of(initiative.planned_end, 'M Y')})"
        )
        if initiative.health == "overdue":
            title += f" – {labels.overdue}"
        y = charts.timeline_row_y(index)
        start, end = float(x), float(x) + float(width)
        # The bar's number is written beside it (after it, or before it when the bar reaches the right edge).
        label_x, anchor = (end + 4, "start") if end < 940 else (start - 4, "end")
        bars.append(
            f'<rect x="{x}" y="{y}" width="{width}" height="10" class="bar health-{e(initiative.health or "none")}">'
            f"<title>{e(title)}</title></rect>"
            f'<text x="{label_x:.1f}" y="{y + 9}" text-anchor="{anchor}" class="bar-label">'
            f"{commitment_number}.{initiative.number}</text>"
        )
    plan.timeline_bars = mark_safe("".join(bars))  # noqa: S308 -- numbers and e()-escaped text only


def decorate_commitment(commitment, *, base: str, can_edit: bool) -> None:
    """A commitment's heading, caption and (for editors) its links and screen-reader labels."""
    number = {"number": commitment.number}
    commitment.heading = _("Commitment %(number)s") % number
    commitment.caption = _("Key performance indicators of commitment %(number)s") % number
    if can_edit:
        prefix = f"{base}commitments/{commitment.pk}/"
        commitment.edit_url = f"{prefix}edit/"
        commitment.move_url = f"{prefix}move/"
        commitment.remove_url = f"{prefix}remove/"
        commitment.add_initiative_url = f"{prefix}initiatives/new/"
        commitment.add_kpi_url = f"{prefix}kpis/new/"
        commitment.sr_name = _("commitment %(number)s") % number
        commitment.sr_to = _("to commitment %(number)s") % number
        commitment.up_label = _("Move commitment %(number)s up") % number
        commitment.down_label = _("Move commitment %(number)s down") % number


def kpi_header() -> SafeString:
    """The KPI tables' header row, the same for every commitment."""
    cells = [
        ("", _("Indicator")),
        ("", _("Direction")),
        (' class="text-end"', _("Baseline")),
        (' class="text-end"', _("Target")),
        (' class="text-end"', _("Latest value")),
        ("", _("Trend")),
        ("", _("Health")),
    ]
    return SafeString(
        "<thead><tr>" + "".join(f'<th scope="col"{attrs}>{e(label)}</th>' for attrs, label in cells) + "</tr></thead>"
    )


def decorate_initiative(
    initiative, commitment, *, base: str, months: MonthLabels, can_edit: bool, labels: Labels | None = None
) -> None:
    """The initiative's line on the plan page (also sent alone after an inline edit)."""
    labels = labels or Labels()
    title = e(initiative.title)
    url = f"{base}initiatives/{initiative.pk}/"
    details = ""
    if initiative.lead:
        details += f'<div class="small text-body-secondary">{e(labels.lead % {"lead": initiative.lead})}</div>'
    if initiative.planned_start or initiative.planned_end:
        dates = f"{months.of(initiative.planned_start) or '…'} – {months.of(initiative.planned_end) or '…'}"
        details += f'<div class="small text-body-secondary">{e(dates)}</div>'
    badges = f'<span class="badge status-badge status-{e(initiative.status)}">{labels.status.get(initiative.status, "")}</span>'
    if initiative.health in ("overdue", "at_risk"):
        badges += f' <span class="badge health-{e(initiative.health)}">{labels.health[initiative.health]}</span>'
    if can_edit:
        edit = e(f"{url}edit/")
        badges += (
            f' <a class="btn btn-sm btn-outline-primary ms-1" href="{edit}" hx-get="{edit}" '
            f'hx-target="#initiative-{initiative.pk}" hx-swap="innerHTML">{labels.edit}'
            f'<span class="visually-hidden"> {title}</span></a>'
        )
    initiative.html = SafeString(
        f'<li class="list-group-item" id="initiative-{initiative.pk}">'
        f'<div class="d-flex flex-wrap flex-sm-nowrap justify-content-between align-items-start gap-2 gap-sm-3">'
        f'<div><a class="fw-semibold" href="{e(url)}">{commitment.number}.{initiative.number} {title}</a>{details}</div>'
        f'<div class="initiative-badges">{badges}</div></div></li>'
    )


def kpi_row_html(kpi, *, base: str, months: MonthLabels, labels: Labels) -> SafeString:
    def figure(value, when) -> str:
        if value is None:
            return "—"
        return f'{number(value, labels.separator)}<div class="small text-body-secondary">{e(when)}</div>'

    latest = figure(kpi.latest.value, kpi.latest.period_label) if kpi.latest else labels.no_value
    if kpi.latest and kpi.latest.suppressed:
        latest = f'{labels.suppressed}<div class="small text-body-secondary">{e(kpi.latest.period_label)}</div>'
    spark = (
        '<svg width="120" height="28" viewBox="0 0 120 28" aria-hidden="true" focusable="false">'
        f'<polyline points="{e(kpi.spark)}" class="spark"></polyline></svg>'
        if kpi.spark
        else ""
    )
    return SafeString(
        f'<tr><th scope="row" class="fw-normal"><a href="{e(base)}kpis/{kpi.pk}/">{e(kpi.name)}</a>'
        f"{' (%)' if kpi.unit == 'percent' else ''}</th>"
        f"<td>{labels.direction.get(kpi.direction, '')}</td>"
        f'<td class="text-end">{figure(kpi.baseline_value, months.of(kpi.baseline_date, "M Y"))}</td>'
        f'<td class="text-end">{figure(kpi.target_value, months.of(kpi.target_date, "M Y"))}</td>'
        f'<td class="text-end">{latest}</td><td>{spark}</td>'
        f'<td><span class="badge health-{e(kpi.health)}">{labels.health.get(kpi.health, "")}</span></td></tr>'
    )
