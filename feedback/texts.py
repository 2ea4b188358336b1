"""The anonymous box's published texts ("you said, we did") for the translation queue
(``core.translations``). The messages people send are not among them: they are their words."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.text import marked, shown
from core.translations import Kind, register
from sectors import permissions

from .models import FeedbackSummary

register(
    Kind(
        key="feedback-summary",
        name=_("“You said, we did”"),
        model=FeedbackSummary,
        fields=("title", "said", "did"),
        url=lambda row: reverse("feedback:summary-edit", args=[row["pk"]]),
        label=lambda row: marked(shown(row["title_en"], row["title_fr"])),
        can_fill=lambda user, _sector_id: permissions.can_translate(user, None),
        order=70,
    )
)
