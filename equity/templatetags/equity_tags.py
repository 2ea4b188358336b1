from decimal import Decimal

from django import template
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def signed(value: Decimal | None) -> str:
    """A gap in points with its sign: +1.5, −2.0 (a true minus sign), 0.0."""
    if value is None:
        return ""
    text = number_format(abs(value), decimal_pos=1)
    if value > 0:
        return f"+{text}"
    if value < 0:
        return f"−{text}"
    return text


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
