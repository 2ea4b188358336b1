"""The translation queue and the language gates (issue 15, items 2 and 3), on a case built by hand:
what is counted, who sees what, filling the missing language as the page renders the form, and the
tracker and governance gates."""

import datetime
import re

import pytest
from django.urls import reverse

from accountability.models import Approval, Engagement, Recommendation
from actionplans.models import KPI, Commitment, Initiative
from core import translations
from equity.models import SurveyHighlight
from tests.factories import (
    KPIFactory,
    MembershipFactory,
    PeriodFactory,
    PlanFactory,
    RecommendationFactory,
    ReportFactory,
    SectorFactory,
    StrategyFactory,
    SurveyFactory,
    SurveyHighlightFactory,
    UserFactory,
    artf_user,
)
from tests.forms import form_fields
from tracker.models import TrackerJob

QUEUE = "/en/translations/"


@pytest.fixture
def case(db):
    """CSS: a commitment in English only (its statement and leads), an initiative whose lead is in
    English only, a KPI named in French only, an engagement heard in English only; OPS: an
    initiative in English only; ARTF's: a recommendation whose responsible unit is in English only;
    a survey highlight whose quote is English (a quotation: not a gap)."""
    strategy = StrategyFactory(start_date=datetime.date(2023, 4, 1))
    css, ops = SectorFactory(code="CSS"), SectorFactory(code="OPS")
    plan = PlanFactory(sector=css, strategy=strategy)
    commitment = Commitment.objects.create(
        plan=plan, number=1, statement_en="Actively promote anti-racism.", key_leads_en="ARTF", key_leads_fr="GTLR"
    )
    initiative = Initiative.objects.create(
        commitment=commitment,
        number=1,
        title_en="Trust Circles",
        title_fr="Cercles de confiance",
        lead_en="Human Resources",
    )
    kpi = KPIFactory(commitment=commitment, number=1, name_en="", name_fr="Taux de participation")
    period = PeriodFactory(fiscal_year=2025, quarter=3, opens_on=datetime.date(2025, 10, 1))
    engagement = Engagement.objects.create(
        sector=css,
        date=period.start_date + datetime.timedelta(days=3),
        stakeholder_type="unions",
        stakeholder_en="PSAC",
        stakeholder_fr="AFPC",
        purpose_en="Objectives",
        purpose_fr="Objectifs",
        heard_en="Workload is a concern.",
    )
    ops_commitment = Commitment.objects.create(
        plan=PlanFactory(sector=ops, strategy=strategy), number=1, statement_en="x", statement_fr="x"
    )
    Initiative.objects.create(commitment=ops_commitment, number=1, title_en="Hiring panels")
    recommendation = RecommendationFactory(number=1, responsible_unit_en="Human Resources")
    SurveyHighlightFactory(
        survey=SurveyFactory(
            period=period, name_en="Public Service Employee Survey", name_fr="Sondage auprès des fonctionnaires"
        ),
        theme_en="Trust",
        theme_fr="Confiance",
        summary_en="s",
        summary_fr="s",
        quote="I would rather say nothing.",
        quote_language="en",
    )
    lead = MembershipFactory(sector=css, user=UserFactory(username="lead-css")).user
    return {
        "css": css,
        "commitment": commitment,
        "initiative": initiative,
        "kpi": kpi,
        "engagement": engagement,
        "recommendation": recommendation,
        "period": period,
        "lead": lead,
    }


def expected_all():
    return {
        ("commitment", "statement", "fr"),
        ("initiative", "lead", "fr"),
        ("kpi", "name", "en"),
        ("engagement", "heard", "fr"),
        ("initiative", "title", "fr"),  # OPS
        ("recommendation", "responsible_unit", "fr"),
    }


def test_the_queue_counts_every_text_in_one_language_and_no_quotation(case):
    found = translations.gaps()
    assert {(g.kind.key, g.field, g.missing) for g in found} == expected_all()
    assert len(found) == 6 == translations.gap_count()
    assert translations.gap_count(sectors=[case["css"].pk]) == 4
    assert not any(g.kind.model is SurveyHighlight for g in found)


def test_artf_sees_every_text_and_the_home_page_counts_them(client, case):
    client.force_login(artf_user())
    home = client.get("/en/").content.decode()
    assert re.search(r"6 texts exist in one language only", home)
    page = client.get(QUEUE).content.decode()
    assert "6 texts lack a language." in page
    for text in ("Actively promote anti-racism.", "Human Resources", "Taux de participation", "Hiring panels"):
        assert text in page
    assert 'lang="fr">Taux de participation' in page  # the present text carries its language
    french = client.get("/fr/translations/").content.decode()
    assert "6 textes n’existent que dans une langue." in french


