"""Reviews and recommendations, the engagement log, governance approvals, and their place in the
dashboard and the tracker."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from accountability import services
from accountability.models import Approval, Engagement, Recommendation, Review
from accountability.tracker import accountability_sections
from actionplans.models import ActionPlan
from tests.factories import (
    CommitmentFactory,
    InitiativeFactory,
    MembershipFactory,
    PeriodFactory,
    SectorFactory,
    artf_user,
    executive_user,
)

TODAY = timezone.localdate()
PAST = TODAY - datetime.timedelta(days=30)
FUTURE = TODAY + datetime.timedelta(days=90)


@pytest.fixture
def review(db):
    review = Review.objects.create(title_en="Workplace review", title_fr="Examen", date=PAST, unit_reviewed="CSC")
    for number, status, due in ((1, "in_progress", PAST), (2, "implemented", PAST), (3, "not_started", FUTURE)):
        Recommendation.objects.create(
            review=review,
            number=number,
            theme_en=f"Theme {number}",
            text_en=f"Do {number}",
            status=status,
            due_date=due,
        )
    return review


def test_the_review_page_answers_where_each_recommendation_stands(client, review):
    initiative = InitiativeFactory(
        commitment__plan__sector=SectorFactory(code="CSS"), number=1, title_en="Trust Circles"
    )
    review.recommendations.get(number=1).initiatives.add(initiative)
    client.force_login(MembershipFactory().user)  # any signed-in person reads it
    response = client.get(f"/en/reviews/{review.pk}/")
    body = response.content.decode()
    assert "In progress: 1" in body and "Implemented: 1" in body and "Not started: 1" in body
    rows = {row["rec"].number: row for row in response.context["rows"]}
    assert rows[1]["overdue"] and not rows[2]["overdue"] and not rows[3]["overdue"]  # implemented is not overdue
    assert "1 overdue" in body and "CSS 1.1" in body
    page = client.get(f"/en/plans/CSS/initiatives/{initiative.pk}/").content.decode()
    assert f"/en/reviews/{review.pk}/#rec-1" in page and "Recommendation 1 of “Workplace review”" in page
    listing = client.get("/en/reviews/").content.decode()
    assert "Workplace review" in listing
    assert "Examen" in client.get("/fr/reviews/").content.decode()


def test_artf_updates_a_recommendation_and_a_stale_form_keeps_both(client, review):
    rec = review.recommendations.get(number=3)
    initiative = InitiativeFactory(commitment__plan__sector=SectorFactory(code="CSS"))
    client.force_login(artf_user())
    form = {
        "status": "in_progress",
        "status_note_en": "Workshops booked.",
        "responsible_unit_en": "CSC",
        "version": "1",
    }
    response = client.post(f"/en/reviews/recommendations/{rec.pk}/edit/", {**form, "initiatives": [initiative.pk]})
    assert response.status_code == 302
    rec.refresh_from_db()
    assert (rec.status, rec.version, list(rec.initiatives.all())) == ("in_progress", 2, [initiative])
    stale = client.post(
        f"/en/reviews/recommendations/{rec.pk}/edit/", {**form, "status": "closed", "status_note_en": "Mine"}
    )
    assert stale.status_code == 409
    body = stale.content.decode()
    assert "Mine" in body and "Workshops booked." in body
    rec.refresh_from_db()
    assert rec.status == "in_progress" and rec.history.count() == 2


@pytest.fixture
def css(db):
    sector = SectorFactory(code="CSS", name_en="Corporate Services")
    commitment = CommitmentFactory(plan__sector=sector, number=1)
    return sector, commitment


def test_a_lead_logs_an_engagement_that_the_plan_page_lists(client, css):
    sector, commitment = css
    lead = MembershipFactory(sector=sector).user
    client.force_login(lead)
    data = {
        "date": "2025-10-14",
        "stakeholder_type": "employee_networks",
        "stakeholder_en": "Black Employees Network",
        "purpose_en": "Plan Black History Month.",
        "heard_en": "Leaders at every event.",
        "follow_up_en": "Budget agreed.",
        "commitments": [commitment.pk],
    }
    response = client.post("/en/plans/CSS/engagements/new/", data)
    assert response.status_code == 302
    engagement = Engagement.objects.get()
    assert engagement.recorded_by == lead and list(engagement.commitments.all()) == [commitment]
    plan_page = client.get("/en/plans/CSS/").content.decode()
    assert "Black Employees Network" in plan_page and "Leaders at every event." in plan_page
    other = CommitmentFactory(plan__sector=SectorFactory(code="OPS"))
    refused = client.post("/en/plans/CSS/engagements/new/", {**data, "commitments": [other.pk]})
    assert refused.status_code == 422 and Engagement.objects.count() == 1  # another sector's commitment
    missing = client.post("/en/plans/CSS/engagements/new/", {**data, "purpose_en": ""})
    assert missing.status_code == 422 and "Write it in English or in French (or both)." in missing.content.decode()
    client.post(f"/en/plans/CSS/engagements/{engagement.pk}/delete/")
    assert not Engagement.objects.exists()


def test_artf_filters_every_sectors_engagements(client, css):
    sector, _commitment = css
    period = PeriodFactory(fiscal_year=2025, quarter=3)
    ops = SectorFactory(code="OPS")
    Engagement.objects.create(
        sector=sector,
        date=datetime.date(2025, 10, 5),
        stakeholder_type="unions",
        stakeholder_en="Union",
        purpose_en="p",
    )
    Engagement.objects.create(
        sector=ops, date=datetime.date(2025, 11, 5), stakeholder_type="ngos", stakeholder_en="NGO", purpose_en="p"
    )
    Engagement.objects.create(
        sector=ops, date=datetime.date(2025, 5, 5), stakeholder_type="clients", stakeholder_en="Old", purpose_en="p"
    )
    client.force_login(executive_user())
    names = lambda query: [e.stakeholder for e in client.get(f"/en/engagements/{query}").context["rows"]]  # noqa: E731
    assert names("") == ["NGO", "Union", "Old"]
    assert names(f"?period={period.slug}") == ["NGO", "Union"]
    assert names("?kind=internal") == ["Union"] and names("?sector=OPS&kind=external") == ["NGO", "Old"]
    assert names("?type=clients") == ["Old"]


def test_the_governance_chain_goes_in_order_and_moves_the_plan(css):
    sector, commitment = css
    plan = commitment.plan
    artf = artf_user()
    with pytest.raises(ValidationError, match="DG feeder committees can decide only after ARTF Advisory Board"):
        services.approval_record(plan=plan, by=artf, step=2, date=PAST, decision="approved")
    services.approval_record(plan=plan, by=artf, step=1, date=PAST, decision="approved")
    plan.refresh_from_db()
    assert plan.status == ActionPlan.Status.SUBMITTED
    with pytest.raises(ValidationError, match="cannot be before"):
        services.approval_record(
            plan=plan, by=artf, step=2, date=PAST - datetime.timedelta(days=1), decision="approved"
        )
    services.approval_record(plan=plan, by=artf, step=2, date=PAST, decision="returned", note="Add targets.")
    plan.refresh_from_db()
    assert plan.status == ActionPlan.Status.DRAFT
    with pytest.raises(ValidationError):
        services.approval_record(plan=plan, by=artf, step=3, date=TODAY, decision="approved")
    for step in (2, 3, 4, 5):
        services.approval_record(plan=plan, by=artf, step=step, date=TODAY, decision="approved")
    plan.refresh_from_db()
    assert plan.status == ActionPlan.Status.APPROVED and Approval.objects.count() == 6


def test_the_plan_page_shows_where_it_stands(client, css):
    _sector, commitment = css
    artf = artf_user()
    services.approval_record(plan=commitment.plan, by=artf, step=1, date=PAST, decision="approved")
    services.approval_record(
        plan=commitment.plan, by=artf, step=2, date=TODAY, decision="returned", note="Add targets."
    )
    client.force_login(artf)
    body = client.get("/en/plans/CSS/").content.decode()
    assert "Returned by DG feeder committees" in body and "Add targets." in body
    response = client.post("/en/plans/CSS/approvals/", {"step": "4", "date": TODAY.isoformat(), "decision": "approved"})
    assert response.status_code == 422 and "ADMOS can decide only after Joint IMC-CFC" in response.content.decode()
    response = client.post("/en/plans/CSS/approvals/", {"step": "2", "date": TODAY.isoformat(), "decision": "approved"})
    assert response.status_code == 302
    assert "Next: Joint IMC-CFC." in client.get("/en/plans/CSS/").content.decode()


@pytest.mark.parametrize("count", [1, 10])
def test_the_plan_page_queries_stay_flat_with_engagements_and_decisions(client, css, count, django_assert_num_queries):
    sector, commitment = css
    for n in range(count):
        e = Engagement.objects.create(
            sector=sector, date=PAST, stakeholder_type="unions", stakeholder_en=f"U{n}", purpose_en="p"
        )
        e.commitments.add(commitment)
        Approval.objects.create(plan=commitment.plan, step=1 + n % 5, date=PAST, decision="approved")
    client.force_login(artf_user())
    with django_assert_num_queries(12):
        client.get("/en/plans/CSS/")


def test_dashboard_and_tracker_carry_recommendations_and_engagements(client, review, css):
    sector, _commitment = css
    period = PeriodFactory(fiscal_year=2025, quarter=3, opens_on=TODAY - datetime.timedelta(days=3))
    Engagement.objects.create(
        sector=sector,
        date=datetime.date(2025, 10, 9),
        stakeholder_type="unions",
        stakeholder_en="Union",
        purpose_en="Listen",
    )
    Engagement.objects.create(
        sector=sector,
        date=datetime.date(2025, 11, 9),
        stakeholder_type="ngos",
        stakeholder_en="NGO",
        purpose_en="Listen",
    )
    client.force_login(artf_user())
    response = client.get(f"/en/dashboard/?period={period.slug}")
    board = response.context["board"]
    assert next(r for r in board.rows if r.code == "CSS").engagements == 2
    assert dict((s, n) for s, _l, n in board.recommendations) == {
        "not_started": 1,
        "in_progress": 1,
        "implemented": 1,
        "closed": 0,
    }
    Recommendation.objects.create(  # overdue as at the quarter's end, 2025-12-31
        review=review,
        number=4,
        theme_en="Late one",
        text_en="x",
        status="in_progress",
        due_date=datetime.date(2025, 6, 30),
    )
    sections = accountability_sections(period=period, language="en")
    assert [s["id"] for s in sections] == ["recommendations", "engagement"]
    html = "".join(s["html"] for s in sections)
    assert "Workplace review" in html and "Theme 1" in html
    assert html.count("overdue") == 1 and "Late one" in html.split("overdue")[0].rsplit("<tr>", 1)[-1]
    assert "NGO" in html and "Union" in html
    french = accountability_sections(period=period, language="fr")
    assert "Examen" in french[0]["html"] and "Mobilisation des intervenants" in french[1]["title"]


def test_artf_adds_a_review_and_its_recommendations(client, db):
    client.force_login(artf_user())
    response = client.post(
        "/en/reviews/new/", {"title_en": "Harassment review", "date": "2025-09-01", "unit_reviewed": "Region X"}
    )
    review = Review.objects.get(title_en="Harassment review")
    assert response["Location"] == f"/en/reviews/{review.pk}/"
    assert 'value="1"' in client.get(f"/en/reviews/{review.pk}/recommendations/new/").content.decode()  # next number
    data = {"number": "1", "theme_en": "Training", "text_en": "Train every manager.", "due_date": "2026-03-31"}
    assert client.post(f"/en/reviews/{review.pk}/recommendations/new/", data).status_code == 302
    again = client.post(f"/en/reviews/{review.pk}/recommendations/new/", data)
    assert again.status_code == 422 and "already has a recommendation 1" in again.content.decode()
    assert review.recommendations.get().status == "not_started"


def test_a_lead_writes_an_engagement_in_french_only_and_both_languages_read_it(client, css):
    """Texts read outside the sector exist in both languages; either may come first, and a
    page in the other language shows it marked with its language."""
    sector, _commitment = css
    client.force_login(MembershipFactory(sector=sector).user)
    page = client.get("/fr/plans/CSS/engagements/new/").content.decode()
    assert 'name="heard_en"' in page and 'name="heard_fr"' in page
    response = client.post(
        "/fr/plans/CSS/engagements/new/",
        {
            "date": "2025-10-14",
            "stakeholder_type": "unions",
            "stakeholder_en": "",
            "stakeholder_fr": "Section locale 10 de l’AFPC",
            "purpose_en": "",
            "purpose_fr": "Présenter les nouveaux objectifs de rendement.",
            "heard_en": "",
            "heard_fr": "Les objectifs ne doivent pas alourdir la charge des employés racisés.",
            "follow_up_en": "",
            "follow_up_fr": "",
        },
    )
    assert response.status_code == 302
    engagement = Engagement.objects.get()
    assert (engagement.stakeholder_en, engagement.stakeholder_fr) == ("", "Section locale 10 de l’AFPC")
    english = client.get("/en/plans/CSS/").content.decode()
    assert "Section locale 10 de l’AFPC" in english


def test_a_recommendation_is_recorded_with_the_initiatives_that_carry_it_out(db):
    artf = artf_user()
    review = services.review_create(by=artf, title_en="Workplace review", date=PAST, unit_reviewed="CSC")
    initiative = InitiativeFactory()
    recommendation = services.recommendation_create(
        review=review, by=artf, initiatives=[initiative], number=1, theme_en="Training", text_en="Train managers."
    )
    assert list(recommendation.initiatives.all()) == [initiative]
    assert [h.history_user for h in recommendation.history.all()] == [artf]
