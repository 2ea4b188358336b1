"""Form pieces every app uses: dates, numbers as people type them, the version an edit started from, and
the status a form page answers with."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Field, Layout
from django import forms

from . import typography
from .concurrency import CONFLICT
from .html import format_html
from .numbers import parse_decimal
from .text import LANGUAGES, missing_badge, shown_in, wanted


class DateInput(forms.DateInput):
    input_type = "date"

    def format_value(self, value):
        return value.isoformat() if hasattr(value, "isoformat") else value


INVALID = 422  # a page that answers a form with errors (htmx swaps it in: see base.html's htmx-config)


def form_status(*, invalid=False, conflict=None) -> int:
    """A form page's status: 409 when it shows an edit conflict, 422 when what was sent is refused, else 200."""
    if conflict:
        return CONFLICT
    return INVALID if invalid else 200


class VersionField(forms.IntegerField):
    """The version an edit started from, carried hidden in the page (blank: it started from no saved row)."""

    widget = forms.HiddenInput

    def __init__(self, *, required: bool = False, **kwargs):
        super().__init__(required=required, **kwargs)


class StartsFromVersion:
    """A model form whose hidden ``version`` starts at its instance's, so a later save can tell if someone else saved."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["version"] = self.instance.version


class VersionedForm(StartsFromVersion, forms.ModelForm):
    """Carries the version the person started from, so a later save can tell if someone else saved."""

    version = VersionField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True

    def changes(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("version", None)
        return data


class LocalDecimalField(forms.CharField):
    """A number as people type it (12.5 or 12,5); blank clears the value."""

    def to_python(self, value):
        value = super().to_python(value)
        try:
            return parse_decimal(value)
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None


def shown_number(value) -> str:
    """A stored number as a person reads and types it: 61.5 (61,5 in French), 50 rather than 50.00."""
    if value is None:
        return ""
    return typography.decimal(value, places=10)


def shown_decimal(shown):
    """The number a field was rendered with, from its hidden copy (None: it showed none)."""
    try:
        return parse_decimal(shown)
    except ValueError:
        return None


def number_changed(value, shown) -> bool:
    """Whether a number field's value differs from the text it was rendered with (61,5 is 61.50)."""
    return value != shown_decimal(shown)


# -- choices named by a bilingual text -------------------------------------------------------------
class ChoiceText(str):
    """A choice's label, and the language it is written in when that is not the reader's ("" else)."""

    language = ""


def choice_text(obj, field: str, *, before: str = "", limit: int | None = None) -> ChoiceText:
    """``before`` and ``obj``'s ``field`` in the reader's language (else the other one), cut at ``limit``
    characters, knowing its language (core.text): the widget marks the option with ``lang``."""
    shown = shown_in(obj, field)
    body = shown.text if limit is None or len(shown.text) <= limit else shown.text[: limit - 1] + "…"
    label = ChoiceText(f"{before}{body}")
    label.language = shown.language if shown.foreign else ""
    return label


class LanguageOptions:
    """A choice widget whose option in the other language says so: ``lang`` on the ``<option>``, or
    around the label of a checkbox (a label can hold a ``span``; an option cannot)."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex=subindex, attrs=attrs)
        language = getattr(label, "language", "")
        if language:
            if self.input_type in ("checkbox", "radio"):
                option["label"] = format_html('<span lang="{}">{}</span>', language, label)
            else:
                option["attrs"] = {**option["attrs"], "lang": language}
        return option


class LanguageSelect(LanguageOptions, forms.Select):
    pass


class LanguageSelectMultiple(LanguageOptions, forms.SelectMultiple):
    pass


class LanguageCheckboxes(LanguageOptions, forms.CheckboxSelectMultiple):
    pass


# -- both languages side by side -------------------------------------------------------------------
def language_pairs(form: forms.BaseForm) -> list[str]:
    """The texts a form edits in both languages: ``x`` for each visible pair of fields ``x_en``, ``x_fr``."""
    return [
        name[:-3]
        for name, field in form.fields.items()
        if name.endswith("_en") and f"{name[:-3]}_fr" in form.fields and not field.widget.is_hidden
    ]


def field_text(form: forms.BaseForm, name: str) -> str:
    """A field's text as the form will show it (what was sent, else the initial value), read without
    making its bound field (which would keep the label as it was)."""
    field = form.fields[name]
    if form.is_bound:
        value = field.widget.value_from_datadict(form.data, form.files, form.add_prefix(name))
    else:
        value = form.get_initial_for_field(field, name)
    return str(value or "").strip()


def written_in(form: forms.BaseForm, name: str, language: str) -> None:
    """The text prefilled in ``form``'s field ``name`` was written in ``language`` (a one-column text's
    recorded language, "" unknown): on a page of the other language its input carries that ``lang``,
    as ``{% written_in %}`` marks the text elsewhere."""
    if language and language != wanted() and not form.is_bound:
        form.fields[name].widget.attrs["lang"] = language


def both_languages(form: forms.BaseForm) -> None:
    """Lay out ``form`` with each bilingual text's English and French fields side by side (two columns
    from 768 px, one above the other on a phone), each input carrying its ``lang`` (its text is read
    in its own voice, and checked as that language), and the empty one flagged "Missing translation"
    in its label when the other language is written. Call it last in the form's ``__init__``; render
    the form with ``{% crispy form %}``."""
    pairs = language_pairs(form)
    for base in pairs:
        values = {code: field_text(form, f"{base}_{code}") for code in LANGUAGES}
        for code, other in (("en", "fr"), ("fr", "en")):
            field = form.fields[f"{base}_{code}"]
            field.widget.attrs["lang"] = code
            if not values[code] and values[other]:
                field.label = format_html("{}{}", field.label, missing_badge())
    items = []
    for name in form.fields:
        if name.endswith("_fr") and name[:-3] in pairs:
            continue  # beside its English
        if name.endswith("_en") and name[:-3] in pairs:
            items.append(
                Div(
                    Div(Field(name), css_class="col-md-6"),
                    Div(Field(f"{name[:-3]}_fr"), css_class="col-md-6"),
                    css_class="row language-pair",
                )
            )
        else:
            items.append(Field(name))
    helper = getattr(form, "helper", None) or FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    helper.layout = Layout(*items)
    form.helper = helper
