"""Accountability's bilingual texts (``core.translations``): reviews and recommendations are
ARTF's; engagements are their sector's."""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from core import typography
from core.text import marked, shown
from core.translations import Kind, register
from sectors import permissions

from .models import Engagement, Recommendation, Review


def _artf(user, _sector_id) -> bool:
    return permissions.can_translate(user, None)


def _everything(period) -> Q:
    return Q()  # the tracker lists every review's recommendations


register(
    Kind(
        key="review",
        name=_("Reviews"),
        model=Review,
        fields=("title",),
        url=lambda row: reverse("accountability:review-detail", args=[row["pk"]]),
        label=lambda row: marked(shown(row["title_en"], row["title_fr"])),
        can_fill=_artf,
        tracker=_everything,
        order=40,
    )
)
register(
    Kind(
        key="recommendation",
        name=_("Recommendations and management responses"),
        model=Recommendation,
        fields=("theme", "text", "response", "responsible_unit", "status_note"),
        printed=("theme", "text", "responsible_unit"),
        extra=("number", "review__title_en", "review__title_fr"),
        url=lambda row: reverse("accountability:recommendation-edit", args=[row["pk"]]),
        label=lambda row: mark_safe(  # noqa: S308 -- the message escaped, the title marked (escaped)
            conditional_escape(_("Recommendation %(number)s of “%(review)s”"))
            % {"number": row["number"], "review": marked(shown(row["review__title_en"], row["review__title_fr"]))}
        ),
        can_fill=_artf,
        tracker=_everything,
        order=41,
    )
)
register(
    Kind(
        key="engagement",
        name=_("Stakeholder engagements"),
        model=Engagement,
        fields=("stakeholder", "purpose", "heard", "follow_up"),
        sector="sector_id",
        extra=("date",),
        url=lambda row: reverse("accountability:engagement-update", args=[row["sector_code"], row["pk"]]),
        label=lambda row: _("Engagement of %(date)s") % {"date": typography.numeric_date(row["date"])},
        can_fill=permissions.can_translate,
        tracker=lambda period: Q(date__range=(period.start_date, period.end_date)),
        order=42,
    )
)
