"""``{% load text %}``: bilingual fields in the reader's language, marked when they are not (see ``core.text``).

- ``{% text obj "title" %}``: the field as the page shows it, inside ``<span lang="en">`` on a
  French page when only the English is written (and the reverse); ``flag=can_edit`` adds the
  "English only" badge for people who can add the missing language; ``lines=True`` keeps line
  breaks.
- ``{% text_of english french %}``: the same for two values a view already holds.
- ``{{ obj|in_language:"title" }}``: the bare text (attributes, sorting), unmarked.
"""

from django import template

from core import text as texts

register = template.Library()


@register.filter
def in_language(obj, field: str) -> str:
    return texts.in_language(obj, field)


@register.simple_tag(name="text")
def text_tag(obj, field: str, flag: bool = False, lines: bool = False):
    return texts.marked(texts.shown_in(obj, field), flag=bool(flag), lines=bool(lines))


@register.simple_tag
def text_of(english, french, flag: bool = False, lines: bool = False):
    return texts.marked(texts.shown(english, french), flag=bool(flag), lines=bool(lines))
