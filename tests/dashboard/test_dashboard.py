"""The ARTF dashboard: right numbers, filters, sorting, exports, and a constant query count."""

import csv
import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.utils import timezone

from actionplans.models import KPI, Initiative, KPIValue
from equity.models import MaturityAssessment, Representation
from equity.services import representation_protect
from reporting.models import QuarterlyReport
from tests.factories import (
    CommitmentFactory,
    InitiativeFactory,
    KPIFactory,
    PeriodFactory,
    PhaseFactory,
    SectorFactory,
    artf_user,
    executive_user,
)

TODAY = timezone.localdate()
# The world's quarter is 2025-26 Q3: health is read on its last day once it is over (else today),
# so "past" is a month before that day.
PAST = min(TODAY, datetime.date(2025, 12, 31)) - datetime.timedelta(days=30)
FUTURE = TODAY + datetime.timedelta(days=300)


@pytest.fixture
def world(db):
    phase1 = PhaseFactory(number=1)
    phase2 = PhaseFactory(number=2, strategy=phase1.strategy, name_en="Consolidate")
    period = PeriodFactory(
        fiscal_year=2025,
        quarter=3,
        opens_on=TODAY - datetime.timedelta(days=5),
        due_date=TODAY + datetime.timedelta(days=9),
    )
    css = SectorFactory(code="CSS", name_en="Corporate Services")
    ops = SectorFactory(code="OPS", name_en="=Operations")  # a name a spreadsheet would run as a formula
    c_css = CommitmentFactory(plan__sector=css, plan__strategy=phase1.strategy)
    c_ops = CommitmentFactory(plan__sector=ops, plan__strategy=phase1.strategy)
    InitiativeFactory(commitment=c_css, status="in_progress", planned_end=FUTURE, phases=[phase1])  # on track
    InitiativeFactory(commitment=c_css, status="in_progress", planned_end=PAST, phases=[phase2])  # overdue
    InitiativeFactory(commitment=c_css, status="delayed", planned_end=FUTURE, phases=[phase2])  # at risk
    InitiativeFactory(commitment=c_css, status="completed", planned_end=PAST)  # on track
    InitiativeFactory(commitment=c_css, status="cancelled", planned_end=PAST)  # no health
    InitiativeFactory(commitment=c_css, status="planned", is_archived=True)  # not counted
    InitiativeFactory(commitment=c_ops, status="planned", planned_end=FUTURE, phases=[phase1])
    # KPIs: baseline 40 (2022-03-31) → target 60 (2026-03-31); period end 2025-12-31 expects 58.8.
    on = KPIFactory(commitment=c_css)
    off = KPIFactory(commitment=c_css)
    KPIFactory(commitment=c_css)  # no value: not enough data
    KPIValue.objects.create(kpi=on, period=period, value=Decimal("59"))
    KPIValue.objects.create(kpi=off, period=period, value=Decimal("41"))
    QuarterlyReport.objects.create(sector=ops, period=period, status="submitted")
    return {"period": period, "css": css, "ops": ops}


def rows_of(response):
    return {row.code: row for row in response.context["board"].rows}


def approve(sector, period):
    """The sector's report for the period, approved as ARTF approves it (with its approved record)."""
    from reporting.services import approved_record_write

    report = QuarterlyReport.objects.create(sector=sector, period=period, status="approved")
    approved_record_write(report=report, by=artf_user(username="artf-approver"))
    return report


def test_counts_by_status_health_and_kpi_health(client, world):
    client.force_login(artf_user())
    response = client.get("/en/dashboard/")
    assert response.status_code == 200
    board = response.context["board"]
    assert board.period == world["period"]  # the open period by default
    css = rows_of(response)["CSS"]
    assert css.report_status == "not_started"
    assert css.initiative_status == {"planned": 0, "in_progress": 2, "delayed": 1, "completed": 1, "cancelled": 1}
    assert css.initiative_health == {"on_track": 2, "at_risk": 1, "overdue": 1}
    # No approved report: no KPI figure is counted, the row says so.
    assert not css.kpis_published and css.kpi_health == {"on_track": 0, "at_risk": 0, "off_track": 0, "no_data": 0}
    assert "Not approved</td>" in response.content.decode()
    assert rows_of(response)["OPS"].report_status == "submitted"
    approve(world["css"], world["period"])
    response = client.get("/en/dashboard/")
    board = response.context["board"]
    css = rows_of(response)["CSS"]
    assert css.kpis_published and css.kpi_health == {"on_track": 1, "at_risk": 0, "off_track": 1, "no_data": 1}
    assert board.total_initiatives == 6
    assert board.total_health == [3, 1, 1]
    body = response.content.decode()
    assert '<a href="/en/plans/CSS/reports/2025-26-q3/"' in body and 'href="/en/plans/OPS/"' in body


def test_filters_and_sorting(client, world):
    client.force_login(executive_user())
    assert set(rows_of(client.get("/en/dashboard/?status=submitted"))) == {"OPS"}
    assert set(rows_of(client.get("/en/dashboard/?health=overdue"))) == {"CSS"}
    assert set(rows_of(client.get("/en/dashboard/?health=off_track"))) == set()  # CSS's KPIs are not approved
    assert set(rows_of(client.get("/en/dashboard/?health=on_track"))) == {"OPS"}
    phase2 = rows_of(client.get("/en/dashboard/?phase=2"))["CSS"]
    assert phase2.initiative_total == 2 and phase2.initiative_health["overdue"] == 1
    codes = [r.code for r in client.get("/en/dashboard/?sort=report&dir=desc").context["board"].rows]
    assert codes == ["OPS", "CSS"]
    codes = [r.code for r in client.get("/en/dashboard/?sort=initiatives&dir=desc").context["board"].rows]
    assert codes == ["CSS", "OPS"]
    body = client.get("/en/dashboard/?sort=overdue&dir=desc").content.decode()
    assert 'aria-sort="descending"' in body


