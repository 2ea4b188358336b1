"""Representation and survey imports: the foundation's all-or-nothing rules, replacement by quarter, checks that figures add up."""

from decimal import Decimal

import pytest

from equity.models import Representation, Survey, SurveyResult
from equity.services import representation_import, survey_results_import
from tests.factories import PeriodFactory, SectorFactory, UserFactory
from tests.spreadsheets.helpers import csv_bytes, xlsx_bytes

HEADER = ["Period", "Sector", "Level", "Group", "Headcount", "Total headcount", "LMA %", "LMA source", "LMA year"]
SOURCE = "2021 Census"


@pytest.fixture
def setup(db):
    period = PeriodFactory(fiscal_year=2025, quarter=2)
    css = SectorFactory(code="CSS")
    return period, css, UserFactory()


def rows(*lines):
    return [HEADER, *lines]


def good_file():
    return rows(
        ["2025-26 Q2", "", "all", "black", 400, 8000, 4.4, SOURCE, 2021],
        ["2025-26 Q2", "", "executive", "black", 12, 300, 4.3, SOURCE, 2021],
        ["2025-26 Q2", "", "all", "women", 4300, 8000, 52.7, SOURCE, 2021],
        ["2025-26 Q2", "css", "all", "Black", 90, 2000, 4.4, SOURCE, 2021],
        ["2025-26 Q2", "CSS", "executive", "black", 3, 60, 4.3, SOURCE, 2021],
    )


def snapshot():
    return list(Representation.objects.order_by("pk").values_list("pk", "headcount", "total", "lma_percent"))


def test_a_good_file_imports_every_row_and_works_out_what_to_hide(setup):
    _period, _css, user = setup
    outcome = representation_import(data=csv_bytes(good_file()), file_format="csv", user=user)
    assert outcome.ok, outcome.errors
    assert Representation.objects.count() == 5
    small = Representation.objects.get(sector__code="CSS", level="executive")
    assert small.headcount_hidden  # 3 < 5
    # The department's 12 Black executives stay published: the other sectors' 9 are never shown,
    # so 12 cannot give away CSS's 3.
    department = Representation.objects.get(sector=None, level="executive")
    assert not department.headcount_hidden and department.lma_percent == Decimal("4.3")


def test_a_file_replaces_every_figure_of_the_quarters_and_scopes_it_names(setup):
    _period, _css, user = setup
    assert representation_import(data=csv_bytes(good_file()), file_format="csv", user=user).ok
    again = rows(["2025-26 Q2", "", "all", "black", 410, 8100, 4.4, SOURCE, 2021])
    outcome = representation_import(data=xlsx_bytes(again), file_format="xlsx", user=user)
    assert outcome.ok, outcome.errors
    # the department's figures of the quarter are replaced; CSS's, which the file does not name, stay
    assert list(Representation.objects.filter(sector=None).values_list("headcount", "total")) == [(410, 8100)]
    assert Representation.objects.filter(sector__code="CSS").count() == 2
    # the replaced rows are in the change history as removed
    assert Representation.history.filter(history_type="-").count() == 3


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (["2025-26 Q2", "", "all", "indigenous", 9000, 8000, 4.0, SOURCE, 2021], "cannot be above the total headcount"),
        (["2025-26 Q2", "", "all", "indigenous", 400, 8000, 140, SOURCE, 2021], "between 0 and 100"),
        (["2025-26 Q2", "", "all", "purple", 400, 8000, 4.4, SOURCE, 2021], "is not one of the allowed values"),
        (["2025-26 Q2", "", "seniors", "black", 400, 8000, 4.4, SOURCE, 2021], "is not one of the allowed values"),
        (["2025-26 Q2", "XYZ", "all", "black", 400, 8000, 4.4, SOURCE, 2021], "is not a sector code"),
        (["2031-32 Q1", "", "all", "black", 400, 8000, 4.4, SOURCE, 2021], "is not a reporting period"),
        (["2025-26 Q2", "", "all", "indigenous", -4, 8000, 4.0, SOURCE, 2021], "whole number of people"),
        (["2025-26 Q2", "", "all", "indigenous", 4.5, 8000, 4.0, SOURCE, 2021], "whole number of people"),
        (["2025-26 Q2", "", "all", "indigenous", 300, 7999, 4.0, SOURCE, 2021], "must give the same total"),
    ],
)
def test_one_bad_row_imports_nothing_and_says_why(setup, line, expected):
    _period, _css, user = setup
    assert representation_import(data=csv_bytes(good_file()), file_format="csv", user=user).ok
    before = snapshot()
    bad = good_file()
    bad.insert(2, line)
    outcome = representation_import(data=csv_bytes(bad), file_format="csv", user=user)
    assert not outcome.ok
    assert any(expected in message for message in outcome.errors), outcome.errors
    assert any("Row 3" in message for message in outcome.errors), outcome.errors
    assert snapshot() == before  # the earlier figures are untouched, not half-replaced


