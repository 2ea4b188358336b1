"""Bilingual text: reading each language's column, falling back from one to the other, and saying so.

The one rule: a text is shown in the reader's language (French when the language asked for, or
else the active one, is French; English otherwise) when it is written in that language; when it
is blank there, the other language's text is shown, and the page marks it (``marked``): the
element carries ``lang`` so that screen readers switch voice, and the people who can add the
missing language see a small "English only" / « anglais seulement » badge. So a French page never
shows a hole where an English reader sees text, and never shows English silently.

- ``shown(english, french)`` / ``shown_in(obj, field)`` answer a ``Shown``: the text, the language
  it is written in and the language wanted; ``marked(shown, flag=...)`` is its safe HTML. In
  templates: ``{% text obj "title" %}`` (``flag=can_edit`` for the badge, ``lines=True`` to keep
  line breaks) after ``{% load text %}``.
- ``in_language`` and ``pick`` give the bare text (for e-mail subjects, sorting, attributes).
  ``in_language`` reads ``name_en`` and ``name_fr`` of any row (model instances, ``plain``
  querysets, historical records, snapshots, ``.values()`` dicts); ``pick`` takes the two values of
  a ``.values_list()`` row. None touches the database: they run per row on large pages.
- ``missing(obj, fields)`` names the languages a row lacks, for the translation checks.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.html import linebreaks
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext

from core.html import escaped

LANGUAGES = ("en", "fr")
_EMPTY = SafeString("")


def plain(model) -> QuerySet:
    """A queryset without modeltranslation's per-row rewriting, for reads that name each
    language's column themselves (it costs a third of a large page's time otherwise)."""
    return QuerySet(model)


def is_french(language: str | None = None) -> bool:
    """Whether ``language`` (the active language when not given) is French: "fr", "fr-ca"."""
    return (language or get_language() or "en").startswith("fr")


def wanted(language: str | None = None) -> str:
    """ "fr" or "en": the language a reader of ``language`` (the active one when not given) reads."""
    return "fr" if is_french(language) else "en"


@dataclass(frozen=True, slots=True)
class Shown:
    """A bilingual text as a page shows it: ``text`` is written in ``language`` ("" when there is
    no text at all), for a reader of ``wanted``."""

    text: str
    language: str
    wanted: str

    @property
    def foreign(self) -> bool:
        """Shown in the other language than the reader's, because the reader's is missing."""
        return bool(self.text) and self.language != self.wanted

    def __str__(self) -> str:
        return self.text

    def cut(self, limit: int | None) -> Shown:
        """The same text cut to ``limit`` characters (an ellipsis ending it), for breadcrumbs and lists."""
        if not limit or len(self.text) <= limit:
            return self
        return Shown(self.text[: limit - 1].rstrip() + "…", self.language, self.wanted)


def shown(english, french, language: str | None = None) -> Shown:
    """The reader's language when it is written, else the other one, else nothing."""
    reader = wanted(language)
    own, other = (french, english) if reader == "fr" else (english, french)
    if own:
        return Shown(own, reader, reader)
    if other:
        return Shown(other, "en" if reader == "fr" else "fr", reader)
    return Shown("", "", reader)


def writing_language(language: str | None = None) -> str:
    """The language a text typed now is recorded in: ``language`` (a view passes its page's,
    ``get_language()``) or else the active one, as "en" or "fr". The one rule for every text held
    in one column with its language beside it (``core.fields.written_in``)."""
    return wanted(language)


def recorded(text: str, language: str | None = None) -> str:
    """The language to record beside ``text`` written now: the page's ("en"/"fr"), "" for no text."""
    return writing_language(language) if (text or "").strip() else ""


def as_columns(text, language: str | None) -> tuple[str, str]:
    """A one-column text as the (English, French) pair it would fill: in the column of its recorded
    language, English when none is recorded (the rule before languages were recorded)."""
    text = text or ""
    return ("", text) if language == "fr" else (text, "")


def _columns(obj, field: str):
    if isinstance(obj, Mapping):
        return obj.get(f"{field}_en"), obj.get(f"{field}_fr")
    return getattr(obj, f"{field}_en", None), getattr(obj, f"{field}_fr", None)


def shown_in(obj, field: str, language: str | None = None) -> Shown:
    """``obj``'s ``field`` as ``shown`` gives it. ``obj`` is a model instance, a historical record
    or any object with ``<field>_en`` and ``<field>_fr`` attributes, or a dict with those keys (a
    ``.values()`` row); a missing one reads as blank."""
    english, french = _columns(obj, field)
    return shown(english, french, language)


def pick(english, french, language: str | None = None) -> str:
    """The text in the reader's language, else in the other one ("" for none), bare."""
    return shown(english, french, language).text


