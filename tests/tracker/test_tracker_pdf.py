"""What the tracker PDF shows a reader, page by page, in both languages (issue 12, items 18 and 19).

Each test renders the demo tracker of the demo's approved quarter and reads what a person would
see: the PDF's text (pypdf), or the laid-out boxes (WeasyPrint) where the defect is one of layout.
"""

import io
import re

import pytest
from django.utils import translation
from pypdf import PdfReader
from weasyprint import HTML

from accountability.models import Engagement, Recommendation
from actionplans.models import KPI
from demo.plans import demo_load
from equity.selectors import representation_gaps, representation_latest_period
from equity.tracker import GAP_FONT, _gap_bars
from periods.models import ReportingPeriod
from sectors.models import Sector
from tracker import services as tracker_services
from tracker.rendering import BAR_FONT, render_document, render_pdf, tracker_context

Q2 = "2025-26-q2"


@pytest.fixture
def q2(db):
    demo_load()
    return ReportingPeriod.objects.get(slug=Q2)


def text_of(period, language) -> str:
    reader = PdfReader(io.BytesIO(render_pdf(period=period, language=language).data))
    return re.sub(r"[ \n]+", " ", " ".join(page.extract_text() for page in reader.pages))  # keeps no-break spaces


def boxes(document):
    """Every laid-out box of every page, with its page number."""
    for number, page in enumerate(document.pages, start=1):
        for box in page._page_box.descendants():
            yield number, box


def right_edge(box) -> float:
    return box.position_x + box.margin_width()


def markers(document) -> list[str]:
    """The list markers the reader sees ("1.", "•"): WeasyPrint draws them as boxes of their own."""
    found = []
    for _page, box in boxes(document):
        if box.element_tag == "li" and hasattr(box, "children"):
            for child in box.children:  # an outside marker is laid out beside the item, as a placeholder
                if type(child).__name__ == "AbsolutePlaceholder":
                    found.append("".join(getattr(b, "text", "") for b in child.descendants()).strip())
    return found


@pytest.mark.parametrize("language", ["en", "fr"])
def test_top_actions_are_numbered_once(q2, language):
    text = text_of(q2, language)
    assert "1.1 Black History Month" in text  # the initiative's own number stays
    shown = markers(render_document(period=q2, language=language))
    assert shown, "the top actions are a list"
    assert not [m for m in shown if re.match(r"\d", m)], "a list number before the initiative's own number"


def test_a_typed_list_marker_is_not_printed_twice(q2):

    css = Sector.objects.get(code="CSS")
    tracker_services.curation_save(
        period=q2, by=None, summary_en="", summary_fr="", actions={css.pk: ("1. Trust circles\n2) Mentoring", "")}
    )
    text = text_of(q2, "en")
    assert "Trust circles" in text and "Mentoring" in text
    assert "1. Trust circles" not in text and "2) Mentoring" not in text


@pytest.mark.parametrize("language", ["en", "fr"])
def test_recommendations_table_shows_each_recommendation_not_only_its_theme(q2, language):
    text = text_of(q2, language)
    for recommendation in Recommendation.objects.all():
        words = " ".join(recommendation.text("text", language).split()[:8])
        assert words in text, words


def test_engagement_section_says_what_was_heard_and_the_follow_up(q2):
    engagements = Engagement.objects.filter(date__range=(q2.start_date, q2.end_date)).exclude(heard_en="")
    assert engagements.exists()
    text = text_of(q2, "en")
    assert "What we heard" in text
    for engagement in engagements:
        assert " ".join(engagement.heard.split()[:6]) in text, engagement.heard
        assert " ".join(engagement.follow_up.split()[:5]) in text, engagement.follow_up