def test_a_lead_sees_only_their_sectors_texts(client, case):
    client.force_login(case["lead"])
    assert "4 texts exist in one language only" in client.get("/en/").content.decode()
    page = client.get(QUEUE).content.decode()
    assert "4 texts lack a language." in page
    assert "Hiring panels" not in page and "Recommendation 1" not in page


def test_readers_have_no_queue(client, case):
    client.force_login(UserFactory())
    assert client.get(QUEUE).status_code == 403
    assert "translation queue" not in client.get("/en/").content.decode()


def fill_form(page: str, key: str, pk: int, field: str) -> dict:
    forms = re.findall(r"<form[^>]*translations/fill.*?</form>", page, flags=re.S)
    mine = [f for f in forms if f'name="kind" value="{key}"' in f and f'name="pk" value="{pk}"' in f]
    mine = [f for f in mine if f'name="field" value="{field}"' in f]
    assert len(mine) == 1, (key, pk, field)
    return form_fields(mine[0], action=reverse("dashboard:translation-fill"))


def test_a_lead_types_the_missing_french_in_the_queue_and_nothing_else_changes(client, case):
    initiative = case["initiative"]
    client.force_login(case["lead"])
    data = fill_form(client.get(QUEUE).content.decode(), "initiative", initiative.pk, "lead")
    assert data["language"] == "fr" and data["text"] == ""
    response = client.post(reverse("dashboard:translation-fill"), {**data, "text": "Ressources humaines"})
    assert response.status_code == 302
    initiative.refresh_from_db()
    assert (initiative.lead_en, initiative.lead_fr) == ("Human Resources", "Ressources humaines")
    assert (initiative.title_en, initiative.title_fr) == ("Trust Circles", "Cercles de confiance")
    assert initiative.version == 2
    assert initiative.history.first().history_user == case["lead"]
    assert "3 texts lack a language." in client.get(QUEUE).content.decode()


def test_filling_in_place_answers_the_row_and_keeps_a_refused_text(client, case):
    kpi = case["kpi"]
    client.force_login(case["lead"])
    data = fill_form(client.get(QUEUE).content.decode(), "kpi", kpi.pk, "name")
    empty = client.post(reverse("dashboard:translation-fill"), {**data, "text": "  "}, headers={"HX-Request": "true"})
    assert empty.status_code == 422 and "Type the text in the missing language" in empty.content.decode()
    saved = client.post(
        reverse("dashboard:translation-fill"), {**data, "text": "Participation rate"}, headers={"HX-Request": "true"}
    )
    assert saved.status_code == 200 and "Translation saved." in saved.content.decode()
    assert KPI.objects.get(pk=kpi.pk).name_en == "Participation rate"
    # The same form again (someone else was faster): refused, with the typed text kept.
    again = client.post(
        reverse("dashboard:translation-fill"), {**data, "text": "Rate of participation"}, headers={"HX-Request": "true"}
    )
    body = again.content.decode()
    assert again.status_code == 422 and "already written this text in both languages" in body
    assert "Rate of participation" in body
    assert KPI.objects.get(pk=kpi.pk).name_en == "Participation rate"


def test_another_sectors_lead_and_the_artf_only_texts_are_refused(client, case):
    recommendation, commitment = case["recommendation"], case["commitment"]
    client.force_login(case["lead"])
    refused = client.post(
        reverse("dashboard:translation-fill"),
        {"kind": "recommendation", "pk": recommendation.pk, "field": "responsible_unit", "language": "fr", "text": "x"},
    )
    assert refused.status_code == 302
    assert Recommendation.objects.get(pk=recommendation.pk).responsible_unit_fr == ""
    other = MembershipFactory(sector=SectorFactory(code="SIS")).user
    client.force_login(other)
    client.post(
        reverse("dashboard:translation-fill"),
        {"kind": "commitment", "pk": commitment.pk, "field": "statement", "language": "fr", "text": "x"},
    )
    assert not Commitment.objects.get(pk=commitment.pk).statement_fr


def test_the_next_tracker_filter_lists_only_what_it_prints(client, case):
    ReportFactory(sector=case["css"], period=case["period"], status="approved")
    client.force_login(artf_user())
    page = client.get(QUEUE + "?tracker=next").content.decode()
    # Printed: the commitment's statement, the initiatives' titles and leads, the KPI's name, the
    # quarter's engagement, the recommendation's unit. Not a commitment's key leads.
    assert "6 texts lack a language." in page
    case["commitment"].key_leads_fr = ""
    case["commitment"].save()
    assert "7 texts lack a language." in client.get(QUEUE).content.decode()
    assert "6 texts lack a language." in client.get(QUEUE + "?tracker=next").content.decode()


