"""Geometry for the SVG charts drawn in templates (the same numbers go in a table beside them).

Every number a chart writes (axis ticks, the value beside a bar, a point's title) is written here
through ``core.typography``, in the active language: "24.5" and "29.15%", in French "24,5" and
"29,15 %"; the templates print the ``text`` they are given and never format a figure themselves."""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass, field
from decimal import Decimal

from . import typography

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
    text: str = ""  # the value as the reader's language writes it, with its unit


@dataclass
class TrendChart:
    width: int
    height: int
    points: list[Point] = field(default_factory=list)
    target_line: tuple[float, float, float, float] | None = None
    y_ticks: list[tuple[float, str]] = field(default_factory=list)
    x_ticks: list[tuple[float, str]] = field(default_factory=list)
    left: int = 36  # where the value axis stands: room for the longest tick label before it
    right: int = 36
    bottom: int = 36

    @property
    def axis_y(self) -> int:
        return self.height - self.bottom

    @property
    def axis_x_end(self) -> int:
        return self.width - self.right

    @property
    def polyline(self) -> str:
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.points)


TICK_FONT = 12  # the axis labels' size on the pages (``svg .tick`` in app.css)


def _fmt(value: Decimal, unit: str = "") -> str:
    """An axis value in the active language: "24.5" or "24.5%", in French "24,5" or "24,5 %"."""
    return typography.with_unit(value, unit)


def trend_chart(
    *,
    series: list[tuple[datetime.date, str, Decimal]],
    baseline: tuple[datetime.date, Decimal] | None,
    target: tuple[datetime.date, Decimal] | None,
    width: int = 640,
    height: int = 220,
    padding: int = 36,
    unit: str = "",
) -> TrendChart | None:
    """A line of values over time, with the straight line from baseline to target.

    ``unit`` is the KPI's ("percent" writes the ticks and values with their sign); the value axis
    stands far enough right for its longest tick label in the active language."""
    dates = [d for d, _label, _v in series] + [p[0] for p in (baseline, target) if p]
    values = [v for _d, _label, v in series] + [p[1] for p in (baseline, target) if p]
    if not dates:
        return None
    first, last = min(dates), max(dates)
    low, high = min(values), max(values)
    if high == low:
        high, low = high + 1, low - 1
    span_days = max((last - first).days, 1)
    tick_values = (low, (low + high) / 2, high)
    ticks = [_fmt(v, unit) for v in tick_values]
    left = max(padding, math.ceil(2 + text_width(max(ticks, key=len), TICK_FONT) + 6))
    inner_w, inner_h = width - left - padding, height - 2 * padding

    def x(day: datetime.date) -> float:
        return left + inner_w * (day - first).days / span_days

    def y(value: Decimal) -> float:
        return padding + inner_h * float((high - value) / (high - low))

    chart = TrendChart(width=width, height=height, left=left, right=padding, bottom=padding)
    chart.points = [Point(x(d), y(v), label, v, _fmt(v, unit)) for d, label, v in series]
    if baseline and target:
        chart.target_line = (x(baseline[0]), y(baseline[1]), x(target[0]), y(target[1]))
    chart.y_ticks = [(y(v), text) for v, text in zip(tick_values, ticks, strict=True)]
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


def timeline_span(x, start, end, *, minimum: float = 2) -> tuple[float, float] | None:
    """(x, width) of a bar from ``start`` to ``end`` on a timeline (``x`` from ``timeline_geometry``),
    at least ``minimum`` wide so that a short span stays visible; None when a date is missing."""
    left, right = x(start), x(end)
    if left is None or right is None:
        return None
    return left, max(right - left, minimum)


@dataclass
class Bar:
    label: str
    value: int
    width: float
    y: float
    css: str
    text: str = ""  # the count written beside the bar: "12,500", in French "12 500"


@dataclass
class BarChart:
    title: str
    bars: list[Bar]
    height: int
    width: int = 420
    label_width: int = 150


def bar_chart(title, items: list[tuple[str, int, str]], *, width: int = 420, label_width: int = 150) -> BarChart:
    """Horizontal bars scaled to the largest value, beside a fixed label column (the web page's
    charts); ``items`` are (label, value, css class); the values are written beside the bars."""
    top = max([value for _label, value, _css in items] + [1])
    span = width - label_width - 50
    bars = [
        Bar(
            label=str(label),
            value=value,
            width=round(span * value / top, 1),
            y=10 + index * 28,
            css=css,
            text=typography.number(value),
        )
        for index, (label, value, css) in enumerate(items)
    ]
    return BarChart(title=title, bars=bars, height=20 + 28 * len(items), width=width, label_width=label_width)


