"""Forms of equity evidence: file uploads and survey highlights."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import VersionField, both_languages, field_text
from spreadsheets.safety import SpreadsheetError, check_size

from .maturity import STAGE_CHOICES
from .models import MaturityAssessment, SurveyHighlight


class UploadForm(forms.Form):
    """A CSV or Excel file, within the size limit."""

    file = forms.FileField(
        label=_("File (.xlsx or .csv)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            check_size(upload.size)
        except SpreadsheetError as error:
            raise forms.ValidationError(str(error)) from error
        name = upload.name.lower()
        if name.endswith(".xlsx"):
            self.file_format = "xlsx"
        elif name.endswith(".csv"):
            self.file_format = "csv"
        else:
            raise forms.ValidationError(_("Choose an Excel (.xlsx) or CSV (.csv) file."))
        return upload


class HighlightForm(forms.ModelForm):
    class Meta:
        model = SurveyHighlight
        fields = ["theme_en", "theme_fr", "summary_en", "summary_fr", "quote", "quote_language", "quote_translation"]
        labels = {
            "theme_en": _("Theme (English)"),
            "theme_fr": _("Theme (French)"),
            "summary_en": _("What we heard (English)"),
            "summary_fr": _("What we heard (French)"),
        }
        widgets = {
            "summary_en": forms.Textarea(attrs={"rows": 3}),
            "summary_fr": forms.Textarea(attrs={"rows": 3}),
            "quote": forms.Textarea(attrs={"rows": 2}),
            "quote_translation": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme_en"].required = True
        self.fields["summary_en"].required = True
        both_languages(self)
        said_in = field_text(self, "quote_language")  # the quote in its own language, its translation in the other
        if said_in in ("en", "fr"):
            self.fields["quote"].widget.attrs["lang"] = said_in
            self.fields["quote_translation"].widget.attrs["lang"] = "fr" if said_in == "en" else "en"


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
    version = VersionField()

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
