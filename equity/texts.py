"""Equity's bilingual texts (``core.translations``): surveys and their highlights are ARTF's.
A highlight's quote is not among them: a quotation keeps the language it was said in."""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.text import marked, shown
from core.translations import Kind, register
from sectors import permissions

from .models import Survey, SurveyHighlight, SurveyResult
from .selectors import survey_highlights_for


def _artf(user, _sector_id) -> bool:
    return permissions.can_translate(user, None)


def _surveys_list(row) -> str:
    return reverse("equity:survey-list")


register(
    Kind(
        key="survey",
        name=_("Surveys"),
        model=Survey,
        fields=("name",),
        url=_surveys_list,
        label=lambda row: marked(shown(row["name_en"], row["name_fr"])),
        can_fill=_artf,
        tracker=lambda period: Q(pk__in=[s.pk for s, _h in survey_highlights_for(period=period)]),
        order=50,
    )
)
register(
    Kind(
        key="survey-result",
        name=_("Survey questions and themes"),
        model=SurveyResult,
        fields=("theme",),
        extra=("survey__name_en", "survey__name_fr"),
        url=_surveys_list,
        label=lambda row: marked(shown(row["survey__name_en"], row["survey__name_fr"])),
        can_fill=_artf,
        order=51,
    )
)
register(
    Kind(
        key="survey-highlight",
        name=_("Survey highlights"),
        model=SurveyHighlight,
        fields=("theme", "summary"),
        extra=("survey__name_en", "survey__name_fr"),
        url=lambda row: reverse("equity:highlight-edit", args=[row["pk"]]),
        label=lambda row: marked(shown(row["survey__name_en"], row["survey__name_fr"])),
        can_fill=_artf,
        tracker=lambda period: Q(survey__in=[s.pk for s, _h in survey_highlights_for(period=period)]),
        order=52,
    )
)
