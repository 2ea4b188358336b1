"""Geometry for the SVG charts drawn in templates (the same numbers go in a table beside them)."""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.formats import number_format

# The widest advance of an average character in the sans-serif faces the site and the tracker use
# (DejaVu Sans is the widest), as a share of the font size: room reserved for a label is never short.
CHAR_WIDTH = 0.6


def text_width(text: str, font_size: float) -> float:
    """How wide a line of text can be drawn, in the chart's units (an upper estimate)."""
    return len(str(text)) * font_size * CHAR_WIDTH


def label_width(labels, font_size: float, gap: float = 6) -> int:
    """The width of a chart's label column: its longest label (in the active language) and a gap."""
    return math.ceil(max([text_width(label, font_size) for label in labels] + [0]) + gap)


@dataclass
class Point:
    x: float
    y: float
    label: str
    value: Decimal


@dataclass
class TrendChart:
    width: int
    height: int
    points: list[Point] = field(default_factory=list)
    target_line: tuple[float, float, float, float] | None = None
    y_ticks: list[tuple[float, str]] = field(default_factory=list)
    x_ticks: list[tuple[float, str]] = field(default_factory=list)

    @property
    def polyline(self) -> str:
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.points)


def _fmt(value: Decimal) -> str:
    """An axis value in the active language's digits: "24.5", in French "24,5"."""
    text = f"{value:.2f}".rstrip("0").rstrip(".") or "0"
    return number_format(Decimal(text), use_l10n=True)


def trend_chart(
    *,
    series: list[tuple[datetime.date, str, Decimal]],
    baseline: tuple[datetime.date, Decimal] | None,
    target: tuple[datetime.date, Decimal] | None,
    width: int = 640,
    height: int = 220,
    padding: int = 36,
) -> TrendChart | None:
    """A line of values over time, with the straight line from baseline to target."""
    dates = [d for d, _label, _v in series] + [p[0] for p in (baseline, target) if p]
    values = [v for _d, _label, v in series] + [p[1] for p in (baseline, target) if p]
    if not dates:
        return None
    first, last = min(dates), max(dates)
    low, high = min(values), max(values)
    if high == low:
        high, low = high + 1, low - 1
    span_days = max((last - first).days, 1)
    inner_w, inner_h = width - 2 * padding, height - 2 * padding

    def x(day: datetime.date) -> float:
        return padding + inner_w * (day - first).days / span_days

    def y(value: Decimal) -> float:
        return padding + inner_h * float((high - value) / (high - low))

    chart = TrendChart(width=width, height=height)
    chart.points = [Point(x(d), y(v), label, v) for d, label, v in series]
    if baseline and target:
        chart.target_line = (x(baseline[0]), y(baseline[1]), x(target[0]), y(target[1]))
    chart.y_ticks = [(y(v), _fmt(v)) for v in (low, (low + high) / 2, high)]
    chart.x_ticks = [(x(first), str(first.year)), (x(last), str(last.year))]
    return chart


def sparkline(values: list[Decimal], width: int = 120, height: int = 28) -> str:
    """Points for a small trend line (no axes); empty when there is nothing to draw."""
    if len(values) < 2:
        return ""
    low, high = min(values), max(values)
    if high == low:
        high, low = high + 1, low - 1
    step = (width - 4) / (len(values) - 1)
    return " ".join(
        f"{2 + i * step:.1f},{2 + (height - 4) * float((high - v) / (high - low)):.1f}" for i, v in enumerate(values)
    )


def timeline_geometry(*, start: datetime.date, end: datetime.date, today: datetime.date, width: int = 1000):
    """x positions (in a 0..width box) for dates on the strategy's span, and today's marker."""
    span = max((end - start).days, 1)

    def x(day: datetime.date | None) -> float | None:
        if day is None:
            return None
        return max(0.0, min(width, width * (day - start).days / span))

    return x, (x(today) if start <= today <= end else None)


TIMELINE_ROW = 16  # height of one initiative's bar row in the plan timeline (viewBox units)
TIMELINE_TOP = 22  # room above the first bar for the phase numbers
TIMELINE_AXIS = 26  # room below the last bar for the date axis


def year_ticks(x, *, start: datetime.date, end: datetime.date) -> list[tuple[float, str]]:
    """A tick on 1 January of every year inside the span, with the year as its label."""
    return [
        (x(datetime.date(year, 1, 1)), str(year))
        for year in range(start.year + (0 if (start.month, start.day) == (1, 1) else 1), end.year + 1)
    ]


def timeline_height(rows: int) -> int:
    """The plan timeline's height: the phase labels, one row per bar and the date axis."""
    return TIMELINE_TOP + rows * TIMELINE_ROW + TIMELINE_AXIS


def timeline_row_y(index: int) -> int:
    """The top of the bar of the index-th initiative (from 0)."""
    return TIMELINE_TOP + index * TIMELINE_ROW + 3
