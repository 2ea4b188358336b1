# ruff: noqa: F811 (the fixtures world and mixed, imported from the access and page-language tests, are redefined as arguments)
"""Forms show a text's two languages side by side, each field with its ``lang``, and the empty one
flagged "Missing translation" when the other is written (issue 15, item 1; core.forms.both_languages)."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.utils import translation

from accountability.models import Recommendation
from actionplans.models import Initiative
from tests.forms import form_fields
from tests.languages import findings
from tests.test_access import url_for, world  # noqa: F401 -- world is a fixture
from tests.test_page_languages import field_of, mixed  # noqa: F401 -- mixed is a fixture

MISSING = {"en": "Missing translation", "fr": "traduction manquante"}


class _Controls(HTMLParser):
    """Each form control by name: its attributes, its label's text, and the language pair it sits in."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.controls: dict[str, dict] = {}
        self.labels: dict[str, str] = {}
        self.stack: list[tuple[str, int | None]] = []  # (tag, the language pair it opens, if any)
        self.pairs = 0
        self.label_for: str | None = None

    def pair(self) -> int | None:
        return next((number for _tag, number in reversed(self.stack) if number is not None), None)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("input", "textarea", "select") and attrs.get("name"):
            self.controls[attrs["name"]] = {"attrs": attrs, "pair": self.pair()}
        if tag == "label" and attrs.get("for"):
            self.label_for = attrs["for"]
            self.labels[self.label_for] = ""
        if tag in ("input", "br", "img", "meta", "link", "hr"):
            return
        opens = None
        if tag == "div" and "language-pair" in (attrs.get("class") or "").split():
            self.pairs += 1
            opens = self.pairs
        self.stack.append((tag, opens))

    def handle_endtag(self, tag):
        if tag == "label":
            self.label_for = None
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        if self.label_for:
            self.labels[self.label_for] += data

    def label(self, name: str) -> str:
        control = self.controls[name]["attrs"]
        return " ".join(self.labels.get(control.get("id", ""), "").split())


def controls(html: str) -> _Controls:
    reader = _Controls()
    reader.feed(html)
    return reader


def page(client, user, name, kwargs, ids, language="fr"):
    client.force_login(user)
    with translation.override(language):
        url = url_for(name, kwargs, ids).replace("/en/", f"/{language}/", 1)
    response = client.get(url)
    assert response.status_code == 200, url
    return url, response.content.decode()


# (page, its URL kwargs, a text written in English only, one written in French only)
FORMS = [
    ("actionplans:initiative-update", {"code": "CSS", "pk": "initiative"}, "title", None),
    ("actionplans:initiative-update", {"code": "CSS", "pk": "initiative"}, "lead", None),
    ("accountability:engagement-update", {"code": "CSS", "pk": "engagement"}, "purpose", None),
    ("actionplans:commitment-update", {"code": "CSS", "pk": "commitment"}, "statement", None),
    ("actionplans:kpi-update", {"code": "CSS", "pk": "kpi"}, "name", "data_source"),
    ("actionplans:kpi-detail", {"code": "CSS", "pk": "kpi"}, "note", None),
    ("accountability:recommendation-edit", {"pk": "recommendation"}, "response", None),
    ("feedback:summary-edit", {"pk": "summary"}, "said", None),
    ("equity:highlight-edit", {"pk": "highlight"}, "summary", None),
    ("tracker:curate", {"slug": "2025-26-q3"}, "summary", None),
]
ARTF_PAGES = ("accountability", "feedback", "equity", "tracker")


@pytest.mark.parametrize(("name", "kwargs", "english_only", "french_only"), FORMS)
@pytest.mark.parametrize("language", ["en", "fr"])
def test_each_form_puts_the_two_languages_side_by_side_and_flags_the_missing_one(
    client, mixed, name, kwargs, english_only, french_only, language
):
    users, ids = mixed
    user = users["artf"] if name.split(":")[0] in ARTF_PAGES and "engagement" not in name else users["lead"]
    url, html = page(client, user, name, kwargs, ids, language)
    found = controls(html)
    for written, empty in [(english_only, "fr"), *([(french_only, "en")] if french_only else [])]:
        full = "fr" if empty == "en" else "en"
        assert found.controls[f"{written}_en"]["attrs"]["lang"] == "en", url
        assert found.controls[f"{written}_fr"]["attrs"]["lang"] == "fr", url
        assert MISSING[language] in found.label(f"{written}_{empty}"), url
        assert MISSING[language] not in found.label(f"{written}_{full}"), url
        if name != "tracker:curate":  # built by hand, already in two columns
            pair = found.controls[f"{written}_en"]["pair"]
            assert pair is not None and pair == found.controls[f"{written}_fr"]["pair"], url
    # and the English in the English field is not "English on a French page"
    assert [f"{field_of(f.text)} — {f}" for f in findings(html, language=language)] == []


def test_a_new_text_flags_nothing(client, mixed):
    users, ids = mixed
    _url, html = page(client, users["artf"], "accountability:review-create", {}, ids)
    found = controls(html)
    assert found.controls["title_en"]["attrs"]["lang"] == "en" and found.controls["title_fr"]["attrs"]["lang"] == "fr"
    assert MISSING["fr"] not in html


def test_the_flag_goes_once_the_missing_language_is_written(client, mixed):
    users, ids = mixed
    url, html = page(client, users["lead"], "actionplans:initiative-update", {"code": "CSS", "pk": "initiative"}, ids)
    data = form_fields(html, method="post", action=url)
    assert data["title_fr"] == ""
    data["title_fr"] = "Former tous les gestionnaires d’embauche aux biais qui orientent leurs décisions"
    response = client.post(url, data)
    assert response.status_code == 302
    initiative = Initiative.objects.get(pk=ids["initiative"])
    assert initiative.title_fr == data["title_fr"]
    assert initiative.title_en.startswith("Train all hiring managers")  # the English, posted as rendered
    _url, html = page(client, users["lead"], "actionplans:initiative-update", {"code": "CSS", "pk": "initiative"}, ids)
    found = controls(html)
    assert MISSING["fr"] not in found.label("title_fr") + found.label("title_en")


def test_a_form_sent_back_with_an_error_keeps_the_flag_on_what_is_still_missing(client, mixed):
    users, ids = mixed
    url, html = page(client, users["artf"], "accountability:recommendation-edit", {"pk": "recommendation"}, ids)
    data = form_fields(html, method="post", action="")
    data["due_date"] = "not a date"
    response = client.post(url, data)
    assert response.status_code in (200, 422)
    found = controls(response.content.decode())
    assert MISSING["fr"] in found.label("response_fr")
    assert Recommendation.objects.get(pk=ids["recommendation"]).due_date is None


def test_options_in_the_other_language_carry_its_lang(client, mixed):
    users, ids = mixed
    _url, html = page(client, users["lead"], "actionplans:kpi-update", {"code": "CSS", "pk": "kpi"}, ids, "en")
    french_only = Initiative.objects.exclude(title_fr="").get(title_en="")
    assert f'<option value="{french_only.pk}" lang="fr">' in html
    _url, html = page(
        client, users["lead"], "accountability:engagement-update", {"code": "CSS", "pk": "engagement"}, ids
    )
    assert '<span lang="en">1) Build a workplace' in html  # a checkbox's label, English on the French page
