"""Issue 12, item 21: a representation file's problems are all listed in one round, and the
representation download imports back as it is (same columns and labels, either language)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from equity.models import Representation
from tests.factories import PeriodFactory, SectorFactory, artf_user
from tests.spreadsheets.helpers import csv_bytes

pytestmark = pytest.mark.django_db

HEADER = ["Period", "Sector", "Level", "Group", "Headcount", "Total headcount", "LMA %", "LMA source", "LMA year"]


@pytest.fixture
def quarter(db):
    period = PeriodFactory(fiscal_year=2025, quarter=2)
    SectorFactory(code="CSS", name_en="Corporate Services")
    return period


def upload(client, data, name, language="en"):
    return client.post(f"/{language}/representation/import/", {"file": SimpleUploadedFile(name, data)})


def stored():
    return sorted(
        Representation.objects.values_list(
            "period_id",
            "sector__code",
            "level",
            "group",
            "headcount",
            "total",
            "headcount_hidden",
            "total_hidden",
            "lma_percent",
            "lma_source",
            "lma_year",
        ),
        key=str,
    )


def figures():
    rows = [HEADER]
    for sector, scale in (("", 1), ("CSS", 0.5)):
        for level, total, black, women, black_women in (
            ("all", 4000, 300, 2100, 150),
            ("entry", 1000, 80, 520, 40),
            ("middle", 500, 30, 260, 14),
            ("ex_minus_1", 200, 9, 100, 4),
            ("executive", 120, 3, 60, 2),
        ):
            for group, count, lma in (("black", black, 4.4), ("women", women, 52.7), ("black_women", black_women, "")):
                rows.append(
                    [
                        "2025-26 Q2",
                        sector,
                        level,
                        group,
                        round(count * scale),
                        round(total * scale),
                        lma,
                        "2021 Census" if lma else "",
                        2021 if lma else "",
                    ]
                )
    return rows


def test_row_errors_and_totals_that_exceed_their_whole_are_listed_in_one_round(client, quarter):
    client.force_login(artf_user())
    data = csv_bytes(
        [
            HEADER,
            ["2025-26 Q2", "", "all", "black", 559, 8000, 4.4, "2021 Census", 2021],
            ["2025-26 Q2", "", "all", "black_women", 600, 8000, "", "", ""],  # more Black women than Black people
            ["2025-26 Q2", "", "all", "purple", 10, 8000, "", "", ""],  # a row error
        ]
    )
    response = upload(client, data, "q2.csv")
    assert response.status_code == 422
    body = response.content.decode()
    assert "Row 4, column “Group”" in body
    assert "Black women (600) cannot be more than Black (559)" in body
    assert Representation.objects.count() == 0


@pytest.mark.parametrize(("language", "fmt"), [("en", "csv"), ("fr", "xlsx"), ("en", "xlsx"), ("fr", "csv")])
def test_the_download_imports_back_as_it_is(client, quarter, language, fmt):
    client.force_login(artf_user())
    assert upload(client, csv_bytes(figures()), "q2.csv").status_code == 302
    before = stored()
    assert any(row[6] for row in before)  # some figures are suppressed in the download
    for url in (f"/{language}/representation/export.{fmt}", f"/{language}/representation/sectors/CSS/export.{fmt}"):
        download = client.get(f"{url}?period={quarter.slug}")
        assert download.status_code == 200
        response = upload(client, download.content, f"back.{fmt}", language)
        errors = response.context["errors"] if response.status_code != 302 else []
        assert response.status_code == 302, errors
        assert stored() == before, url
