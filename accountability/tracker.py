"""The tracker's accountability sections: recommendations by status, engagement in the quarter."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from core.text import marked, plain, shown, shown_in
from periods.models import ReportingPeriod
from sectors.models import Sector

from .models import Recommendation
from .selectors import engagement_counts, engagement_list, recommendation_counts, recommendation_rows


def accountability_sections(*, period: ReportingPeriod, language: str) -> list[dict]:
    with translation.override(language):
        return _sections(period, language)


def _sections(period: ReportingPeriod, language: str) -> list[dict]:
    as_at = period.end_date  # overdue as at the quarter's end, like the annex
    reviews: dict[int, dict] = {}
    for row in recommendation_rows(today=as_at):
        rec, review = row["recommendation"], row["review"]
        entry = reviews.setdefault(
            review.pk, {"title": marked(shown_in(review, "title", language)), "date": review.date, "rows": []}
        )
        entry["rows"].append(
            {
                "number": rec.number,
                "theme": marked(shown_in(rec, "theme", language)),
                "text": marked(shown_in(rec, "text", language)),
                "status": rec.get_status_display(),
                "unit": marked(shown_in(rec, "responsible_unit", language)),
                "due": rec.due_date,
                "overdue": row["overdue"],
            }
        )
    counts = recommendation_counts()
    sectors = list(
        plain(Sector).filter(is_active=True).order_by("code").values_list("pk", "code", "name_en", "name_fr")
    )
    by_sector = engagement_counts(period=period)
    context = {
        "period": period,
        "reviews": list(reviews.values()),
        "status_rows": [(str(Recommendation.Status(s).label), n) for s, n in counts.items()],
        "engagement_rows": [
            {
                "code": code,
                "name": marked(shown(name_en, name_fr, language)),
                "internal": by_sector.get(pk, {}).get("internal", 0),
                "external": by_sector.get(pk, {}).get("external", 0),
            }
            for pk, code, name_en, name_fr in sectors
        ],
        "engagements": list(engagement_list(period=period))[:60],
    }
    return [
        {
            "id": "recommendations",
            "title": _("Review recommendations: where each stands"),
            "html": render_to_string("tracker/pdf/recommendations.html", context),
        },
        {
            "id": "engagement",
            "title": _("Stakeholder engagement this quarter"),
            "html": render_to_string("tracker/pdf/engagement.html", context),
        },
    ]
