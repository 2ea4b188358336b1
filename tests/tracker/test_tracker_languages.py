"""Issue 15's "done when", on the demo: after ARTF works through the translation queue (as its page
renders the forms) and words the quarter's top actions, the queue shows zero, the French tracker
prints no English and the English tracker no French, but for the quotations, which keep the
language they were said in; before that, every text in the other language is marked."""

import re

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from core import translations
from demo.plans import demo_load
from equity.models import SurveyHighlight
from periods.models import ReportingPeriod
from tests.factories import artf_user
from tests.forms import form_fields
from tests.languages import findings
from tracker.rendering import tracker_context

Q2 = "2025-26-q2"
WRITTEN = {
    "fr": "Texte traduit par le GTLR pour le suivi ministériel, dans les deux langues.",
    "en": "Text translated by the ARTF for the ministerial tracker, in both languages.",
}


def tracker_html(period, language: str) -> str:
    context = tracker_context(period=period, language=language)
    with translation.override(language):
        return render_to_string("tracker/pdf/tracker.html", context)


def other_language_elements(html: str, language: str) -> list[str]:
    other = "en" if language == "fr" else "fr"
    return re.findall(rf'<[a-z]+[^>]* lang="{other}"[^>]*>(.*?)</', html, flags=re.S)


@pytest.fixture
def q2(db):
    demo_load()
    return ReportingPeriod.objects.get(slug=Q2)


def work_through_the_queue(client) -> int:
    """Fill every form the queue shows, first to last, as ARTF would; how many were filled."""
    filled = 0
    for _page in range(500):
        page = client.get("/en/translations/").content.decode()
        forms = re.findall(r"<form[^>]*translations/fill.*?</form>", page, flags=re.S)
        if not forms:
            return filled
        data = form_fields(forms[0], action=reverse("dashboard:translation-fill"))
        response = client.post(reverse("dashboard:translation-fill"), {**data, "text": WRITTEN[data["language"]]})
        assert response.status_code == 302
        filled += 1
    raise AssertionError("the queue does not empty")


def word_the_top_actions(client, period) -> None:
    url = reverse("tracker:curate", args=[period.slug])
    data = form_fields(client.get(url).content.decode(), method="post", action="")
    for name, value in list(data.items()):
        if name.startswith("actions_fr-") and not value.strip():
            data[name] = "Principales actions du trimestre, formulées par le GTLR."
        if name.startswith("actions_en-") and not value.strip():
            data[name] = "Top actions of the quarter, worded by the ARTF."
    assert client.post(url, data).status_code == 302


def test_after_the_queue_the_trackers_print_each_language_alone_but_for_quotations(client, q2):
    # Before: the French tracker shows English texts, each marked with its language.
    before = tracker_html(q2, "fr")
    assert other_language_elements(before, "fr"), "the demo has English-only texts"
    assert findings(before, language="fr") == []
    assert translations.gaps(tracker=q2, language="fr")

    client.force_login(artf_user())
    to_fill = len(translations.gaps())
    assert work_through_the_queue(client) == to_fill > 0
    word_the_top_actions(client, q2)

    assert "Nothing to translate" in client.get("/en/translations/").content.decode()
    assert translations.gaps(tracker=q2) == []
    quotes = set(SurveyHighlight.objects.exclude(quote="").values_list("quote", flat=True))
    for language in ("fr", "en"):
        html = tracker_html(q2, language)
        assert findings(html, language=language) == []
        foreign = [" ".join(text.split()) for text in other_language_elements(html, language)]
        # Only the quotations remain in the other language (the demo's are English).
        assert all(any(quote in text for quote in quotes) for text in foreign), foreign
