"""A count KPI broken down by equity group keeps its small counts hidden outside the sector's own
editing pages: the plan and KPI pages as others read them, the report, the tracker (issue 12, item 11).

The groups overlap (a Black woman is in "Black" and in "Women") and need not cover everyone, so a
group's count only bounds the total; what can be worked out from the total is protected as well.
"""

import datetime
import html
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import timezone

from actionplans.models import KPI, KPIValue
from actionplans.published import hidden_kpi_values
from reporting import services
from reporting.models import QuarterlyReport
from tests.factories import (
    CommitmentFactory,
    EquityGroupFactory,
    KPIFactory,
    MembershipFactory,
    PeriodFactory,
    UserFactory,
    artf_user,
    executive_user,
)
from tests.tracker.test_tracker import pdf_text
from tracker import services as tracker_services

GROUPS = [
    ("indigenous", "Indigenous peoples"),
    ("black", "Black"),
    ("racialized", "Other racialized groups"),
    ("disability", "Persons with disabilities"),
    ("women", "Women"),
]


@pytest.fixture
def complaints(db):
    groups = {code: EquityGroupFactory(code=code, name_en=name, order=i) for i, (code, name) in enumerate(GROUPS)}
    q2 = PeriodFactory(fiscal_year=2025, quarter=2)
    q3 = PeriodFactory(
        fiscal_year=2025,
        quarter=3,
        opens_on=timezone.localdate() - datetime.timedelta(days=5),
        due_date=timezone.localdate() + datetime.timedelta(days=9),
    )
    commitment = CommitmentFactory(plan__sector__code="CSS", plan__sector__name_en="Corporate Services")
    kpi = KPIFactory(
        commitment=commitment,
        number=1,
        name_en="Discrimination complaints",
        name_fr="Plaintes de discrimination",
        unit=KPI.Unit.COUNT,
        direction=KPI.Direction.DECREASE,
        baseline_value=Decimal(42),
        target_value=Decimal(20),
        is_disaggregated=True,
    )
    # Q2: 30 complaints; 1, 2 and 3 of them from three groups (small), 6 and 16 from two others.
    q2_values = {None: 30, "indigenous": 1, "black": 2, "racialized": 3, "disability": 6, "women": 16}
    # Q3: 4 complaints in all, so each group's count is small too.
    q3_values = {None: 4, "black": 2, "women": 3}
    for period, values in ((q2, q2_values), (q3, q3_values)):
        for code, value in values.items():
            KPIValue.objects.create(kpi=kpi, period=period, equity_group=groups.get(code), value=Decimal(value))
    lead = MembershipFactory(user=UserFactory(username="lead-css"), sector=commitment.plan.sector).user
    return {"kpi": kpi, "q2": q2, "q3": q3, "lead": lead, "groups": groups, "sector": commitment.plan.sector}


def approve(complaints):
    """The sector's Q3 report, approved: its record holds the quarter's values, as ARTF approved them."""
    report = QuarterlyReport.objects.create(sector=complaints["sector"], period=complaints["q3"], status="approved")
    services.approved_record_write(report=report, by=artf_user())
    return report


def value_cells(body: str) -> list[list[str]]:
    """The KPI page's values table: per row, the cells after the period."""
    table = body.split('<h2 class="h4">Values</h2>', 1)[1].split("</table>", 1)[0]
    rows = re.findall(r"<tr><th scope=\"row\">[^<]*</th>(.*?)</tr>", table, flags=re.S)
    return [
        [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)][:-1]
        for row in rows
    ]


def test_the_rule_hides_small_groups_and_whatever_reveals_them(complaints):
    kpi, q2, q3, groups = complaints["kpi"], complaints["q2"], complaints["q3"], complaints["groups"]
    rows = KPIValue.objects.values_list("kpi_id", "period_id", "equity_group_id", "value")
    hidden = hidden_kpi_values(rows, suppressible={kpi.pk})
    assert {(p, g) for _k, p, g in hidden} == {
        (q2.pk, groups["indigenous"].pk),
        (q2.pk, groups["black"].pk),
        (q2.pk, groups["racialized"].pk),
        (q3.pk, None),
        (q3.pk, groups["black"].pk),
        (q3.pk, groups["women"].pk),
    }
    assert hidden_kpi_values(rows, suppressible=set()) == set()  # a percent or score KPI: nothing to count


def test_groups_that_add_up_to_the_total_protect_each_other(db):
    """When the groups' counts add up exactly to the total, hiding one small group is not enough."""
    rows = [(1, 1, None, Decimal(20)), (1, 1, 10, Decimal(2)), (1, 1, 11, Decimal(9)), (1, 1, 12, Decimal(9))]
    hidden = hidden_kpi_values(rows, suppressible={1})
    assert (1, 1, 10) in hidden and len(hidden) >= 2  # 20 − 9 − 9 would give the 2 away otherwise


def test_executives_read_the_kpi_page_with_small_counts_suppressed(client, complaints):
    url = f"/en/plans/CSS/kpis/{complaints['kpi'].pk}/"
    client.force_login(executive_user())
    body = html.unescape(client.get(url).content.decode())
    assert value_cells(body) == [
        ["30", "suppressed", "suppressed", "suppressed", "6", "16"],
        ["suppressed", "—", "suppressed", "—", "—", "suppressed"],
    ]
    assert "Black: 2" not in body and ": 4.00" not in body  # nor in the history of changes
    assert "2025-26 Q3: 4" not in body  # nor in the chart's points
    # The sector's own lead enters the values on this page and sees them as stored.
    client.force_login(complaints["lead"])
    body = html.unescape(client.get(url).content.decode())
    assert value_cells(body)[0] == ["30", "1", "2", "3", "6", "16"]


def test_others_read_the_plan_page_and_the_approved_report_with_the_total_suppressed(client, complaints):
    client.force_login(executive_user())
    plan = html.unescape(client.get("/en/plans/CSS/").content.decode())
    row = re.search(r"Discrimination complaints</a>.*?</tr>", plan, re.S).group(0)
    assert "suppressed" in row and ">4<" not in row
    report = approve(complaints)
    body = html.unescape(client.get(f"/en/plans/CSS/reports/{report.period.slug}/").content.decode())
    row = re.search(r"Discrimination complaints</a></th>(.*?)</tr>", body, re.S).group(1)
    assert "suppressed" in row and "4" not in row


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_tracker_prints_the_quarters_total_suppressed(
    complaints, settings, tmp_path, language, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = str(tmp_path)
    approve(complaints)  # the tracker prints only what ARTF approved
    with django_capture_on_commit_callbacks(execute=True):
        job = tracker_services.tracker_request(period=complaints["q3"], language=language, by=artf_user())
    job.refresh_from_db()
    assert job.status == "done", job.error
    text = " ".join(pdf_text(Path(job.file.path)).split())
    name = "Plaintes de discrimination" if language == "fr" else "Discrimination complaints"
    line = re.search(rf"1\.1 {name}.{{0,80}}", text).group(0)
    word = "supprimé" if language == "fr" else "suppressed"
    assert word in line and " 4 " not in line and "4.00" not in line
