"""Demo quarterly reports, made as the cycle makes them: each sector's lead drafts and submits the
report, ARTF approves it (which writes its approved record). The last four closed quarters are
approved for every sector with a plan, so the tracker's trends have an approved history; the OPS
report of the quarter being reported on is submitted and waits for review. Their text says it is
illustrative."""

from __future__ import annotations

from actionplans.models import Initiative
from periods.models import ReportingPeriod
from reporting import services as report_services
from reporting.models import QuarterlyReport

NOTE = "Illustrative demo report. / Rapport fictif de démonstration."
PERCENT = {"planned": 0, "in_progress": 50, "delayed": 25, "completed": 100, "cancelled": 0}
APPROVED_QUARTERS = 4  # closed quarters with approved reports, the newest ones
WAITING = ("OPS",)  # sectors whose report of the quarter being reported on waits for review


def demo_reports_quarter(*, period: ReportingPeriod, age: int, people) -> None:
    """The reports of ``period``, ``age`` quarters before the one being reported on (0: that one)."""
    if not 0 <= age <= APPROVED_QUARTERS:
        return
    done = set(QuarterlyReport.objects.filter(period=period).values_list("sector__code", flat=True))
    initiatives: dict[str, list[Initiative]] = {}
    for initiative in Initiative.objects.filter(is_archived=False).select_related("commitment__plan__sector"):
        initiatives.setdefault(initiative.commitment.plan.sector.code, []).append(initiative)
    for code, items in initiatives.items():
        if code in done or (age == 0 and code not in WAITING):
            continue
        lead = people.lead(code)
        report = report_services.report_save(
            sector=items[0].commitment.plan.sector,
            period=period,
            by=lead,
            version=None,
            sections={
                "highlights": NOTE,
                "top_actions": "\n".join(f"{i.commitment.number}.{i.number} {i.title_en}" for i in items[:3]),
            },
            updates={
                i.pk: {"status": i.status, "percent_done": PERCENT.get(i.status), "narrative": NOTE} for i in items
            },
            kpi_values={},  # the lead entered the quarter's values already
            language="en",  # the demo's reports are written in English
        )
        report = report_services.report_submit(report=report, by=lead)
        if age > 0:
            report_services.report_approve(report=report, by=people.artf)
