"""The tracker's equity sections: representation against LMA, survey highlights, maturity by sector.

Each is a dict ``{"id", "title", "html"}`` for ``tracker.rendering``'s ``extra_sections``. Figures
come from ``equity.selectors`` only, so suppression holds in the PDF as on the pages.
"""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from core import charts
from core.text import plain
from equity.maturity import STAGE_BY_NUMBER
from equity.selectors import maturity_standing
from periods.models import ReportingPeriod
from sectors.models import Sector

from .selectors import representation_gaps, representation_latest_period, survey_highlights_for

GAP_SCALE = 12  # points at full bar width: gaps are rarely wider


def evidence_sections(*, period: ReportingPeriod, language: str) -> list[dict]:
    """The three equity sections of the tracker for a quarter, in ``language``."""
    with translation.override(language):
        return _sections(period, language)


def _sections(period: ReportingPeriod, language: str) -> list[dict]:
    french = language == "fr"
    figures_period = representation_latest_period(up_to=period)
    gaps = representation_gaps(period=figures_period)
    surveys = survey_highlights_for(period=period)
    standing = maturity_standing(up_to=period)  # only self-assessments ARTF has reviewed are published
    sectors = list(
        plain(Sector).filter(is_active=True).order_by("code").values_list("pk", "code", "name_en", "name_fr")
    )
    maturity_rows = []
    for pk, code, name_en, name_fr in sectors:
        assessment, awaiting = standing.get(pk, (None, False))
        maturity_rows.append(
            {
                "code": code,
                "name": name_fr if french and name_fr else name_en,
                "stage": assessment.stage if assessment else None,
                "stage_name": STAGE_BY_NUMBER[assessment.stage].name if assessment else "",
                "kind": STAGE_BY_NUMBER[assessment.stage].kind if assessment else "",
                "as_of": assessment.period.label if assessment else "",
                "reviewed": bool(assessment and assessment.review_note),
                # A newer self-assessment than the one printed (or the only one) awaits ARTF's review.
                "awaiting_review": awaiting,
            }
        )
    context = {
        "period": period,
        "figures_period": figures_period,
        "gaps": gaps,
        "bars": _gap_bars(gaps),
        "threshold": settings.SUPPRESSION_THRESHOLD,
        "surveys": [
            {
                "name": survey.name_fr if french and survey.name_fr else survey.name_en,
                "period": survey.period.label,
                "highlights": [
                    {
                        "theme": (h.theme_fr if french and h.theme_fr else h.theme_en),
                        "summary": (h.summary_fr if french and h.summary_fr else h.summary_en),
                        "quote": h.quote,
                    }
                    for h in highlights
                ],
            }
            for survey, highlights in surveys
        ],
        "maturity": maturity_rows,
        "stages": [STAGE_BY_NUMBER[n] for n in range(1, 7)],
    }
    return [
        {
            "id": "representation",
            "title": _("Progress on representation at all levels"),
            "html": render_to_string("tracker/pdf/representation.html", context),
        },
        {
            "id": "surveys",
            "title": _("What employees told us: survey highlights"),
            "html": render_to_string("tracker/pdf/surveys.html", context),
        },
        {
            "id": "maturity",
            "title": _("Maturity by sector"),
            "html": render_to_string("tracker/pdf/maturity.html", context),
        },
    ]


GAP_FONT = 8  # the group labels' size, in the SVG's units
GAP_HALF = 150  # a full bar's length on either side of zero
GAP_VALUE_ROOM = 30  # room for the value written beyond a bar's end ("−11.3")


def _gap_bars(gaps: list[dict]) -> dict:
    """A diverging bar per level and group around zero (under-representation to the left).

    The label column is as wide as the longest group label in the document's language (French
    labels are longer: "Personnes en situation de handicap"), so no label is cut off.
    """
    labels = [label for row in gaps for label in row["groups"]]
    label_x = charts.label_width(labels, GAP_FONT)
    centre = label_x + GAP_VALUE_ROOM + GAP_HALF
    rows, y = [], 4
    for row in gaps:
        rows.append({"kind": "level", "label": row["level"], "y": y + 11})
        y += 16
        for label, figure in zip(row["groups"], row["cells"], strict=True):
            if figure is None or figure.lma is None:
                continue
            bar = {"kind": "bar", "label": label, "y": y, "text_y": y + 9}
            if figure.gap is None:
                bar["suppressed"] = True
            else:
                length = min(abs(float(figure.gap)) / GAP_SCALE, 1.0) * GAP_HALF
                bar.update(
                    gap=figure.gap,
                    x=round(centre - length if figure.gap < 0 else centre, 1),
                    width=round(max(length, 0.8), 1),
                    under=figure.gap < 0,
                    value_x=round(centre - length - 4 if figure.gap < 0 else centre + length + 4, 1),
                )
            rows.append(bar)
            y += 13
        y += 4
    return {
        "rows": rows,
        "height": y + 4,
        "centre": centre,
        "label_x": label_x - 6,
        "width": centre + GAP_HALF + GAP_VALUE_ROOM,
    }
