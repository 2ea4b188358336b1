"""``{% load text %}``: bilingual fields in the reader's language, marked when they are not (see ``core.text``).

- ``{% text obj "title" %}``: the field as the page shows it, inside ``<span lang="en">`` on a
  French page when only the English is written (and the reverse); ``flag=can_edit`` adds the
  "English only" badge for people who can add the missing language; ``lines=True`` keeps line
  breaks; ``limit=60`` cuts it (breadcrumbs).
- ``{% text_of english french %}``: the same for two values a view already holds.
- ``{{ obj|in_language:"title" }}``: the bare text (attributes, sorting), unmarked.
- ``{{ shown|marked }}``: a ``core.text.Shown`` a view built, marked (``{{ shown|marked:True }}`` with
  the badge).
- ``{{ obj|own_language:"title" }}``: the text only when it is written in the reader's language, else
  "" (for the document's ``<title>``, which cannot mark a part of it: the page says something else).
- ``{% missing_flag own other %}``: the "Missing translation" flag, for the label of a field left
  empty (``own``) while the other language's (``other``) is written; for forms built by hand
  (``core.forms.both_languages`` flags the others).
- ``<option{% lang_of obj "title" %}>``: `` lang="en"`` for an element that holds the text alone
  and cannot hold a ``span`` (an option, an SVG title), when the text is in the other language.
"""

from django import template

from core import text as texts

register = template.Library()


@register.filter
def in_language(obj, field: str) -> str:
    return texts.in_language(obj, field)


@register.filter(name="marked")
def marked_filter(shown: texts.Shown, flag: bool = False):
    return texts.marked(shown, flag=bool(flag))


@register.filter
def own_language(obj, field: str) -> str:
    shown = texts.shown_in(obj, field)
    return "" if shown.foreign else shown.text


@register.simple_tag(name="text")
def text_tag(obj, field: str, flag: bool = False, lines: bool = False, limit: int | None = None):
    return texts.marked(texts.shown_in(obj, field).cut(limit), flag=bool(flag), lines=bool(lines))


@register.simple_tag
def text_of(english, french, flag: bool = False, lines: bool = False, limit: int | None = None):
    return texts.marked(texts.shown(english, french).cut(limit), flag=bool(flag), lines=bool(lines))


@register.simple_tag
def quotation(obj, field: str = "quote"):
    """A person's words in the language they were said in, with their translation beside them."""
    return texts.quotation(obj, field)


@register.simple_tag
def written_in(language: str):
    """`` lang="…"`` for an element holding a text written in ``language`` (a report, in the one
    language its sector wrote it in), when that is not the page's; else ""."""
    return texts.lang_attribute(texts.Shown("x", language, texts.wanted())) if language else ""


@register.simple_tag
def lang_of(obj, field: str):
    return texts.lang_attribute(texts.shown_in(obj, field))


@register.simple_tag
def badge_of(obj, field: str):
    """The "English only" badge alone, for a text inside a link (the badge goes after the link)."""
    return texts.badge(texts.shown_in(obj, field))


@register.simple_tag
def missing_flag(own, other):
    return texts.missing_badge() if not str(own or "").strip() and str(other or "").strip() else ""
