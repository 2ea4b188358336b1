"""The translation queue and the tracker's language gate in a real browser (issue 15, items 2 and 3):
a sector's lead follows the home page's count to the queue and types a missing French text in place
(htmx), ARTF is refused the French tracker with the list and produces it anyway with a reason; each
page axe-clean, in English and French, at a desktop's and a phone's width."""

import re

import pytest
from django.utils import translation
from pypdf import PdfReader

from actionplans.models import Commitment
from core import translations
from demo.plans import demo_load
from periods.models import ReportingPeriod
from tracker.models import TrackerJob

from .conftest import axe_violations, sign_in

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

WORDS = {
    "en": {
        "open": "Open the translation queue",
        "in_french": "In French",
        "save": "Save",
        "empty": "Type the text in the missing language, then save.",
        "saved": "Translation saved.",
        "english": "English",
        "produce": "Produce",
        "held": "Texts to translate before the tracker",
        "refused": "The French tracker for 2025-26 Q2 was not produced: {n} texts it prints are not written in French.",
        "anyway": "Produce with untranslated texts",
        "reason": "Reason",
        "no_reason": "Give the reason to produce it with these texts untranslated.",
        "queued": "The French tracker for 2025-26 Q2 is queued (version 1).",
    },
    "fr": {
        "open": "Ouvrir la file de traduction",
        "in_french": "En français",
        "save": "Enregistrer",
        "empty": "Tapez le texte dans la langue manquante, puis enregistrez.",
        "saved": "Traduction enregistrée.",
        "english": "Anglais",
        "produce": "Produire",
        "held": "Textes à traduire avant le suivi",
        "refused": "Le suivi en français pour T2 2025-2026 n’a pas été produit : {n} textes qu’il imprime ne sont pas "
        "écrits en français.",
        "anyway": "Produire avec des textes non traduits",
        "reason": "Motif",
        "no_reason": "Donnez la raison de le produire avec ces textes non traduits.",
        "queued": "Le suivi en français pour T2 2025-2026 est en attente (version 1).",
    },
}


@pytest.fixture
def demo(transactional_db):
    demo_load()


def new_page(browser, language, width=1366):
    context = browser.new_context(
        locale="fr-CA" if language == "fr" else "en-CA", viewport={"width": width, "height": 900}
    )
    page = context.new_page()
    page.set_default_timeout(10000)
    return page


def plain(text: str) -> str:
    """Text as read: French no-break spaces as ordinary ones."""
    return re.sub(r"[\u00a0\u202f]", " ", text).strip()


def focused_id(page) -> str:
    return page.evaluate("document.activeElement.id || document.activeElement.getAttribute('role') || ''")


def wait_for_focus(page, selector):
    """htmx moves the focus to an autofocus element when it settles, a moment after the swap."""
    page.wait_for_function("s => document.activeElement && document.activeElement.matches(s)", arg=selector)


def count_on(page, selector) -> int:
    return int(re.search(r"\d+", page.locator(selector).inner_text()).group())


