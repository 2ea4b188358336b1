"""French typography and formats on every output (issue 15, item 4): the plan, KPI, dashboard,
report and representation pages and the tracker's HTML, read as a French reader reads them, and
the same pages in English left as English writes them."""

import datetime
import html
import re
import zoneinfo
from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from equity.models import Representation
from equity.services import representation_protect
from tests.factories import (
    InitiativeFactory,
    InitiativeUpdateFactory,
    KPIFactory,
    KPIValueFactory,
    PeriodFactory,
    ReportFactory,
    SurveyFactory,
    SurveyHighlightFactory,
    artf_user,
)
from tracker.rendering import tracker_context

NBSP, NNBSP = "\u00a0", "\u202f"
TORONTO = zoneinfo.ZoneInfo("America/Toronto")
SUBMITTED = datetime.datetime(2025, 12, 1, 9, 5, tzinfo=TORONTO)


def text_of(body: str) -> str:
    """What a reader sees: the text between tags, and the labels read out (aria-label, title)."""
    body = re.sub(r"<(script|style)\b.*?</\1>", "", body, flags=re.S)
    labels = re.findall(r'(?:aria-label|title)="([^"]*)"', body)
    return html.unescape(re.sub(r"<[^>]+>", "\n", body) + "\n" + "\n".join(labels))


def assert_french(body: str) -> str:
    """Our French: no English quarter, no dot decimal before a percent sign, no "29.15%", and
    neither an ordinary space nor none before ":" (the sentences here are all ours)."""
    text = text_of(body)
    assert "T3\u00a02025-2026" in text and "2025-26 Q3" not in text
    assert not re.search(r"\d\.\d+ ?%|\d%|\d %", text), re.search(r".{30}(\d\.\d+ ?%|\d%|\d %)", text)
    glued = re.search(r".{0,30}(\w :|[\w)»] ?:(?=\s))", text)
    assert glued is None, glued
    return text


@pytest.fixture
def plan(commitment, lead):
    period = PeriodFactory(
        fiscal_year=2025,
        quarter=3,
        opens_on=datetime.date(2025, 12, 1),
        due_date=datetime.date(2026, 2, 1),
    )
    kpi = KPIFactory(
        commitment=commitment,
        number=1,
        name_en="Staff who trust the process",
        name_fr="Employés qui font confiance au processus",
        baseline_value=Decimal("29.15"),
        baseline_date=datetime.date(2025, 10, 1),
        target_value=Decimal("40.5"),
        target_date=datetime.date(2027, 3, 31),
    )
    KPIValueFactory(kpi=kpi, period=period, value=Decimal("33.25"))
    initiative = InitiativeFactory(
        commitment=commitment,
        number=1,
        title_en="Trust circles",
        title_fr="Cercles de confiance",
        planned_start=datetime.date(2025, 10, 1),
        planned_end=datetime.date(2026, 3, 31),
        status="in_progress",
    )
    report = ReportFactory(
        sector=commitment.plan.sector, period=period, status="submitted", submitted_at=SUBMITTED, submitted_by=lead
    )
    InitiativeUpdateFactory(report=report, initiative=initiative, percent_done=50, narrative="Four circles held.")
    return {"sector": commitment.plan.sector, "kpi": kpi, "period": period}


