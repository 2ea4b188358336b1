"""The plan timeline reads without hovering: a year axis, numbered bars, named phases, a legend and a table."""

import datetime
import re

from core import charts
from tests.factories import InitiativeFactory


def test_year_ticks_fall_on_each_first_of_january_inside_the_span():
    x, _today = charts.timeline_geometry(
        start=datetime.date(2021, 4, 1), end=datetime.date(2026, 3, 31), today=datetime.date(2025, 1, 1)
    )
    ticks = charts.year_ticks(x, start=datetime.date(2021, 4, 1), end=datetime.date(2026, 3, 31))
    assert [label for _x, label in ticks] == ["2022", "2023", "2024", "2025", "2026"]
    assert all(0 < position < 1000 for position, _label in ticks)
    assert [p for p, _l in ticks] == sorted(p for p, _l in ticks)


def test_the_plan_timeline_has_an_axis_labels_a_legend_and_a_table(client, commitment, lead):
    InitiativeFactory(
        commitment=commitment,
        number=4,
        title_en="Trust circles",
        planned_start=datetime.date(2022, 6, 1),
        planned_end=datetime.date(2024, 6, 30),
    )
    client.force_login(lead)
    body = client.get("/en/plans/CSS/").content.decode()
    svg = body[body.index('<svg class="timeline') : body.index("</svg>", body.index('<svg class="timeline'))]
    assert 'role="img"' in svg and "<title" in svg
    assert re.search(r'class="tick year-tick">2023</text>', svg)
    assert re.search(rf'class="bar-label">{commitment.number}\.4</text>', svg)  # the bar says which it is
    assert "Phase 1" in svg or ">1</text>" in svg
    assert 'class="list-inline small mb-1 mt-2 timeline-legend"' in body and "On track" in body
    table = body[body.index("The timeline as a table") :]
    assert f"{commitment.number}.4 Trust circles" in table and "Jun 2022" in table and "Jun 2024" in table
