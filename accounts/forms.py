from django import forms
from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from .languages import BOTH


def language_choices() -> list[tuple[str, str]]:
    """Each language by its own name (English, Français), then no preference."""
    named = [(code, capfirst(get_language_info(code)["name_local"])) for code, _name in settings.LANGUAGES]
    return [*named, (BOTH, _("No preference"))]


class PreferencesForm(forms.Form):
    preferred_language = forms.ChoiceField(
        label=_("Language"),
        choices=language_choices,
        required=False,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
        help_text=_(
            "The site opens in this language when you sign in, and your e-mails and reminders come in it. "
            "With no preference, the site follows the page you are on and e-mails come in English and French."
        ),
    )


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Django's, with each e-mail in its reader's language: their own choice, else the language of
    the page the reset was asked from (the link in it opens the site in that language too)."""

    def send_mail(self, subject_template_name, email_template_name, context, *args, **kwargs):
        language = context["user"].preferred_language or translation.get_language()
        with translation.override(language):
            super().send_mail(subject_template_name, email_template_name, context, *args, **kwargs)
