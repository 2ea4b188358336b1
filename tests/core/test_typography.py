"""The one formatting helper (issue 15, item 4): what each language's reader sees for a date, a
figure, a share, a count and one of our own sentences."""

import datetime
import zoneinfo
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from core import charts, typography

NBSP, NNBSP = "\u00a0", "\u202f"
TORONTO = zoneinfo.ZoneInfo("America/Toronto")


def in_(language, function, *args):
    with translation.override(language):
        return function(*args)


@pytest.mark.parametrize(
    ("function", "value", "english", "french"),
    [
        (typography.short_date, datetime.date(2025, 10, 1), "1 Oct 2025", "1er oct. 2025"),
        (typography.short_date, datetime.date(2025, 7, 14), "14 Jul 2025", "14 juill. 2025"),
        (typography.long_date, datetime.date(2026, 2, 1), "1 February 2026", "1er février 2026"),
        (typography.month_year, datetime.date(2022, 2, 1), "February 2022", "février 2022"),
        (typography.short_month_year, datetime.date(2022, 6, 30), "Jun 2022", "juin 2022"),
        (typography.short_month_year, datetime.date(2022, 7, 1), "Jul 2022", "juill. 2022"),
        (typography.numeric_date, datetime.date(2025, 10, 1), "2025-10-01", "2025-10-01"),
        (
            typography.numeric_datetime,
            datetime.datetime(2025, 12, 1, 14, 5, tzinfo=datetime.UTC),
            "2025-12-01 09:05",
            "2025-12-01 09:05",
        ),
        (
            typography.long_datetime,
            datetime.datetime(2025, 12, 1, 9, 5, tzinfo=TORONTO),
            "1 December 2025 09:05",
            "1er décembre 2025 à 9 h 05",
        ),
    ],
)
def test_dates_are_written_in_each_languages_order(function, value, english, french):
    assert in_("en", function, value) == english
    assert in_("fr", function, value) == french


@pytest.mark.parametrize(
    ("function", "args", "english", "french"),
    [
        (typography.percent, (Decimal("29.150"),), "29.15%", f"29,15{NBSP}%"),
        (typography.percent, (50,), "50%", f"50{NBSP}%"),
        (typography.fixed_percent, (Decimal("4"),), "4.0%", f"4,0{NBSP}%"),
        (typography.decimal, (Decimal("34.825"),), "34.82", "34,82"),
        (typography.decimal, (Decimal("-2.50"),), "-2.5", "-2,5"),
        (typography.fixed, (Decimal("4"), 1), "4.0", "4,0"),
        (typography.number, (12500,), "12,500", f"12{NNBSP}500"),
        (typography.number, (2140,), "2140", "2140"),
        (typography.number, (1234567,), "1,234,567", f"1{NNBSP}234{NNBSP}567"),
        (typography.signed, (Decimal("-1.4"),), "\u22121.4", "\u22121,4"),
        (typography.with_unit, (Decimal("29.15"), "percent"), "29.15%", f"29,15{NBSP}%"),
        (typography.with_unit, (Decimal("12.50"), "count"), "12.5", "12,5"),
        (typography.listing, ([Decimal("71.5"), Decimal("58")],), "71.5; 58", f"71,5{NNBSP}; 58"),
        (typography.quoted, ("On nous écoute",), "\u201cOn nous écoute\u201d", f"«{NBSP}On nous écoute{NBSP}»"),
    ],
)
def test_figures_are_written_in_each_languages_digits_and_signs(function, args, english, french):
    assert in_("en", function, *args) == english
    assert in_("fr", function, *args) == french


def test_our_french_sentences_get_their_no_break_spaces_and_english_ones_are_left_alone():
    sentence = "Valeur : 29,15 % ; voir « Rapport »! Prêt? Lien: https://example.gc.ca/a:b à 18:11"
    french = in_("fr", typography.text, sentence)
    assert french == (
        f"Valeur{NBSP}: 29,15{NBSP}%{NNBSP}; voir «{NBSP}Rapport{NBSP}»{NNBSP}! Prêt{NNBSP}?"
        f" Lien{NBSP}: https://example.gc.ca/a:b à 18:11"
    )
    assert in_("en", typography.text, "Value: 29.15%; see “Report”!") == "Value: 29.15%; see “Report”!"
    assert typography.text("Valeur : 5", "fr") == f"Valeur{NBSP}: 5"  # a language given overrides the active one


def test_templates_reach_every_helper_through_the_typography_library():
    template = Template(
        "{% load typography %}{{ day|short_date }}|{{ share|percent }}|{{ n|number }}|{{ share|fixed:1 }}|"
        "{{ month|month_year }}|{% shown share 'percent' 1 %}|{% shown n %}|{{ words|quoted }}"
    )
    context = Context(
        {
            "day": datetime.date(2025, 10, 1),
            "share": Decimal("29.15"),
            "n": 12500,
            "month": datetime.date(2022, 2, 1),
            "words": "<b>",
        }
    )
    with translation.override("fr"):
        assert template.render(context) == (
            f"1er oct. 2025|29,15{NBSP}%|12{NNBSP}500|29,2|février 2022|29,2{NBSP}%|12{NNBSP}500|"
            f"«{NBSP}&lt;b&gt;{NBSP}»"
        )
    with translation.override("en"):
        assert template.render(context) == (
            "1 Oct 2025|29.15%|12,500|29.2|February 2022|29.2%|12,500|\u201c&lt;b&gt;\u201d"
        )


def series():
    return [
        (datetime.date(2024, 12, 31), "Q3", Decimal("29.15")),
        (datetime.date(2025, 12, 31), "Q3", Decimal("40.5")),
    ]


def test_a_percent_charts_ticks_and_points_carry_the_sign_and_the_axis_makes_room_for_them():
    with translation.override("fr"):
        chart = charts.trend_chart(series=series(), baseline=None, target=None, unit="percent")
    assert [label for _y, label in chart.y_ticks] == [f"29,15{NBSP}%", f"34,82{NBSP}%", f"40,5{NBSP}%"]
    assert [p.text for p in chart.points] == [f"29,15{NBSP}%", f"40,5{NBSP}%"]
    # The value axis stands right of its widest label (drawn from x = 2) and the first point on it.
    assert chart.left >= 2 + charts.text_width(f"34,82{NBSP}%", charts.TICK_FONT)
    assert chart.points[0].x == chart.left
    with translation.override("en"):
        chart = charts.trend_chart(series=series(), baseline=None, target=None, unit="percent")
    assert [label for _y, label in chart.y_ticks] == ["29.15%", "34.82%", "40.5%"]


def test_bar_values_are_written_as_counts_in_the_language():
    with translation.override("fr"):
        bars = charts.bar_chart("t", [("a", 12500, "x")])
        fitted = charts.fitted_bar_chart([("a", 12500)], font_size=9)
    assert bars.bars[0].text == fitted["rows"][0]["text"] == f"12{NNBSP}500"
