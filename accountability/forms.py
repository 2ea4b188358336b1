"""Forms of accountability: fields and validation only; services save."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from actionplans.models import Commitment, Initiative
from core.forms import (
    DateInput,
    LanguageCheckboxes,
    LanguageSelectMultiple,
    StartsFromVersion,
    VersionField,
    both_languages,
    choice_text,
)

from .models import Approval, Engagement, GovernanceStep, Recommendation, Review


class ReviewForm(forms.ModelForm):
    class Meta:
        model = Review
        fields = ["title_en", "title_fr", "date", "unit_reviewed", "source_document"]
        widgets = {"date": DateInput}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        both_languages(self)


class NewRecommendationForm(forms.ModelForm):
    """A recommendation as the review states it; its follow-up is recorded afterwards."""

    class Meta:
        model = Recommendation
        fields = [
            "number",
            "theme_en",
            "theme_fr",
            "text_en",
            "text_fr",
            "response_en",
            "response_fr",
            "responsible_unit_en",
            "responsible_unit_fr",
            "due_date",
        ]
        widgets = {
            "due_date": DateInput,
            "text_en": forms.Textarea(attrs={"rows": 3}),
            "text_fr": forms.Textarea(attrs={"rows": 3}),
            "response_en": forms.Textarea(attrs={"rows": 4}),
            "response_fr": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, review=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.review = review
        if review is not None and not self.is_bound:
            self.initial["number"] = (
                review.recommendations.order_by("-number").values_list("number", flat=True).first() or 0
            ) + 1
        both_languages(self)

    def clean_number(self):
        number = self.cleaned_data["number"]
        if self.review is not None and self.review.recommendations.filter(number=number).exists():
            raise forms.ValidationError(_("This review already has a recommendation %(number)s.") % {"number": number})
        return number


class RecommendationForm(StartsFromVersion, forms.ModelForm):
    version = VersionField(required=True)
    initiatives = forms.ModelMultipleChoiceField(
        label=_("Initiatives that carry it out"),
        queryset=Initiative.objects.none(),
        required=False,
        widget=LanguageSelectMultiple(attrs={"size": 8}),
        help_text=_("Hold Ctrl (or Cmd) to choose several."),
    )

    class Meta:
        model = Recommendation
        fields = [
            "status",
            "status_note_en",
            "status_note_fr",
            "responsible_unit_en",
            "responsible_unit_fr",
            "due_date",
            "response_en",
            "response_fr",
        ]
        widgets = {
            "due_date": DateInput,
            "status_note_en": forms.Textarea(attrs={"rows": 3}),
            "status_note_fr": forms.Textarea(attrs={"rows": 3}),
            "response_en": forms.Textarea(attrs={"rows": 5}),
            "response_fr": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["initiatives"].queryset = (
            Initiative.objects.filter(is_archived=False)
            .select_related("commitment__plan__sector")
            .order_by("commitment__plan__sector__code", "commitment__number", "number")
        )
        self.fields["initiatives"].label_from_instance = lambda i: choice_text(
            i, "title", before=f"{i.commitment.plan.sector.code} {i.commitment.number}.{i.number} "
        )
        if self.instance.pk and not self.is_bound:
            self.initial["initiatives"] = list(self.instance.initiatives.values_list("pk", flat=True))
        both_languages(self)


class EngagementForm(StartsFromVersion, forms.ModelForm):
    version = VersionField()
    commitments = forms.ModelMultipleChoiceField(
        label=_("Linked commitments"),
        queryset=Commitment.objects.none(),
        required=False,
        widget=LanguageCheckboxes,
    )

    class Meta:
        model = Engagement
        fields = [
            "date",
            "stakeholder_type",
            "stakeholder_en",
            "stakeholder_fr",
            "purpose_en",
            "purpose_fr",
            "heard_en",
            "heard_fr",
            "follow_up_en",
            "follow_up_fr",
        ]
        widgets = {
            "date": DateInput,
            **{f"purpose_{language}": forms.Textarea(attrs={"rows": 2}) for language in ("en", "fr")},
            **{f"heard_{language}": forms.Textarea(attrs={"rows": 4}) for language in ("en", "fr")},
            **{f"follow_up_{language}": forms.Textarea(attrs={"rows": 2}) for language in ("en", "fr")},
        }

    def __init__(self, *args, sector=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commitments"].queryset = Commitment.objects.filter(plan__sector=sector).order_by("number")
        self.fields["commitments"].label_from_instance = lambda c: choice_text(
            c, "statement", before=f"{c.number}) ", limit=90
        )
        if self.instance.pk and not self.is_bound:
            self.initial["commitments"] = list(self.instance.commitments.values_list("pk", flat=True))
        both_languages(self)


class ApprovalForm(forms.Form):
    step = forms.TypedChoiceField(label=_("Governance body"), choices=GovernanceStep.choices, coerce=int)
    date = forms.DateField(label=_("Date of the decision"), widget=DateInput)
    decision = forms.ChoiceField(label=_("Decision"), choices=Approval.Decision.choices)
    note = forms.CharField(
        label=_("Note"),
        max_length=Approval._meta.get_field("note").max_length,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
