"""``{% load typography %}``: dates, figures and punctuation as each language writes them (see
``core.typography``), and published counts that suppression may have hidden."""

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

from core import typography

register = template.Library()

for _name in (
    "long_date",
    "short_date",
    "long_datetime",
    "month_year",
    "short_month_year",
    "numeric_date",
    "numeric_datetime",
    "decimal",
    "fixed",
    "number",
    "percent",
    "fixed_percent",
    "with_unit",
    "signed",
    "listing",
    "quoted",
):
    register.filter(_name, getattr(typography, _name))


@register.simple_tag
def shown(value, unit: str = "", decimals: int | None = None):
    """A published number, or the word "suppressed" (with its reason for assistive technology).

    ``unit`` "percent" writes the share with its sign ("4.2%", "4,2 %"); ``decimals`` fixes the
    number of decimals; a bare count is written as a count ("12,500", "12 500")."""
    if value is None:
        return format_html(
            '<span class="suppressed" title="{}">{}</span>',
            _("Hidden: a count under the threshold could be worked out from it."),
            _("suppressed"),
        )
    if unit == "percent":
        return typography.fixed_percent(value, 1 if decimals is None else decimals)
    if decimals is not None:
        return typography.fixed(value, decimals)
    if isinstance(value, int):
        return typography.number(value)
    return typography.decimal(value)
