"""What the plan page prints for each initiative, KPI and timeline bar, built once in Python.

A sector's plan can list hundreds of initiatives and KPIs. Built with template tags, each
row costs dozens of variable lookups, translations and reverse() calls; built here, with
each link reversed once per page, labels translated once per page and every value escaped
by ``format_html``, a row costs a few string formats. The page's structure stays in the
template. The rule these rows keep is ADR 0003's.
"""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from core import charts, typography
from core.html import escaped, format_html, joined
from core.text import badge, lang_attribute, marked, shown_in, wanted


class PlanUrls:
    """The plan page's links, each reversed once per page with a placeholder id that a row
    replaces by its own (the id is the last part of every one of these paths)."""

    PLACEHOLDER = "2147483647"

    def __init__(self, code: str):
        self.code = code
        self.plan = reverse("actionplans:plan-detail", kwargs={"code": code})
        self._patterns: dict[str, tuple[str, str]] = {}

    def __call__(self, name: str, pk: int) -> SafeString:
        """The URL of route ``actionplans:<name>`` for the object ``pk``, escaped for HTML once per page."""
        try:
            head, tail = self._patterns[name]
        except KeyError:
            kwarg = "commitment_pk" if name in ("initiative-create", "kpi-create") else "pk"
            url = reverse(f"actionplans:{name}", kwargs={"code": self.code, kwarg: self.PLACEHOLDER})
            head, _placeholder, tail = escaped(url).rpartition(self.PLACEHOLDER)
            self._patterns[name] = head, tail
        return SafeString(f"{head}{int(pk)}{tail}")


class MonthLabels(dict):
    """“June 2022” (or “Jun 2022”) for a date, written once per month in the current language by
    ``core.typography``."""

    FORMATS = {"F Y": typography.month_year, "M Y": typography.short_month_year}

    def __missing__(self, key):
        year, month, fmt = key
        value = self.FORMATS[fmt](datetime.date(year, month, 1))
        self[key] = value
        return value

    def of(self, day, fmt="F Y") -> str:
        return self[(day.year, day.month, fmt)] if day else ""


class Labels:
    """Choice labels and repeated words, translated once per page rather than once per row
    (and escaped once: the escaped ones are ``SafeString``s)."""

    def __init__(self, *, flag: bool = False):
        from .health import Health

        self.flag = flag  # the reader can edit: texts missing their language carry the badge
        # The reader's language, asked once: each row's texts and figures are written in it.
        self.language = wanted()
        from .models import KPI, Initiative

        self.status = {value: escaped(label) for value, label in Initiative.Status.choices}
        self.direction = {value: escaped(label) for value, label in KPI.Direction.choices}
        self.health = {value: escaped(label) for value, label in Health.choices}
        self.edit = escaped(_("Edit"))
        self.no_value = escaped(_("No value yet"))
        self.suppressed = format_html(
            '<span class="suppressed" title="{}">{}</span>',
            _("Hidden: a count under the threshold could be worked out from it."),
            _("suppressed"),
        )
        self.lead = escaped(_("Lead: %(lead)s"))  # escaped once: a row puts its marked lead in
        self.overdue = _("Overdue")


def decorate_plan(plan, *, can_edit: bool) -> None:
    """Attach the printed rows of the plan's initiatives, KPIs and timeline."""
    urls = PlanUrls(plan.sector.code)
    months, labels = MonthLabels(), Labels(flag=can_edit)
    plan.kpi_header = kpi_header()
    for commitment in plan.commitment_rows:
        decorate_commitment(commitment, urls=urls, can_edit=can_edit)
        for group in commitment.phase_groups:
            for initiative in group.initiatives:
                decorate_initiative(initiative, commitment, urls=urls, months=months, can_edit=can_edit, labels=labels)
            group.html = joined(initiative.html for initiative in group.initiatives)
        commitment.kpi_html = joined(
            kpi_row_html(kpi, urls=urls, months=months, labels=labels) for kpi in commitment.kpi_rows
        )
    plan.timeline_bars = joined(
        timeline_bar(initiative, commitment_number, x, width, index=index, months=months, labels=labels)
        for index, (initiative, commitment_number, x, width) in enumerate(plan.timeline)
    )
    plan.timeline_table = joined(
        timeline_table_row(initiative, commitment_number, months=months, labels=labels)
        for initiative, commitment_number, _x, _width in plan.timeline
    )


