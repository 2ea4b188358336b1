# ruff: noqa: F811 (the fixtures world and mixed, imported from the access and page-language tests, are redefined as arguments)
"""Texts held in one column with their language recorded beside them: a report's texts (the
language it was written in), a survey quote (the language it was said in), and the comments,
reasons, maturity evidence and review notes, anonymous messages and triage notes, and governance
notes (the language of the page they were written on, ``core.text.writing_language``). Pages mark
them with that ``lang`` on a page of the other language; a quote keeps its words and shows its
translation beside them there."""

from __future__ import annotations

import re

from django.urls import reverse
from django.utils import translation

from accountability.models import Approval
from equity.models import MaturityAssessment
from feedback.models import FeedbackSubmission
from reporting.models import QuarterlyReport, ReportComment, ReportEvent
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


# -- texts written on a page record its language ------------------------------------------------
def at(name, language, **kwargs):
    with translation.override(language):
        return reverse(name, kwargs=kwargs)


def opened(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def sent(client, url, data):
    response = client.post(url, data)
    assert response.status_code == 302, (url, response.content.decode()[:2000])
    return response


COMMENT_FR = "Ajoutez les chiffres des régions à la mise à jour de cette initiative."
RETURN_FR = "Le rapport ne donne pas les chiffres des régions pour le trimestre."


def test_a_comment_and_a_return_written_on_a_french_page_are_recorded_as_french(client, world):
    users, _ids = world
    client.force_login(users["artf"])
    page = at("reporting:report-detail", "fr", code="OPS", slug="2025-26-q3")
    html = opened(client, page)
    comment = form_fields(html, action=at("reporting:report-comment", "fr", code="OPS", slug="2025-26-q3"))
    sent(
        client,
        at("reporting:report-comment", "fr", code="OPS", slug="2025-26-q3"),
        {**comment, "section": "highlights", "body": COMMENT_FR},
    )
    back = form_fields(html, action=at("reporting:report-return", "fr", code="OPS", slug="2025-26-q3"))
    sent(client, at("reporting:report-return", "fr", code="OPS", slug="2025-26-q3"), {**back, "reason": RETURN_FR})

    assert ReportComment.objects.get().body_language == "fr"
    event = ReportEvent.objects.get(action="returned")
    assert (event.reason, event.reason_language) == (RETURN_FR, "fr")

    html = opened(client, at("reporting:report-detail", "en", code="OPS", slug="2025-26-q3"))
    assert f'<p class="mb-0 report-text" lang="fr">{COMMENT_FR}</p>' in html.replace("&#x27;", "'")
    assert f'<div class="ms-3 report-text" lang="fr">{RETURN_FR}</div>' in html
    client.force_login(users["other_lead"])  # the sector's lead, on their home page in English
    html = opened(client, at("home", "en"))
    assert f'<span class="report-text" lang="fr">{RETURN_FR}</span>' in html
    html = opened(client, at("home", "fr"))  # and in French, as written
    assert f'<span class="report-text">{RETURN_FR}</span>' in html


EVIDENCE_FR = "Le plan a été approuvé par le comité exécutif du secteur à l’automne."
REVIEW_FR = "La preuve est solide et le stade est celui que montrent les faits."


def test_maturity_evidence_and_its_review_note_written_in_french_are_recorded_as_french(client, world):
    users, _ids = world
    client.force_login(users["lead"])
    page = at("equity:maturity", "fr", code="CSS")
    data = form_fields(opened(client, page), method="post", action="")
    sent(client, page, {**data, "evidence": EVIDENCE_FR})
    client.force_login(users["artf"])
    review = at("equity:maturity-review", "fr", code="CSS", slug="2025-26-q3")
    data = form_fields(opened(client, page), method="post", action=review)
    sent(client, review, {**data, "note": REVIEW_FR})

    assessment = MaturityAssessment.objects.get()
    assert (assessment.evidence, assessment.evidence_language) == (EVIDENCE_FR, "fr")
    assert (assessment.review_note, assessment.review_note_language) == (REVIEW_FR, "fr")
    html = opened(client, at("equity:maturity", "en", code="CSS"))
    assert f'<td class="report-text" lang="fr">{EVIDENCE_FR}</td>' in html
    assert f'<p class="report-text mb-1" lang="fr">{REVIEW_FR}</p>' in html
    assert f'maxlength="2000" lang="fr">{REVIEW_FR}</textarea>' in html

    # The lead changes only the stage on the English page: the evidence is still the French one.
    client.force_login(users["lead"])
    english = at("equity:maturity", "en", code="CSS")
    html = opened(client, english)
    assert f' lang="fr">{EVIDENCE_FR}</textarea>' in html
    data = form_fields(html, method="post", action="")
    sent(client, english, {**data, "stage": "4"})
    assessment.refresh_from_db()
    assert (assessment.stage, assessment.evidence_language) == (4, "fr")


MESSAGE_FR = "On m’a refusé une promotion et je pense que c’est à cause de ma race."
TRIAGE_FR = "Nous avons transmis le message à l’équipe de la dotation du secteur."


def test_an_anonymous_message_and_its_triage_note_written_in_french_are_recorded_as_french(client, world):
    users, _ids = world
    page = at("feedback:submit", "fr")
    data = form_fields(opened(client, page), method="post", action="")
    sent(client, page, {**data, "message": MESSAGE_FR})
    submission = FeedbackSubmission.objects.get(message=MESSAGE_FR)
    assert submission.message_language == "fr"

    client.force_login(users["artf"])
    triage = at("feedback:triage", "fr")
    update = at("feedback:triage-update", "fr", pk=submission.pk)
    data = form_fields(opened(client, triage), action=update)
    sent(client, update, {**data, f"{submission.pk}-note": TRIAGE_FR})
    submission.refresh_from_db()
    assert (submission.triage_note, submission.triage_note_language) == (TRIAGE_FR, "fr")

    html = opened(client, at("feedback:triage", "en")).replace("&#x27;", "'").replace("&rsquo;", "’")
    assert f'<p class="report-text" lang="fr">{MESSAGE_FR}</p>' in html
    assert re.search(rf'<textarea [^>]*lang="fr"[^>]*>\s*{TRIAGE_FR}</textarea>', html)
    html = opened(client, triage)
    assert f'<p class="report-text">{MESSAGE_FR}</p>' in html  # on the page of its own language, as written


NOTE_FR = "Le conseil a demandé un budget pour chacune des initiatives du plan."


def test_a_governance_note_written_in_french_is_recorded_as_french(client, world):
    users, _ids = world
    client.force_login(users["artf"])
    page = at("accountability:approval-record", "fr", code="CSS")
    data = form_fields(opened(client, page), method="post", action="")
    sent(client, page, {**data, "decision": "returned", "note": NOTE_FR})
    approval = Approval.objects.get()
    assert (approval.note, approval.note_language) == (NOTE_FR, "fr")
    html = opened(client, at("actionplans:plan-detail", "en", code="CSS"))
    assert f'<span lang="fr">{NOTE_FR}</span>' in html


def test_a_text_whose_language_nobody_recorded_shows_as_before(client, world):
    users, _ids = world  # its assessment was written before languages were recorded: ""
    assert MaturityAssessment.objects.get().evidence_language == ""
    client.force_login(users["lead"])
    for language in ("en", "fr"):
        assert '<td class="report-text">Policy</td>' in opened(client, at("equity:maturity", language, code="CSS"))
