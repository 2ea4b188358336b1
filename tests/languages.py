"""The language checker: text of one official language on a page of the other, not marked with ``lang``.

Under the Official Languages Act a French page may show English only where it says so
(``lang="en"`` on the element, so that screen readers switch voice), and the reverse. The checker
reads a page's HTML (the standard library's parser), follows the language in force for each
element (its own ``lang``, else its nearest ancestor's, else the ``<html lang>``, else the
language the caller says the page is in), and reads every run of text and the attributes people
hear or see (``title``, ``aria-label``, ``alt``, ``placeholder``).

Which language a text is written in is guessed from the small words only one of the two languages
uses: "the", "and", "of", "with"… against « le », « les », « des », « avec »… (and the French
elisions l', d', qu'…). A text is found in the other language when it has at least ``MIN_WORDS``
words, at least ``MIN_DISTINCT`` of the other language's small words, and more than twice as many
of them as of its own. So a name ("Black Employees Network"), a code or a short label never trips
it, and a French sentence quoting an English title does not either: the rule is deliberately
conservative, and every finding can be explained by the words it counted (``Finding.why``).

Ignored: ``<script>``, ``<style>``, ``<code>``, ``<pre>``, ``<svg><style>``, and every attribute
but the four above (values of inputs, hidden or not, are data the person typed).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

# Small words that each language uses all the time and the other (almost) never. Words both use
# ("a", "on", "plan", "or", "son", "as") are left out.
ENGLISH = frozenset(
    """the and of with to for is are our this that these those from by will would have has had been
    was were which their they them it its in at we you your not be all each must should can
    could how what when who whose into about than there here also been being any such""".split()
)
FRENCH = frozenset(
    """le la les des du et pour avec dans est sont une un aux au nous sur par ce cette ces qui que
    ne pas leur leurs mais été être sa ses vos votre notre nos en à où très chaque aussi ont
    avons selon entre sans sous vers dont""".split()
)
# French elision: l'équipe, d'action, qu'il, n'est, s'il, j'ai, c'est.
ELISION = re.compile(r"\b(?:l|d|qu|n|s|j|c)['’](?=\w)", re.IGNORECASE)
WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*", re.UNICODE)

MIN_WORDS = 4  # shorter texts are labels, names and codes: not judged
MIN_DISTINCT = 2  # at least two of the other language's small words

SKIPPED = frozenset({"script", "style", "code", "pre", "template", "noscript"})
VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr", "param"}
)
# Elements inside which text runs on as one sentence; any other element ends the run.
INLINE = frozenset(
    {
        "a",
        "abbr",
        "b",
        "bdi",
        "bdo",
        "br",
        "cite",
        "data",
        "dfn",
        "em",
        "i",
        "kbd",
        "mark",
        "q",
        "s",
        "samp",
        "small",
        "span",
        "strong",
        "sub",
        "sup",
        "time",
        "u",
        "var",
        "wbr",
        "ins",
        "del",
    }
)
ATTRIBUTES = ("title", "aria-label", "alt", "placeholder")


@dataclass(frozen=True)
class Guess:
    english: tuple[str, ...]
    french: tuple[str, ...]
    words: int

    def dominant(self) -> str | None:
        """ "en" or "fr" when that language clearly dominates the text, else None (unclear, or too short)."""
        if self.words < MIN_WORDS:
            return None
        en, fr = len(self.english), len(self.french)
        if len(set(self.english)) >= MIN_DISTINCT and en > 2 * fr:
            return "en"
        if len(set(self.french)) >= MIN_DISTINCT and fr > 2 * en:
            return "fr"
        return None


def guess(text: str) -> Guess:
    """The small words of each language in ``text``, and how many words it has."""
    elisions = [match.group(0)[:-1].lower() + "'" for match in ELISION.finditer(text)]
    words = [w.lower() for w in WORD.findall(ELISION.sub(" ", text))]
    english = tuple(w for w in words if w in ENGLISH)
    french = tuple(elisions) + tuple(w for w in words if w in FRENCH)
    return Guess(english=english, french=french, words=len(words) + len(elisions))


def language_of(text: str) -> str | None:
    """The language that clearly dominates ``text`` ("en", "fr"), or None."""
    return guess(text).dominant()


@dataclass(frozen=True)
class Finding:
    text: str
    page_language: str  # the language in force where the text is
    found: str  # the language the text is written in
    where: str  # the element path, and the attribute for an attribute's text
    why: Guess

    def __str__(self) -> str:
        words = ", ".join(self.why.english if self.found == "en" else self.why.french)
        short = self.text if len(self.text) <= 160 else self.text[:157] + "…"
        return f"[{self.found} on {self.page_language}] {self.where}: {short!r} ({words})"


def _normalized(lang: str | None) -> str | None:
    if lang is None:
        return None
    lang = lang.strip().lower()
    return lang[:2] if lang else ""


class _Checker(HTMLParser):
    def __init__(self, language: str):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, str]] = []  # (tag, language in force inside it)
        self.default = language
        self.skipping = 0
        self.run: list[str] = []
        self.run_language = language
        self.run_where = ""
        self.findings: list[Finding] = []

    # The language in force, and where we are.
    def current(self) -> str:
        return self.stack[-1][1] if self.stack else self.default

    def path(self) -> str:
        return " > ".join(tag for tag, _lang in self.stack[-4:])

    def judge(self, text: str, language: str, where: str) -> None:
        text = " ".join(text.split())
        if not text or language not in ("en", "fr"):
            return
        found = guess(text)
        dominant = found.dominant()
        if dominant and dominant != language:
            self.findings.append(Finding(text, language, dominant, where, found))

    def flush(self) -> None:
        if self.run:
            self.judge("".join(self.run), self.run_language, self.run_where)
        self.run = []

    def handle_starttag(self, tag, attrs):
        self._start(tag, attrs, closes=tag in VOID)

    def handle_startendtag(self, tag, attrs):
        self._start(tag, attrs, closes=True)

    def _start(self, tag, attrs, *, closes: bool):
        attributes = dict(attrs)
        if self.skipping:
            if not closes:
                self.stack.append((tag, self.current()))
                self.skipping += 1
            return
        own = _normalized(attributes.get("lang"))
        language = own if own else self.current()
        if tag == "html" and not own:
            language = self.default
        if tag not in INLINE or language != self.current():
            self.flush()
        if tag == "br":
            self.run.append(" ")
        for name in ATTRIBUTES:
            value = attributes.get(name)
            if value:
                self.judge(value, language, f"{self.path()} > {tag}[{name}]")
        if tag == "input" and attributes.get("type") in ("submit", "button") and attributes.get("value"):
            self.judge(attributes["value"], language, f"{self.path()} > input[value]")
        if closes:
            return
        self.stack.append((tag, language))
        if tag in SKIPPED:
            self.skipping = 1

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        # Close up to the matching element (HTML lets some end tags be left out); a stray one is ignored.
        for depth in range(len(self.stack) - 1, -1, -1):
            if self.stack[depth][0] == tag:
                break
        else:
            return
        while len(self.stack) > depth:
            closed, language = self.stack.pop()
            if self.skipping:
                self.skipping -= 1
                continue
            if closed not in INLINE or language != self.current():
                self.flush()

    def handle_data(self, data):
        if self.skipping:
            return
        if not self.run:
            self.run_language = self.current()
            self.run_where = self.path()
        self.run.append(data)

    def close(self):
        super().close()
        self.flush()


def findings(html: str | bytes, *, language: str = "en") -> list[Finding]:
    """Every text of ``html`` written in the other language than the one in force where it is.
    ``language`` is the page's when it has no ``<html lang>`` (an htmx fragment)."""
    if isinstance(html, bytes):
        html = html.decode()
    checker = _Checker(language)
    checker.feed(html)
    checker.close()
    return checker.findings


def report(found: list[Finding]) -> str:
    return "\n".join(str(finding) for finding in found)
