"""Chart geometry (core.charts): one function per chart shape, pure numbers and labels."""

from decimal import Decimal

from core import charts


def test_step_chart_puts_level_one_at_the_bottom_and_spreads_the_quarters():
    chart = charts.step_chart([("Q1", 1), ("Q2", 3), ("Q3", 6)], levels=[str(n) for n in range(1, 7)])
    ys = [p["y"] for p in chart["points"]]
    assert ys[0] > ys[1] > ys[2]  # higher level, higher on the page
    assert [p["x"] for p in chart["points"]] == [175, 385, 595]
    assert charts.step_chart([], levels=["1"]) is None


def test_paired_bars_share_one_scale_with_a_floor():
    bars = charts.paired_bars([("A", Decimal(20), Decimal(40)), ("B", None, Decimal(5))])
    assert [b["width"] for b in bars] == [150.0, None]
    assert [b["lma_width"] for b in bars] == [300.0, 37.5]
    assert charts.paired_bars([("A", Decimal(5), None)])[0]["width"] == 150.0  # scale is at least 10


def test_diverging_bars_go_left_when_negative_and_hide_a_suppressed_value():
    chart = charts.diverging_bars(
        [("Executives", [("Women", Decimal("-3")), ("Black", None), ("Indigenous", Decimal("30"))])],
        font_size=8,
        scale=12,
    )
    under, hidden, over = [row for row in chart["rows"] if row["kind"] == "bar"]
    assert under["under"] and under["x"] + under["width"] == chart["centre"]
    assert hidden["suppressed"]
    assert over["x"] == chart["centre"] and over["width"] == 150  # capped at full length


def test_fitted_bar_chart_makes_room_for_the_longest_label():
    chart = charts.fitted_bar_chart([("On track", 4), ("Personnes en situation de handicap", 2)], font_size=9)
    assert chart["label_x"] + 4 >= charts.text_width("Personnes en situation de handicap", 9)
    assert [row["width"] for row in chart["rows"]] == [300, 150]


def test_timeline_span_is_never_thinner_than_its_minimum():
    import datetime

    x, _today = charts.timeline_geometry(
        start=datetime.date(2025, 1, 1), end=datetime.date(2026, 1, 1), today=datetime.date(2025, 6, 1)
    )
    assert charts.timeline_span(x, datetime.date(2025, 3, 1), datetime.date(2025, 3, 1)) == (
        x(datetime.date(2025, 3, 1)),
        2,
    )
    assert charts.timeline_span(x, None, datetime.date(2025, 3, 1)) is None