def get(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_the_plan_page_in_french_writes_shares_and_dates_as_french_does(client, plan, lead):
    client.force_login(lead)
    text = assert_french(get(client, "/fr/plans/CSS/"))
    assert f"29,15{NBSP}%" in text and f"40,5{NBSP}%" in text and "oct. 2025" in text
    english = text_of(get(client, "/en/plans/CSS/"))
    assert "29.15%" in english and "40.5%" in english and "Oct 2025" in english
    assert f"29,15{NBSP}%" not in english


def test_the_kpi_page_in_french_writes_its_chart_table_and_history_as_french_does(client, plan, lead):
    client.force_login(lead)
    url = f"/fr/plans/CSS/kpis/{plan['kpi'].pk}/"
    body = get(client, url)
    text = assert_french(body)
    assert f"29,15{NBSP}% (1er octobre 2025)" in text and f"33,25{NBSP}%" in text
    ticks = re.findall(r'<text x="2" y="[\d.]+" class="tick">([^<]*)</text>', body)
    assert len(ticks) == 3 and all(re.fullmatch(rf"\d+(,\d+)?{NBSP}%", html.unescape(t)) for t in ticks), ticks
    assert any("," in tick for tick in ticks)  # the axis has a decimal comma
    assert f"T3{NBSP}2025-2026{NBSP}: 33,25{NBSP}%" in text  # the point's title
    assert f"T3{NBSP}2025-2026{NBSP}: 33,25" in text  # the value's line in the history, our own sentence

    english_body = get(client, url.replace("/fr/", "/en/", 1))
    english = text_of(english_body)
    assert "29.15% (1 October 2025)" in english and "33.25%" in english and "2025-26 Q3: 33.25" in english
    ticks = re.findall(r'<text x="2" y="[\d.]+" class="tick">([^<]*)</text>', english_body)
    assert all(re.fullmatch(r"\d+(\.\d+)?%", t) for t in ticks), ticks


def test_the_report_page_in_french_writes_its_dates_and_shares_as_french_does(client, plan, lead):
    client.force_login(lead)
    text = assert_french(get(client, "/fr/plans/CSS/reports/2025-26-q3/"))
    assert "1er décembre 2025 à 9 h 05" in text and "1er février 2026" in text
    assert f"50{NBSP}%" in text and f"33,25{NBSP}%" in text
    assert "2025-12-01 09:05" not in text
    english = text_of(get(client, "/en/plans/CSS/reports/2025-26-q3/"))
    assert "1 December 2025 09:05" in english and "1 February 2026" in english
    assert "50%" in english and "33.25%" in english and "2025-26 Q3" in english


def test_the_dashboard_in_french_writes_its_due_date_and_figures_as_french_does(client, plan):
    client.force_login(artf_user())
    text = assert_french(get(client, "/fr/dashboard/?period=2025-26-q3"))
    assert "Rapports attendus le 1er février 2026" in text and "2026-02-01" not in text
    english = text_of(get(client, "/en/dashboard/?period=2025-26-q3"))
    assert "Reports due on 1 February 2026" in english and "2025-26 Q3" in english


def test_the_representation_page_in_french_writes_its_shares_as_french_does(client, plan):
    period = plan["period"]
    Representation.objects.bulk_create(
        [
            Representation(
                period=period, level="all", group="black", headcount=583, total=2000, lma_percent=Decimal("4")
            ),
            Representation(period=period, level="all", group="women", headcount=12500, total=24000),
        ]
    )
    representation_protect(periods=[period])
    client.force_login(artf_user())
    text = assert_french(get(client, "/fr/representation/"))
    assert f"29,2{NBSP}%" in text and f"4,0{NBSP}%" in text and f"12{NNBSP}500" in text
    english = text_of(get(client, "/en/representation/"))
    assert "29.2%" in english and "4.0%" in english and "12,500" in english and "29.2 %" not in english


def test_the_french_tracker_html_writes_shares_dates_and_quotes_as_french_does(plan, monkeypatch):
    """The HTML WeasyPrint lays out, as the tracker prints it while its quarter runs (today the 1st)."""
    from tracker import rendering

    period = plan["period"]
    monkeypatch.setattr(rendering.timezone, "localdate", lambda: datetime.date(2025, 11, 1))
    survey = SurveyFactory(period=period)
    SurveyHighlightFactory(survey=survey, quote="On nous écoute enfin.")

    def tracker_text(language):
        with translation.override(language):
            return text_of(
                render_to_string("tracker/pdf/tracker.html", tracker_context(period=period, language=language))
            )

    text = tracker_text("fr")
    assert "T3\u00a02025-2026" in text and "2025-26 Q3" not in text
    assert f"29,15{NBSP}%" in text and f"40,5{NBSP}%" in text
    assert "au 1er novembre 2025" in text  # health read as of today, the first of the month
    assert "Trimestre du 1er octobre 2025 au 31 décembre 2025" in text
    assert f"«{NBSP}On nous écoute enfin.{NBSP}»" in text
    assert not re.search(r"\d\.\d+ ?%|\d%|\d %", text)
    english = tracker_text("en")
    assert "29.15%" in english and "as of 1 November 2025" in english and "2025-26 Q3" in english
    assert "\u201cOn nous écoute enfin.\u201d" in english


def test_a_reminder_e_mail_writes_its_due_date_in_each_languages_words(plan, lead, mailoutbox):
    from reporting.notifications import reminder_send

    reminder_send(sector=plan["sector"], period=plan["period"], kind="week", days_left=7, leads=[lead])
    english, _sep, french = mailoutbox[0].body.partition("\n---\n")
    assert "due on 1 February 2026" in english and "2025-26 Q3" in english
    assert "attendu le 1er février 2026" in french and "T3\u00a02025-2026" in french
    assert "2026-02-01" not in mailoutbox[0].body
