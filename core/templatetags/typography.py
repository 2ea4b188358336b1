"""``{% load typography %}``: dates and figures as each language writes them (see ``core.typography``),
and published counts that suppression may have hidden."""

from django import template
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.translation import gettext as _

from core import typography

register = template.Library()

register.filter("long_date", typography.long_date)
register.filter("long_datetime", typography.long_datetime)
register.filter("decimal", typography.decimal)
register.filter("with_unit", typography.with_unit)
register.filter("signed", typography.signed)


@register.simple_tag
def shown(value, suffix: str = "", decimals: int | None = None):
    """A published number, or the word "suppressed" (with its reason for assistive technology)."""
    if value is None:
        return format_html(
            '<span class="suppressed" title="{}">{}</span>',
            _("Hidden: a count under the threshold could be worked out from it."),
            _("suppressed"),
        )
    text = number_format(value, decimal_pos=decimals) if decimals is not None else number_format(value)
    return f"{text}{suffix}"
