"""Forms of the sectors app: the maturity self-assessment and ARTF's review note."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .maturity import STAGE_CHOICES
from .models import MaturityAssessment


class MaturityForm(forms.Form):
    period = forms.ChoiceField(label=_("Quarter"))
    stage = forms.TypedChoiceField(
        label=_("Stage on the continuum"), choices=STAGE_CHOICES, coerce=int, widget=forms.RadioSelect
    )
    evidence = forms.CharField(
        label=_("Evidence"),
        max_length=MaturityAssessment._meta.get_field("evidence").max_length,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "What shows the sector is at this stage: facts, not intentions (policies changed, data, decisions)."
        ),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, periods=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.periods = {p.slug: p for p in periods}
        self.fields["period"].choices = [(p.slug, p.label) for p in periods]

    def clean_period(self):
        return self.periods[self.cleaned_data["period"]]


class MaturityReviewForm(forms.Form):
    note = forms.CharField(
        label=_("ARTF review note"),
        max_length=MaturityAssessment._meta.get_field("review_note").max_length,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Seen by the sector; leave it empty to remove the note."),
    )