@pytest.mark.parametrize("language", ["en", "fr"])
def test_a_lead_types_a_missing_french_text_in_the_queue(browser, live_server, demo, language):
    words = WORDS[language]
    commitment = Commitment.objects.get(plan__sector__code="CSS", number=1)
    assert commitment.key_leads_en and not commitment.key_leads_fr  # the demo writes it in English only
    version = commitment.version
    lead = new_page(browser, language)
    sign_in(lead, live_server, "lead-css", language=language)

    # The home page counts what the lead can translate and leads to the queue.
    before = count_on(lead, "#translation-count")
    assert before == len(translations.gaps(sectors=[commitment.plan.sector_id])) > 0
    lead.locator("#translation-count").get_by_role("link", name=words["open"]).click()
    lead.wait_for_url(f"**/{language}/translations/")
    assert count_on(lead, "main p[role=status]") == before
    assert axe_violations(lead) == []

    item = lead.locator(f"#gap-commitment-{commitment.pk}-key_leads")
    assert item.locator("[lang=en]").first.inner_text() == commitment.key_leads_en  # the text there, marked
    field = item.get_by_label(words["in_french"])
    lead.evaluate("window.stayed = true")  # gone if the page were loaded again rather than swapped in place

    # Saving nothing: said at the field, which takes the focus; nothing written.
    item.get_by_role("button", name=words["save"]).click()
    item.get_by_text(words["empty"]).wait_for()
    assert field.get_attribute("aria-invalid") == "true"
    wait_for_focus(lead, f"#{field.get_attribute('id')}")
    assert focused_id(lead) == field.get_attribute("id")
    assert axe_violations(lead) == []
    commitment.refresh_from_db()
    assert not commitment.key_leads_fr and commitment.version == version

    # The French text, saved in place: the confirmation replaces the form and takes the focus.
    field.fill("GTLR")
    item.get_by_role("button", name=words["save"]).click()
    confirmation = item.get_by_role("status")
    confirmation.wait_for()
    assert plain(confirmation.inner_text()) == f"{words['saved']} GTLR"
    assert lead.evaluate("window.stayed === true")
    wait_for_focus(lead, f"#{item.get_attribute('id')} [role=status]")
    assert axe_violations(lead) == []
    commitment.refresh_from_db()
    assert (commitment.key_leads_en, commitment.key_leads_fr) == ("ARTF", "GTLR")
    assert commitment.version == version + 1  # an edit form opened before meets the conflict panel

    # One less to translate, on the queue and on the home page; the text is no longer listed.
    lead.reload()
    assert count_on(lead, "main p[role=status]") == before - 1
    assert lead.locator(f"#gap-commitment-{commitment.pk}-key_leads").count() == 0
    lead.set_viewport_size({"width": 390, "height": 844})
    assert lead.evaluate("document.documentElement.scrollWidth") <= 390  # nothing runs off a phone's screen
    assert axe_violations(lead) == []
    lead.goto(f"{live_server.url}/{language}/")
    assert count_on(lead, "#translation-count") == before - 1


def test_an_executive_has_no_translation_queue(browser, live_server, demo):
    executive = new_page(browser, "en")
    sign_in(executive, live_server, "exec")
    assert executive.locator("#translation-count").count() == 0
    assert executive.goto(f"{live_server.url}/en/translations/").status == 403


@pytest.mark.parametrize(("language", "width"), [("en", 1366), ("fr", 390)])
def test_artf_is_refused_the_french_tracker_and_produces_it_with_a_reason(
    browser, live_server, demo, settings, tmp_path, language, width
):
    settings.MEDIA_ROOT = str(tmp_path)
    words = WORDS[language]
    period = ReportingPeriod.objects.get(slug="2025-26-q2")
    with translation.override(language):  # the links the page shows, in its language
        missing = translations.gaps(tracker=period, language="fr")
    assert missing  # the demo as loaded prints English texts in the French tracker
    artf = new_page(browser, language, width)
    sign_in(artf, live_server, "artf", language=language)
    artf.goto(f"{live_server.url}/{language}/tracker/")
    artf.locator("#produce-period").select_option("2025-26-q2")
    artf.get_by_label(words["english"], exact=True).uncheck()
    artf.get_by_role("button", name=words["produce"], exact=True).click()

    # Refused, with what is missing and a link to each; nothing queued.
    artf.get_by_role("heading", level=1, name=words["held"]).wait_for()
    heading = artf.get_by_role("heading", level=2).first
    assert plain(heading.inner_text()) == words["refused"].format(n=len(missing))
    first = missing[0]
    listed = artf.locator("main section li").first
    assert listed.get_by_role("link", name=first.label).get_attribute("href") == first.url
    assert listed.locator(f"[lang={first.present}]").inner_text() == first.text  # marked with the language it is in
    assert artf.evaluate("document.documentElement.scrollWidth") <= width
    assert axe_violations(artf) == []
    assert not TrackerJob.objects.exists()

    # Overriding takes a reason: without one, said at the field, which takes the focus.
    artf.get_by_role("button", name=words["anyway"]).click()
    artf.get_by_text(words["no_reason"]).wait_for()
    assert focused_id(artf) == "override"
    assert axe_violations(artf) == []
    assert not TrackerJob.objects.exists()

    reason = "The Minister asked for it today; the translations follow next week."
    artf.get_by_label(words["reason"], exact=True).fill(reason)
    artf.get_by_role("button", name=words["anyway"]).click()
    artf.wait_for_url(f"**/{language}/tracker/")
    assert words["queued"] in plain(artf.locator("body").inner_text())
    job = TrackerJob.objects.get()
    assert (job.language, job.version, job.period_id) == ("fr", 1, period.pk)
    assert job.language_override == reason and job.untranslated == len(missing)
    assert job.status == "done"  # rendered in process; the reason is kept on the version, printed nowhere
    assert reason not in "".join(sheet.extract_text() for sheet in PdfReader(job.file.path).pages)