@pytest.mark.parametrize("language", ["en", "fr"])
def test_points_indicators_print_without_a_percent_sign(q2, language):
    points = KPI.objects.filter(name_en__endswith="(points)")
    assert points.count() == 2 and {kpi.unit for kpi in points} == {KPI.Unit.POINTS}
    text = text_of(q2, language)
    for kpi in points:
        name = kpi.name_fr if language == "fr" else kpi.name_en
        row = text[text.index(name) + len(name) :][:40]  # baseline, target and this quarter follow the name
        assert re.match(r"^ [\d.,]+ [\d.,]+ [\d.,]+ ", row), row
        assert "%" not in row.split("track")[0].split("retard")[0], row
    # A percentage indicator keeps its sign: "5%" in English, "5 %" (non-breaking space) in French.
    assert ("5\u00a0%" if language == "fr" else "5%") in text


@pytest.mark.parametrize("language", ["en", "fr"])
def test_trend_lines_stay_inside_the_indicator_table(q2, language):
    document = render_document(period=q2, language=language)
    tables, lines = {}, []
    for page, box in boxes(document):
        if type(box).__name__ == "TableBox" and "kpis" in (box.element.get("class") or ""):
            tables[page] = box
        if box.element_tag == "td" and box.element.get("class") == "trend" and hasattr(box, "descendants"):
            lines += [(page, svg) for svg in box.descendants() if str(svg.element_tag).endswith("svg")]
    assert tables and len(lines) >= 10
    for page, line in lines:
        table = tables[page]
        assert table.position_x <= line.position_x
        assert right_edge(line) <= right_edge(table) + 0.01, (page, right_edge(line), right_edge(table))


def drawn_width(text: str, size: int) -> float:
    """The width WeasyPrint gives ``text`` in the tracker's fonts at ``size`` px (what the chart draws)."""

    document = HTML(
        string=f"<p style=\"font-family: 'Liberation Sans', 'DejaVu Sans', sans-serif; font-size: {size}px; "
        f'margin: 0; white-space: nowrap"><span>{text}</span></p>'
    ).render()
    return next(box.width for _page, box in boxes(document) if box.element_tag == "span")


@pytest.mark.parametrize("language", ["en", "fr"])
def test_representation_chart_has_room_for_its_longest_label(q2, language):

    with translation.override(language):
        gaps = representation_gaps(period=representation_latest_period(up_to=q2))
        bars = _gap_bars(gaps)
    labels = [row["label"] for row in bars["rows"] if row["kind"] == "bar"]
    if language == "fr":
        assert "Personnes en situation de handicap" in labels
    for label in labels:  # anchored at its end on label_x: it must start at or after 0
        assert drawn_width(label, GAP_FONT) <= bars["label_x"], label
    widest = max(row.get("value_x", 0) for row in bars["rows"])
    assert widest + 24 <= bars["width"]  # the value after the longest bar is inside the chart too


@pytest.mark.parametrize("language", ["en", "fr"])
def test_summary_chart_has_room_for_its_labels_and_keeps_its_shape(q2, language):

    chart = tracker_context(period=q2, language=language)["kpi_chart"]
    for row in chart["rows"]:
        assert drawn_width(row["label"], BAR_FONT) <= chart["label_x"], row["label"]
        assert row["y"] + 18 <= chart["height"]
    document = render_document(period=q2, language=language)
    svg = next(
        box for _p, box in boxes(document) if str(box.element_tag).endswith("svg") and box.element.get("role") == "img"
    )
    assert abs(svg.width / svg.height - chart["width"] / chart["height"]) < 0.01  # not squashed


def test_french_tracker_writes_quarters_dates_and_numbers_as_french_does(q2):
    text = text_of(q2, "fr")
    assert "T2\u00a02025-2026" in text and "2025-26 Q2" not in text and "Q2" not in text
    assert "Trimestre du 1er juillet 2025 au 30 septembre 2025" in text
    assert re.search(r"\d,\d+\u00a0%", text) and not re.search(r"\d%", text)
    assert "Rapports reçus\u00a0: 7 sur 10 secteurs\u202f; approuvés\u00a0: 7." in text
    english = text_of(q2, "en")
    assert "2025-26 Q2" in english and "Quarter from 1 July 2025 to 30 September 2025" in english