def timeline_table_row(initiative, commitment_number, *, months: MonthLabels, labels: Labels) -> SafeString:
    """The timeline's bar as a row of the table beside it (the same facts, for every reader)."""
    return format_html(
        '<tr><th scope="row" class="fw-normal">{}.{} {}</th><td>{}</td><td>{}</td><td>{}</td></tr>',
        commitment_number,
        initiative.number,
        marked(shown_in(initiative, "title", labels.language)),
        months.of(initiative.planned_start, "M Y"),
        months.of(initiative.planned_end, "M Y"),
        labels.health.get(initiative.health, "—") if initiative.health else "—",
    )


def timeline_bar(initiative, commitment_number, x, width, *, index: int, months: MonthLabels, labels: Labels):
    """One initiative's bar in the plan's timeline (SVG), with its number beside it."""
    shown = shown_in(initiative, "title", labels.language)
    title = (
        f"{commitment_number}.{initiative.number} {shown.text} "
        f"({months.of(initiative.planned_start, 'M Y')} – {months.of(initiative.planned_end, 'M Y')})"
    )
    if initiative.health == "overdue":
        title += f" – {labels.overdue}"
    y = charts.timeline_row_y(index)
    start, end = float(x), float(x) + float(width)
    # The number is written after the bar, or before it when the bar reaches the right edge.
    label_x, anchor = (end + 4, "start") if end < 940 else (start - 4, "end")
    return format_html(
        '<rect x="{}" y="{}" width="{}" height="10" class="bar health-{}"><title{}>{}</title></rect>'
        '<text x="{}" y="{}" text-anchor="{}" class="bar-label">{}</text>',
        x,
        y,
        width,
        initiative.health or "none",
        lang_attribute(shown),  # an SVG title holds no span: the title is most of it
        title,
        f"{label_x:.1f}",
        y + 9,
        anchor,
        f"{commitment_number}.{initiative.number}",
    )


def decorate_commitment(commitment, *, urls: PlanUrls, can_edit: bool) -> None:
    """A commitment's heading, caption and (for editors) its links and screen-reader labels."""
    number = {"number": commitment.number}
    commitment.heading = _("Commitment %(number)s") % number
    commitment.caption = _("Key performance indicators of commitment %(number)s") % number
    if can_edit:
        commitment.edit_url = urls("commitment-update", commitment.pk)
        commitment.move_url = urls("commitment-move", commitment.pk)
        commitment.remove_url = urls("commitment-delete", commitment.pk)
        commitment.add_initiative_url = urls("initiative-create", commitment.pk)
        commitment.add_kpi_url = urls("kpi-create", commitment.pk)
        commitment.sr_name = _("commitment %(number)s") % number
        commitment.sr_to = _("to commitment %(number)s") % number
        commitment.up_label = _("Move commitment %(number)s up") % number
        commitment.down_label = _("Move commitment %(number)s down") % number


def kpi_header() -> SafeString:
    """The KPI tables' header row, the same for every commitment."""
    start, end = '<th scope="col">{}</th>', '<th scope="col" class="text-end">{}</th>'
    cells = [
        (start, _("Indicator")),
        (start, _("Direction")),
        (end, _("Baseline")),
        (end, _("Target")),
        (end, _("Latest value")),
        (start, _("Trend")),
        (start, _("Health")),
    ]
    return format_html("<thead><tr>{}</tr></thead>", joined(format_html(cell, label) for cell, label in cells))


