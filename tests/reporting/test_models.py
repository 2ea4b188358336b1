import datetime

import pytest

from periods.calendar import fiscal_label, fiscal_quarter_dates
from tests.factories import PeriodFactory


@pytest.mark.parametrize(
    ("year", "quarter", "start", "end", "label"),
    [
        (2025, 1, datetime.date(2025, 4, 1), datetime.date(2025, 6, 30), "2025-26 Q1"),
        (2025, 2, datetime.date(2025, 7, 1), datetime.date(2025, 9, 30), "2025-26 Q2"),
        (2025, 3, datetime.date(2025, 10, 1), datetime.date(2025, 12, 31), "2025-26 Q3"),
        (2025, 4, datetime.date(2026, 1, 1), datetime.date(2026, 3, 31), "2025-26 Q4"),
        (1999, 4, datetime.date(2000, 1, 1), datetime.date(2000, 3, 31), "1999-00 Q4"),
        (2023, 4, datetime.date(2024, 1, 1), datetime.date(2024, 3, 31), "2023-24 Q4"),
    ],
)
def test_government_of_canada_fiscal_quarters(year, quarter, start, end, label):
    assert fiscal_quarter_dates(year, quarter) == (start, end)
    assert fiscal_label(year, quarter) == label


@pytest.mark.django_db
def test_period_derives_dates_label_and_slug():
    period = PeriodFactory(fiscal_year=2025, quarter=3)
    assert period.label == "2025-26 Q3"
    assert period.slug == "2025-26-q3"
    assert (period.start_date, period.end_date) == (datetime.date(2025, 10, 1), datetime.date(2025, 12, 31))