def test_the_queue_page_runs_the_same_queries_whatever_its_length(client, case, django_assert_max_num_queries):
    client.force_login(artf_user())
    client.get(QUEUE)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(QUEUE)
    with CaptureQueriesContext(connection) as few_printed:
        client.get(QUEUE + "?tracker=next")
    for n in range(2, 30):
        Initiative.objects.create(commitment=case["commitment"], number=n, title_en=f"Initiative {n}")
    with CaptureQueriesContext(connection) as many:
        assert "34 texts lack a language." in client.get(QUEUE).content.decode()
    with CaptureQueriesContext(connection) as many_printed:
        client.get(QUEUE + "?tracker=next")
    assert len(many) == len(few)
    assert len(many_printed) == len(few_printed)


# -- the gates ------------------------------------------------------------------------------------
def produce_form(client) -> dict:
    return form_fields(client.get(reverse("tracker:list")).content.decode(), action=reverse("tracker:produce"))


def test_the_french_tracker_is_refused_with_the_list_and_artf_may_override_with_a_reason(
    client, case, django_capture_on_commit_callbacks
):
    ReportFactory(sector=case["css"], period=case["period"], status="approved")
    client.force_login(artf_user())
    data = {**produce_form(client), "period": case["period"].slug, "language": "fr"}
    refused = client.post(reverse("tracker:produce"), data)
    body = refused.content.decode()
    assert refused.status_code == 422
    assert "The French tracker for" in body and "was not produced" in body
    assert reverse("actionplans:initiative-update", args=["CSS", case["initiative"].pk]) in body
    assert reverse("accountability:recommendation-edit", args=[case["recommendation"].pk]) in body
    assert not TrackerJob.objects.exists()
    # Overriding without a reason is the same refusal, saying a reason is needed.
    override = form_fields(body, action=reverse("tracker:produce"))
    again = client.post(reverse("tracker:produce"), override)
    assert again.status_code == 422 and "Give the reason" in again.content.decode()
    assert not TrackerJob.objects.exists()
    with django_capture_on_commit_callbacks(execute=False):
        done = client.post(
            reverse("tracker:produce"), {**override, "override": "The Minister's office asked for it today."}
        )
    assert done.status_code == 302
    job = TrackerJob.objects.get()
    assert (job.language, job.untranslated) == ("fr", 6 - 1)  # the KPI lacks English, not French
    assert job.language_override == "The Minister's office asked for it today."


def test_the_english_tracker_is_refused_for_french_only_texts_and_produced_once_translated(
    client, case, django_capture_on_commit_callbacks
):
    ReportFactory(sector=case["css"], period=case["period"], status="approved")
    client.force_login(artf_user())
    data = {**produce_form(client), "period": case["period"].slug, "language": "en"}
    refused = client.post(reverse("tracker:produce"), data)
    assert refused.status_code == 422 and "Taux de participation" in refused.content.decode()
    KPI.objects.filter(pk=case["kpi"].pk).update(name_en="Participation rate")
    with django_capture_on_commit_callbacks(execute=False):
        assert client.post(reverse("tracker:produce"), data).status_code == 302
    job = TrackerJob.objects.get()
    assert (job.language, job.untranslated, job.language_override) == ("en", 0, "")


def test_after_artf_works_through_the_queue_it_shows_zero_and_the_french_tracker_goes(
    client, case, django_capture_on_commit_callbacks
):
    ReportFactory(sector=case["css"], period=case["period"], status="approved")
    client.force_login(artf_user())
    for _round in range(10):
        page = client.get(QUEUE).content.decode()
        forms = re.findall(r"<form[^>]*translations/fill.*?</form>", page, flags=re.S)
        if not forms:
            break
        data = form_fields(forms[0], action=reverse("dashboard:translation-fill"))
        assert client.post(reverse("dashboard:translation-fill"), {**data, "text": "Traduit"}).status_code == 302
    assert "Nothing to translate" in client.get(QUEUE).content.decode()
    assert "exist in one language only" not in client.get("/en/").content.decode()
    data = {**produce_form(client), "period": case["period"].slug, "language": "fr"}
    with django_capture_on_commit_callbacks(execute=False):
        assert client.post(reverse("tracker:produce"), data).status_code == 302
    assert TrackerJob.objects.get().untranslated == 0


def test_recording_a_governance_approval_warns_of_the_plans_untranslated_texts(client, case):
    client.force_login(artf_user())
    url = reverse("accountability:approval-record", args=["CSS"])
    page = client.get(url).content.decode()
    assert "3 texts of this plan exist in one language only." in page  # commitment, lead, KPI name
    data = {**form_fields(page, method="post", action=""), "decision": "approved"}
    response = client.post(url, data, follow=True)
    assert Approval.objects.filter(plan__sector__code="CSS", decision="approved").exists()
    assert "The plan was approved with 3 texts in one language only" in response.content.decode()
