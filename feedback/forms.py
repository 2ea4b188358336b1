"""Forms of the feedback box."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.forms import both_languages, written_in
from sectors.models import Sector

from .models import FeedbackSubmission, FeedbackSummary, Theme


class FeedbackForm(forms.Form):
    message = forms.CharField(
        label=_("Your message"),
        max_length=settings.FEEDBACK_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    sector = forms.ModelChoiceField(
        label=_("Sector (optional)"),
        queryset=Sector.objects.none(),
        required=False,
        empty_label=_("I would rather not say"),
        to_field_name="code",
    )
    theme = forms.ChoiceField(
        label=_("Theme (optional)"), choices=[("", _("Choose a theme"))] + Theme.choices, required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sector"].queryset = Sector.objects.active().order_by("code")
        self.fields["message"].help_text = gettext("Up to %(limit)s characters.") % {
            "limit": settings.FEEDBACK_MAX_LENGTH
        }


class TriageForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=FeedbackSubmission.Status.choices,
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )
    note = forms.CharField(
        label=_("ARTF note"),
        max_length=FeedbackSubmission._meta.get_field("triage_note").max_length,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control form-control-sm"}),
    )

    def __init__(self, *args, note_language: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        written_in(self, "note", note_language)


class SummaryForm(forms.ModelForm):
    class Meta:
        model = FeedbackSummary
        fields = ["title_en", "title_fr", "said_en", "said_fr", "did_en", "did_fr", "is_published"]
        widgets = {name: forms.Textarea(attrs={"rows": 3}) for name in ("said_en", "said_fr", "did_en", "did_fr")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        both_languages(self)
