"""``{% load text %}``: ``{{ obj|in_language:"title" }}``, a bilingual field in the active language (see ``core.text``)."""

from django import template

from core import text

register = template.Library()


@register.filter
def in_language(obj, field: str) -> str:
    return text.in_language(obj, field)
