# ruff: noqa: F811 (the fixtures world and mixed, imported from the access and page-language tests, are redefined as arguments)
"""Texts held in one column with their language recorded beside them: a report's texts (the
language it was written in) and a survey quote (the language it was said in). Pages mark them with
that ``lang`` on a page of the other language; a quote keeps its words and shows its translation
beside them there."""

from __future__ import annotations

from django.utils import translation

from reporting.models import QuarterlyReport
from tests.forms import form_fields
from tests.test_access import url_for, world  # noqa: F401 -- world is a fixture
from tests.test_page_languages import QUOTE_IN_FRENCH, RECORDED, mixed  # noqa: F401 -- mixed is a fixture
from tracker.models import TrackerActions


def get(client, user, name, kwargs, ids, language):
    client.force_login(user)
    with translation.override(language):
        url = url_for(name, kwargs, ids).replace("/en/", f"/{language}/", 1)
    response = client.get(url)
    assert response.status_code == 200
    return url, response.content.decode()


def test_a_quote_keeps_its_words_and_shows_its_translation_on_a_page_of_the_other_language(client, mixed):
    users, ids = mixed
    _url, html = get(client, users["lead"], "equity:survey-list", {}, ids, "fr")
    assert f'<span lang="en">«\u00a0{RECORDED["quote"]}\u00a0»</span>' in html
    assert f"(traduction\u00a0: «\u00a0{QUOTE_IN_FRENCH}\u00a0»)" in html
    _url, html = get(client, users["lead"], "equity:survey-list", {}, ids, "en")
    assert f"\N{LEFT DOUBLE QUOTATION MARK}{RECORDED['quote']}\N{RIGHT DOUBLE QUOTATION MARK}" in html
    assert QUOTE_IN_FRENCH not in html  # the reader reads the words themselves


def test_a_reports_texts_are_marked_with_the_language_it_was_written_in(client, mixed):
    users, ids = mixed
    _url, html = get(client, users["lead"], "reporting:report-detail", {"code": "CSS", "slug": "2025-26-q3"}, ids, "fr")
    assert f' lang="en">{RECORDED["report highlights"]}</textarea>' in html  # the draft's fields, for the sector
    report = QuarterlyReport.objects.get(sector__code="OPS")
    assert report.status == "approved"
    _url, html = get(client, users["artf"], "reporting:report-detail", {"code": "OPS", "slug": "2025-26-q3"}, ids, "fr")
    assert f'<td class="report-text" lang="en">{RECORDED["ops narrative"]}</td>' in html
    QuarterlyReport.objects.filter(pk=report.pk).update(language="fr")
    _url, html = get(client, users["artf"], "reporting:report-detail", {"code": "OPS", "slug": "2025-26-q3"}, ids, "fr")
    assert f'<td class="report-text">{RECORDED["ops narrative"]}</td>' in html


def test_the_tracker_wording_starts_from_the_reports_list_in_its_own_languages_column(client, mixed):
    users, ids = mixed
    TrackerActions.objects.all().delete()
    report = QuarterlyReport.objects.get(sector__code="OPS")
    QuarterlyReport.objects.filter(pk=report.pk).update(
        top_actions="Lancé le programme de mentorat pour les employés du secteur", language="fr"
    )
    url, html = get(client, users["artf"], "tracker:curate", {"slug": "2025-26-q3"}, ids, "en")
    data = form_fields(html, method="post", action="")
    ops = report.sector_id
    assert data[f"actions_fr-{ops}"].startswith("Lancé le programme")
    assert data[f"actions_en-{ops}"] == ""
    assert '<span lang="fr">Lancé le programme' in html  # "In the approved report:", on the English page
    assert client.post(url, data).status_code == 302
    assert not TrackerActions.objects.filter(sector_id=ops).exists()  # nothing worded: nothing saved