def decorate_initiative(
    initiative, commitment, *, urls: PlanUrls, months: MonthLabels, can_edit: bool, labels: Labels | None = None
) -> None:
    """The initiative's line on the plan page (also sent alone after an inline edit)."""
    labels = labels or Labels(flag=can_edit)
    shown = shown_in(initiative, "title", labels.language)
    details = []
    lead = shown_in(initiative, "lead", labels.language)
    if lead.text:
        details.append(
            format_html(
                '<div class="small text-body-secondary">{}{}</div>',
                SafeString(labels.lead % {"lead": marked(lead)}),  # both parts escaped
                badge(lead) if labels.flag else "",
            )
        )
    if initiative.planned_start or initiative.planned_end:
        dates = f"{months.of(initiative.planned_start) or '…'} – {months.of(initiative.planned_end) or '…'}"
        details.append(format_html('<div class="small text-body-secondary">{}</div>', dates))
    badges = [
        format_html(
            '<span class="badge status-badge status-{}">{}</span>',
            initiative.status,
            labels.status.get(initiative.status, ""),
        )
    ]
    if initiative.health in ("overdue", "at_risk"):
        badges.append(
            format_html(' <span class="badge health-{}">{}</span>', initiative.health, labels.health[initiative.health])
        )
    if can_edit:
        badges.append(
            format_html(
                ' <a class="btn btn-sm btn-outline-primary ms-1" href="{edit}" hx-get="{edit}" '
                'hx-target="#initiative-{pk}" hx-swap="innerHTML">{label}'
                '<span class="visually-hidden"> {title}</span></a>',
                edit=urls("initiative-update", initiative.pk),
                pk=initiative.pk,
                label=labels.edit,
                title=marked(shown),
            )
        )
    initiative.html = format_html(
        '<li class="list-group-item" id="initiative-{}">'
        '<div class="d-flex flex-wrap flex-sm-nowrap justify-content-between align-items-start gap-2 gap-sm-3">'
        '<div><a class="fw-semibold" href="{}">{} {}</a>{}{}</div>'
        '<div class="initiative-badges">{}</div></div></li>',
        initiative.pk,
        urls("initiative-detail", initiative.pk),
        f"{commitment.number}.{initiative.number}",
        marked(shown),
        badge(shown) if labels.flag else "",
        joined(details),
        joined(badges),
    )


def kpi_row_html(kpi, *, urls: PlanUrls, months: MonthLabels, labels: Labels) -> SafeString:
    def figure(value, when):
        if value is None:
            return "—"
        return format_html(
            '{}<div class="small text-body-secondary">{}</div>',
            typography.with_unit(value, kpi.unit, labels.language),
            when,
        )

    name = shown_in(kpi, "name", labels.language)
    latest = figure(kpi.latest.value, kpi.latest.period_label) if kpi.latest else labels.no_value
    if kpi.latest and kpi.latest.suppressed:
        latest = format_html(
            '{}<div class="small text-body-secondary">{}</div>', labels.suppressed, kpi.latest.period_label
        )
    spark = (
        format_html(
            '<svg width="120" height="28" viewBox="0 0 120 28" aria-hidden="true" focusable="false">'
            '<polyline points="{}" class="spark"></polyline></svg>',
            kpi.spark,
        )
        if kpi.spark
        else ""
    )
    return format_html(
        '<tr><th scope="row" class="fw-normal"><a href="{}">{}</a>{}{}</th>'
        "<td>{}</td>"
        '<td class="text-end">{}</td>'
        '<td class="text-end">{}</td>'
        '<td class="text-end">{}</td><td>{}</td>'
        '<td><span class="badge health-{}">{}</span></td></tr>',
        urls("kpi-detail", kpi.pk),
        marked(name),
        " (%)" if kpi.unit == "percent" else "",
        badge(name) if labels.flag else "",
        labels.direction.get(kpi.direction, ""),
        figure(kpi.baseline_value, months.of(kpi.baseline_date, "M Y")),
        figure(kpi.target_value, months.of(kpi.target_date, "M Y")),
        latest,
        spark,
        kpi.health,
        labels.health.get(kpi.health, ""),
    )
