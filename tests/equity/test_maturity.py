"""The maturity self-assessment: leads assess, ARTF reviews, the path over time, conflicts, closed quarters."""

import datetime

import pytest
from django.utils import timezone

from equity.models import MaturityAssessment
from tests.factories import MembershipFactory, PeriodFactory, SectorFactory, artf_user

TODAY = timezone.localdate()


@pytest.fixture
def setup(db):
    css = SectorFactory(code="CSS", name_en="Corporate Services")
    closed = PeriodFactory(fiscal_year=2025, quarter=2, opens_on=TODAY - datetime.timedelta(days=100), is_closed=True)
    current = PeriodFactory(fiscal_year=2025, quarter=3, opens_on=TODAY - datetime.timedelta(days=5))
    lead = MembershipFactory(sector=css, role="lead").user
    contributor = MembershipFactory(sector=css, role="contributor").user
    return {"css": css, "closed": closed, "current": current, "lead": lead, "contributor": contributor}


def assess(client, stage, evidence="Hiring panels now include racialized members.", version="", period="2025-26-q3"):
    return client.post(
        "/en/plans/CSS/maturity/", {"period": period, "stage": stage, "evidence": evidence, "version": version}
    )


def test_a_lead_assesses_the_open_quarter_and_sees_the_continuum(client, setup):
    client.force_login(setup["lead"])
    page = client.get("/en/plans/CSS/maturity/").content.decode()
    assert "Symbolic change" in page and "A transforming institution" in page  # the continuum's text
    assert "Often declares: “We don&#x27;t have a problem.”" in page
    response = assess(client, 3)
    assert response.status_code == 302
    assessment = MaturityAssessment.objects.get()
    assert (assessment.stage, assessment.period, assessment.assessed_by) == (3, setup["current"], setup["lead"])
    # A second save of the same quarter updates it (with the version the form carries).
    assert assess(client, 4, version=assessment.version).status_code == 302
    assessment.refresh_from_db()
    assert assessment.stage == 4 and assessment.version == 2
    assert assessment.history.count() == 2


def test_a_stale_form_keeps_both_versions_visible(client, setup):
    client.force_login(setup["lead"])
    assess(client, 3)
    assess(client, 4, evidence="Their version", version="1")
    response = assess(client, 2, evidence="My version", version="1")
    assert response.status_code == 409
    body = response.content.decode()
    assert "Their version" in body and "My version" in body and "Nothing of yours was saved" in body
    assert MaturityAssessment.objects.get().stage == 4


def test_contributors_executives_and_other_sectors_cannot_assess(client, setup):
    other = MembershipFactory(sector=SectorFactory(code="OPS"), role="lead").user
    for user in (setup["contributor"], other, artf_user()):
        client.force_login(user)
        assert assess(client, 5).status_code == 403
        assert "Assess the sector" not in client.get("/en/plans/CSS/maturity/").content.decode()
    assert not MaturityAssessment.objects.exists()


def test_a_closed_quarter_takes_no_assessment(client, setup):
    client.force_login(setup["lead"])
    response = assess(client, 3, period="2025-26-q2")
    assert response.status_code == 422  # not one of the quarters offered
    setup["current"].is_closed = True
    setup["current"].save()
    response = assess(client, 3)
    assert response.status_code == 302 and not MaturityAssessment.objects.exists()
    assert "No quarter is open for reporting" in client.get(response["Location"]).content.decode()


def test_artf_adds_a_review_note_the_sector_reads(client, setup):
    client.force_login(setup["lead"])
    assess(client, 4)
    client.force_login(artf_user())
    response = client.post("/en/plans/CSS/maturity/2025-26-q3/review/", {"note": "Show the training numbers."})
    assert response.status_code == 302
    assessment = MaturityAssessment.objects.get()
    assert assessment.review_note == "Show the training numbers." and assessment.reviewed_by is not None
    client.force_login(setup["lead"])
    assert "Show the training numbers." in client.get("/en/plans/CSS/maturity/").content.decode()


@pytest.mark.parametrize("count", [1, 8])
def test_the_path_over_time_in_constant_queries(client, setup, count, django_assert_num_queries):
    for n in range(count):
        period = PeriodFactory(fiscal_year=2010 + n, quarter=1)
        MaturityAssessment.objects.create(
            sector=setup["css"],
            period=period,
            stage=1 + n % 6,
            evidence="e",
            assessed_by=setup["lead"],
            assessed_at=datetime.datetime.now(datetime.UTC),
        )
    client.force_login(setup["lead"])
    with django_assert_num_queries(7):
        response = client.get("/en/plans/CSS/maturity/")
    assert len(response.context["path"]["points"]) == count
