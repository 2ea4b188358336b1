"""Model fields every app uses."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class BoundedTextField(models.TextField):
    """A TextField whose ``max_length`` is a rule of the model, not only the size of the form's textarea.

    Django's TextField passes ``max_length`` to its form field and checks it nowhere else, so a
    write without that form (the import, a service, the admin of another model's inline…) could
    store a text of any length. This one validates it in ``full_clean`` like a CharField does;
    the column stays ``text`` (no migration of the data, no database check).
    """

    @property
    def default_validators(self):
        return [MaxLengthValidator(self.max_length)] if self.max_length is not None else []


def check_texts(model, **texts: str) -> None:
    """The model's own rules on these text fields (their length), for a write with no model form behind it."""
    errors = {}
    for name, value in texts.items():
        try:
            model._meta.get_field(name).clean(value, None)
        except ValidationError as error:
            errors[name] = error.error_list
    if errors:
        raise ValidationError(errors)


def written_in(verbose_name=None) -> models.CharField:
    """The language ("en" or "fr") a text held in one column was written in, beside that column.

    Set by the service that writes the text, from the page it was written on
    (``core.text.writing_language``); "" when nobody knows (a text written before languages were
    recorded, or no text at all): pages then show it as they always did, unmarked. Pages mark the
    text with ``{% written_in obj.<field>_language %}`` when it is not the page's language.
    """
    return models.CharField(
        verbose_name or _("written in"),
        max_length=2,
        choices=[("en", _("English")), ("fr", _("French"))],
        blank=True,
        default="",
        editable=False,
    )
