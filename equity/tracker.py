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
from core.text import marked, plain, shown, shown_in
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
                "name": marked(shown(name_en, name_fr, language)),
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
                "name": marked(shown_in(survey, "name", language)),
                "period": survey.period.label,
                "highlights": [
                    {
                        "theme": marked(shown_in(h, "theme", language)),
                        "summary": marked(shown_in(h, "summary", language)),
                        "quote": h.quote,
                        "quote_language": h.quote_language,
                        "quote_translation": h.quote_translation,
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
    groups = [
        (
            row["level"],
            [
                (label, figure.gap)  # a suppressed gap is None: drawn as hidden
                for label, figure in zip(row["groups"], row["cells"], strict=True)
                if figure is not None and figure.lma is not None
            ],
        )
        for row in gaps
    ]
    return charts.diverging_bars(groups, font_size=GAP_FONT, scale=GAP_SCALE, half=GAP_HALF, value_room=GAP_VALUE_ROOM)