def test_csv_and_xlsx_exports_carry_the_table_and_escape_formulas(client, world):
    client.force_login(artf_user())
    response = client.get("/en/dashboard/export.csv?status=submitted")
    assert response["Content-Disposition"] == 'attachment; filename="dashboard-2025-26-q3.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:4] == ["Code", "Sector", "Report status", "Maturity stage"]
    assert rows[1][:3] == ["OPS", "'=Operations", "Submitted"]
    assert rows[-1][1] == "Total"
    response = client.get("/en/dashboard/export.xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[1][0] == "CSS" and values[1][10] == 5  # five active initiatives
    assert client.get("/en/dashboard/export.pdf").status_code == 404


def test_french_dashboard(client, world):
    client.force_login(artf_user())
    body = client.get("/fr/dashboard/").content.decode()
    assert "Tableau de bord du ministère" in body and "Non commencé" in body


@pytest.mark.parametrize("factor", [1, 10])
def test_dashboard_query_count_does_not_grow_with_the_data(client, world, factor, django_assert_num_queries):
    period, strategy = world["period"], world["css"].plans.get().strategy
    for n in range(factor * 3):
        sector = SectorFactory(code=f"X{factor}{n:03d}")
        commitment = CommitmentFactory(plan__sector=sector, plan__strategy=strategy)
        Initiative.objects.bulk_create(
            Initiative(commitment=commitment, number=i + 1, title_en=f"I{i}", status="in_progress")
            for i in range(factor * 5)
        )
        kpis = KPI.objects.bulk_create(
            KPI(commitment=commitment, number=i + 1, name_en=f"K{i}", unit="count") for i in range(factor * 2)
        )
        KPIValue.objects.bulk_create(KPIValue(kpi=k, period=period, value=Decimal(n)) for k in kpis)
        QuarterlyReport.objects.create(sector=sector, period=period, status="approved")
        MaturityAssessment.objects.create(
            sector=sector, period=period, stage=1 + n % 6, evidence="e", assessed_at=timezone.now()
        )
        Representation.objects.bulk_create(
            Representation(period=period, sector=sector, level=level, group=group, headcount=5, total=50)
            for level in ("all", "executive")
            for group in ("black", "women")
        )
    Representation.objects.bulk_create(
        Representation(period=period, level=level, group=group, headcount=50, total=500, lma_percent=5)
        for level in ("all", "executive")
        for group in ("black", "women")
    )
    client.force_login(artf_user())
    # Computed (the figures' token, then what they are counted from), then served from the cache
    # until a write changes the token (dashboard.figures).
    with django_assert_num_queries(15):
        response = client.get("/en/dashboard/?sort=name")
    assert len(response.context["board"].rows) == 2 + factor * 3
    with django_assert_num_queries(7):
        cached = client.get("/en/dashboard/?sort=name")
    assert cached.context["board"].rows == response.context["board"].rows


def test_dashboard_shows_each_sectors_latest_maturity_and_the_departments_gaps(client, world):
    period = world["period"]
    earlier = PeriodFactory(fiscal_year=2025, quarter=1)
    later = PeriodFactory(fiscal_year=2026, quarter=1)
    for when, stage in ((earlier, 2), (period, 3), (later, 5)):
        MaturityAssessment.objects.create(
            sector=world["css"],
            period=when,
            stage=stage,
            evidence="e",
            assessed_at=timezone.now(),
            review_note="" if when == period else "Reviewed.",
            reviewed_at=None if when == period else timezone.now(),
        )
    # The quarter's own self-assessment awaits ARTF's review: the last reviewed one is shown, marked.
    client.force_login(artf_user())
    row = rows_of(client.get("/en/dashboard/"))["CSS"]
    assert row.maturity == 2 and row.maturity_awaiting
    assert "not reviewed" in client.get("/en/dashboard/").content.decode()
    MaturityAssessment.objects.filter(period=period).update(review_note="Reviewed.", reviewed_at=timezone.now())
    Representation.objects.create(
        period=earlier, level="executive", group="black", headcount=6, total=200, lma_percent=Decimal("4.4")
    )
    representation_protect(periods=[earlier])
    client.force_login(artf_user())
    response = client.get("/en/dashboard/")
    rows = rows_of(response)
    assert rows["CSS"].maturity == 3 and rows["OPS"].maturity is None  # the latest as at the quarter shown
    body = response.content.decode()
    assert "3. Symbolic change" in body
    assert "Representation gaps to labour market availability" in body and "−1.4" in body  # 3.0 % − 4.4
    board = response.context["board"]
    assert board.representation_period == earlier


def test_markup_in_a_sector_name_is_printed_as_text(client, world):
    """The dashboard's rows are built in Python (ADR 0003): a sector's name is escaped there."""
    SectorFactory(code="XSS", name_en="<script>\"&'")
    client.force_login(artf_user())
    body = client.get("/en/dashboard/").content.decode()
    assert "<script>\"&'" not in body
    assert '<th scope="row"><a href="/en/plans/XSS/">&lt;script&gt;&quot;&amp;&#x27;</a></th>' in body