def fitted_bar_chart(items: list[tuple[str, int]], *, font_size: float, length: int = 300) -> dict:
    """Horizontal bars scaled to the largest value, with a label column as wide as the longest
    label in the active language (the PDF's charts); ``items`` are (label, value). Each row also
    has ``value_x``, where the value is written after its bar."""
    top = max([n for _label, n in items] + [1])
    label_x = label_width([label for label, _n in items], font_size)
    return {
        "label_x": label_x - 4,
        "bar_x": label_x,
        "width": label_x + length + 24,  # room for the count after the longest bar
        "height": 8 + 24 * len(items),
        "rows": [
            {
                "label": label,
                "value": n,
                "text": typography.number(n),
                "width": round(length * n / top, 1),
                "y": 4 + i * 24,
                "value_x": round(label_x + length * n / top + 4, 1),
            }
            for i, (label, n) in enumerate(items)
        ],
    }


def paired_bars(
    items: list[tuple[str, Decimal | None, Decimal | None]], *, floor: Decimal = Decimal(10), length: int = 300
) -> list[dict]:
    """Two bars per label (a value and its benchmark) on one scale, from 0 to the largest of
    them (at least ``floor``); ``items`` are (label, value, benchmark), either may be None."""
    top = max([value or 0 for _l, value, _b in items] + [bench or 0 for _l, _v, bench in items] + [floor])
    return [
        {
            "label": label,
            "y": 6 + i * 34,
            "percent": value,
            "lma": bench,
            "width": round(float(value / top) * length, 1) if value is not None else None,
            "lma_width": round(float(bench / top) * length, 1) if bench is not None else None,
        }
        for i, (label, value, bench) in enumerate(items)
    ]


def diverging_bars(
    groups: list[tuple[str, list[tuple[str, Decimal | None]]]],
    *,
    font_size: float,
    scale: float,
    half: int = 150,
    value_room: int = 30,
) -> dict:
    """A bar per label around zero (negative values to the left), grouped under headings.

    ``groups`` are (heading, [(label, value), ...]); a value of None is drawn as hidden (the row
    has ``suppressed``). ``scale`` is the value drawn at full length (``half``, on either side);
    longer values are drawn at full length. The label column is as wide as the longest label."""
    label_x = label_width([label for _heading, bars in groups for label, _value in bars], font_size)
    centre = label_x + value_room + half
    rows, y = [], 4
    for heading, bars in groups:
        rows.append({"kind": "level", "label": heading, "y": y + 11})
        y += 16
        for label, value in bars:
            bar = {"kind": "bar", "label": label, "y": y, "text_y": y + 9}
            if value is None:
                bar["suppressed"] = True
            else:
                length = min(abs(float(value)) / scale, 1.0) * half
                bar.update(
                    gap=value,
                    text=typography.signed(value),
                    x=round(centre - length if value < 0 else centre, 1),
                    width=round(max(length, 0.8), 1),
                    under=value < 0,
                    value_x=round(centre - length - 4 if value < 0 else centre + length + 4, 1),
                )
            rows.append(bar)
            y += 13
        y += 4
    return {
        "rows": rows,
        "height": y + 4,
        "centre": centre,
        "label_x": label_x - 6,
        "width": centre + half + value_room,
    }


def step_chart(points: list[tuple[str, int]], *, levels: list[str], width: int = 640, height: int = 200) -> dict | None:
    """A step chart of a level over time (level 1 at the bottom); ``points`` are (label, level)
    oldest first, ``levels`` the tick labels of levels 1, 2, …; None when there is no point."""
    if not points:
        return None
    left, right, top, bottom = 175, 45, 10, 30
    step = (width - left - right) / max(len(points) - 1, 1)
    band = (height - top - bottom) / (len(levels) - 1)

    def y(level: int) -> float:
        return round(top + (len(levels) - level) * band, 1)

    drawn = [
        {"x": round(left + i * step, 1), "y": y(level), "label": label, "stage": level}
        for i, (label, level) in enumerate(points)
    ]
    return {
        "width": width,
        "height": height,
        "points": drawn,
        "polyline": " ".join(f"{p['x']},{p['y']}" for p in drawn),
        "ticks": [{"y": y(n), "label": text} for n, text in enumerate(levels, start=1)],
        "axis_y": height - bottom + 18,
        "label_x": left - 10,
        "grid_x": left - 5,
    }
