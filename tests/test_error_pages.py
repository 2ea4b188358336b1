"""Errors speak the person's language, keep the site's layout and show a way back; form errors are summarised on top."""

import datetime
import re

import pytest
from django.test import RequestFactory
from django.utils import timezone, translation
from django.views.defaults import server_error

from tests.factories import MembershipFactory, PeriodFactory, PlanFactory, SectorFactory


@pytest.fixture
def lead(db):
    return MembershipFactory(sector=SectorFactory(code="CSS", name_en="Corporate Services"), role="lead").user


def test_a_refused_page_is_in_french_with_the_sites_layout_and_a_way_home(client, lead):
    client.force_login(lead)
    response = client.get("/fr/dashboard/")
    assert response.status_code == 403
    body = response.content.decode()
    assert '<html lang="fr">' in body
    assert "Vous ne pouvez pas ouvrir cette page" in body
    assert 'aria-label="Navigation principale"' in body  # the site's own header
    assert 'href="/fr/"' in body and "Aller à votre page d’accueil" in body
    assert "403 Forbidden" not in body


def test_a_missing_page_is_in_the_persons_language(client, lead):
    client.force_login(lead)
    for language, words in (("en", "Page not found"), ("fr", "Page introuvable")):
        response = client.get(f"/{language}/plans/NOSUCH/")
        assert response.status_code == 404
        body = response.content.decode()
        assert words in body and f'<html lang="{language}">' in body and f'href="/{language}/"' in body


def test_the_server_error_page_needs_no_database_and_speaks_french():
    # No django_db mark: any query here raises, so the page must not make one.
    request = RequestFactory().get("/fr/plans/CSS/")
    with translation.override("fr"):
        response = server_error(request)
    assert response.status_code == 500
    body = response.content.decode()
    assert '<html lang="fr">' in body and "Un problème est survenu" in body and 'href="/fr/"' in body


def test_a_form_with_errors_lists_them_on_top_with_links_to_each_field(client, lead):
    today = timezone.localdate()
    PeriodFactory(fiscal_year=2025, quarter=3, opens_on=today - datetime.timedelta(days=5))
    client.force_login(lead)
    page = client.get("/en/plans/CSS/maturity/").content.decode()
    period = re.search(r'<option value="([^"]+)" selected', page).group(1)
    response = client.post("/en/plans/CSS/maturity/", {"period": period, "evidence": ""})
    assert response.status_code in (200, 400, 409, 422)
    body = response.content.decode()
    summary = (
        body.index("There are 2 problems with this form") if "There are 2" in body else body.index("There is a problem")
    )
    assert summary < body.index("<h1")  # above everything else on the page
    assert 'href="#id_stage_0"' in body and 'id="id_stage_0"' in body
    assert 'href="#id_evidence"' in body and 'id="id_evidence"' in body


def test_the_summary_is_the_same_include_on_every_form_page(client, lead):
    PlanFactory(sector=lead.memberships.get().sector)
    client.force_login(lead)
    response = client.post("/fr/plans/CSS/commitments/new/", {"key_leads": "ARTF"})
    body = response.content.decode()
    assert body.index("error-summary") < body.index("<h1")
    assert "Rien n’a été enregistré" in body and 'href="#id_statement_en"' in body