def in_language(obj, field: str, language: str | None = None) -> str:
    """``obj``'s ``field`` by the rule above, bare (see ``shown_in``)."""
    return shown_in(obj, field, language).text


def only_label(language: str) -> str:
    """The badge beside a text written in one language only, in the page's language."""
    return gettext("English only") if language == "en" else gettext("French only")


def marked(text: Shown, *, flag: bool = False, lines: bool = False) -> SafeString:
    """``text`` as safe HTML: escaped; inside ``<span lang="…">`` when it is in the other language
    than the reader's, with the "English only" badge after it when ``flag`` (the reader can fix
    it). ``lines`` keeps its line breaks (paragraphs, as Django's ``linebreaks``; the element is
    then a ``div``)."""
    # SafeString rather than mark_safe: the same result, without mark_safe's checks for lazy text
    # (these run for every row of the plan page).
    body = linebreaks(text.text, autoescape=True) if lines else escaped(text.text)
    if not text.foreign:
        return SafeString(body)
    tag = "div" if lines else "span"
    after = badge(text) if flag else ""
    return SafeString(f'<{tag} lang="{text.language}">{body}</{tag}>{after}')  # every part escaped


def badge(text: Shown) -> SafeString:
    """The "English only" badge (with a space before it) when ``text`` is in the other language, else ""
    (for a text inside a link: the badge goes after the link)."""
    if not text.foreign:
        return _EMPTY
    return SafeString(f' <span class="badge lang-only">{escaped(only_label(text.language))}</span>')  # escaped


def missing_badge() -> SafeString:
    """The flag on the empty field of a text written in the other language only (its label says which
    language the field is for): "Missing translation"."""
    return mark_safe(f' <span class="badge lang-missing">{escaped(gettext("Missing translation"))}</span>')  # noqa: S308 -- escaped


def lang_attribute(text: Shown) -> SafeString:
    """`` lang="…"`` (with its space) for an element whose whole content is ``text``, when it is in the
    other language; else "" (for elements that cannot hold a ``span``: an SVG ``title``, an ``option``)."""
    return SafeString(f' lang="{text.language}"') if text.foreign else _EMPTY  # "en" or "fr"


def missing(obj, fields: Iterable[str]) -> set[str]:
    """The languages ("en", "fr") in which some of ``fields`` of ``obj`` is blank while the other
    language has it; a field blank in both languages misses nothing."""
    languages: set[str] = set()
    for field in fields:
        english, french = _columns(obj, field)
        if english and not french:
            languages.add("fr")
        elif french and not english:
            languages.add("en")
    return languages


def required_one(obj, fields: Iterable[str]) -> None:
    """Raise a ``ValidationError`` on the English column of each of ``fields`` that ``obj`` has
    in neither language: a text read in both languages may be written in either one first."""
    from django.core.exceptions import ValidationError

    errors = {
        f"{field}_en": gettext("Write it in English or in French (or both).")
        for field in fields
        if not any(_columns(obj, field))
    }
    if errors:
        raise ValidationError(errors)


def quotation(obj, field: str = "quote", language: str | None = None) -> SafeString:
    """A person's words (``obj.<field>``), in the page's quotation marks and in the language they
    were said in (``<field>_language``): never translated in place. On a page in the other
    language it carries that ``lang``, and its translation (``<field>_translation``), when there
    is one, follows it marked as such."""
    from core.typography import quoted, separator

    get = obj.get if isinstance(obj, Mapping) else lambda name, default="": getattr(obj, name, default)
    words = get(field, "") or ""
    if not words:
        return mark_safe("")
    said_in = get(f"{field}_language", "") or ""
    reader = wanted(language)
    body = escaped(quoted(words))
    if not said_in or said_in == reader:
        return mark_safe(body)  # noqa: S308 -- escaped just above
    result = f'<span lang="{said_in}">{body}</span>'
    other = get(f"{field}_translation", "") or ""
    if other:
        label = escaped(gettext("translation"))
        result += f' <span class="quote-translation">({label}{escaped(separator(":"))}{escaped(quoted(other))})</span>'
    return mark_safe(result)  # noqa: S308 -- every part escaped


def sentence(template: str, **parts) -> SafeString:
    """A translated sentence (``%(name)s`` placeholders) naming texts, as safe HTML for a message:
    the sentence escaped, each ``Shown`` part marked (``lang`` when it is in the other language
    than the reader's), any other part escaped. So "Initiative « … » saved." on a French page
    marks the English title it has to show."""
    values = {name: marked(part) if isinstance(part, Shown) else escaped(part) for name, part in parts.items()}
    return mark_safe(escaped(template) % values)  # noqa: S308 -- the sentence and every part escaped