def test_parts_adding_up_to_more_than_their_whole_import_nothing(setup):
    _period, _css, user = setup
    assert representation_import(data=csv_bytes(good_file()), file_format="csv", user=user).ok
    before = snapshot()
    data = rows(
        ["2025-26 Q2", "", "all", "black", 10, 100, "", "", ""],
        ["2025-26 Q2", "", "executive", "black", 12, 60, "", "", ""],  # more Black executives than Black employees
        ["2025-26 Q2", "", "all", "black_women", 11, 100, "", "", ""],  # more Black women than Black people
        ["2025-26 Q2", "CSS", "all", "black", 30, 90, "", "", ""],  # a sector with more than the department
    )
    outcome = representation_import(data=csv_bytes(data), file_format="csv", user=user)
    assert not outcome.ok
    text = " ".join(outcome.errors)
    assert "Nothing was imported" in text
    assert "fewer than at the listed levels together (12)" in text
    assert "Black women (11) cannot be more than Black (10)" in text
    assert "than its sectors together (30)" in text
    assert snapshot() == before


def test_duplicate_rows_and_missing_columns_are_refused(setup):
    _period, _css, user = setup
    twice = rows(*([["2025-26 Q2", "", "all", "black", 400, 8000, 4.4, SOURCE, 2021]] * 2))
    outcome = representation_import(data=csv_bytes(twice), file_format="csv", user=user)
    assert "Row 3: This row describes the same group at a level (period, sector, level and group) as row 2" in " ".join(
        outcome.errors
    )
    missing = [["Period", "Level", "Group", "Headcount"], ["2025-26 Q2", "all", "black", 4]]
    outcome = representation_import(data=csv_bytes(missing), file_format="csv", user=user)
    assert "Missing columns: Total headcount." in " ".join(outcome.errors)
    assert Representation.objects.count() == 0


SURVEY_HEADER = [
    "Survey (EN)",
    "Survey (FR)",
    "Period",
    "Question or theme (EN)",
    "Question or theme (FR)",
    "Group",
    "Result %",
    "Respondents",
]


def test_survey_results_import_creates_the_survey_and_replaces_its_results(setup):
    _period, _css, user = setup
    data = [
        SURVEY_HEADER,
        ["Pulse", "Sondage", "2025-26 Q2", "I feel included", "Je me sens inclus", "", 72, 2000],
        ["", "", "", "I feel included", "Je me sens inclus", "black", 58, 150],  # merged cells fill down
        ["", "", "", "I feel included", "Je me sens inclus", "Indigenous peoples", 40, 3],
    ]
    outcome = survey_results_import(data=csv_bytes(data), file_format="csv", user=user)
    assert outcome.ok, outcome.errors
    survey = Survey.objects.get()
    assert (survey.name_en, survey.name_fr, survey.period.slug) == ("Pulse", "Sondage", "2025-26-q2")
    assert sorted(survey.results.values_list("group", flat=True)) == ["", "black", "indigenous"]
    again = [SURVEY_HEADER, ["pulse", "", "2025-26 Q2", "Trust", "", "", 60, 1900]]
    assert survey_results_import(data=csv_bytes(again), file_format="csv", user=user).ok
    assert Survey.objects.count() == 1
    assert list(SurveyResult.objects.values_list("theme_en", flat=True)) == ["Trust"]


def test_a_bad_survey_row_imports_nothing(setup):
    _period, _css, user = setup
    data = [
        SURVEY_HEADER,
        ["Pulse", "", "2025-26 Q2", "Included", "", "", 72, 2000],
        ["Pulse", "", "2025-26 Q2", "Trust", "", "", 172, 2000],
    ]
    outcome = survey_results_import(data=csv_bytes(data), file_format="csv", user=user)
    assert not outcome.ok
    assert any("Row 3" in m and "between 0 and 100" in m for m in outcome.errors), outcome.errors
    assert SurveyResult.objects.count() == 0
