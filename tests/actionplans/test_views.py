import pytest
from django.urls import reverse

from demo.plans import demo_load
from tests.factories import (
    InitiativeFactory,
    KPIFactory,
    KPIValueFactory,
    PeriodFactory,
    PhaseFactory,
    UserFactory,
    artf_user,
    executive_user,
)

pytestmark = pytest.mark.django_db


def test_lead_signs_in_and_sees_the_corporate_services_plan(client):
    demo_load()
    response = client.post("/en/accounts/login/", {"username": "lead-css", "password": "anti-racism-demo"}, follow=True)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Your sectors" in body and "Corporate Services" in body and "Operations" not in body

    plan = client.get("/en/plans/CSS/").content.decode()
    for title in (
        "Mentorship/Sponsorship Plus Program",
        "New IRCC representation baselines",
        "McKinsey Leadership Development Program",
        "EX-01 Talent Bank",
        "Turning White Fragility into White Humility",
        "Black History Month",
        "Trust Circles",
    ):
        assert title in plan, title
    assert "Survey sentiment" in plan and "2025-26 Q4" in plan  # KPI with its latest value's period
    assert "IDOL, BEN, Comms" in plan


def test_plan_page_in_french_shows_french_content(client):
    demo_load()
    client.force_login(UserFactory(username="reader"))
    body = client.get("/fr/plans/CSS/").content.decode()
    assert '<html lang="fr">' in body
    assert "Mois de l&#x27;histoire des Noirs" in body or "Mois de l'histoire des Noirs" in body
    assert "Indicateurs de rendement clés" in body
    assert "Programme Mentorat/Parrainage Plus" in body


@pytest.mark.parametrize("make_user", [artf_user, executive_user])
def test_artf_and_executives_see_every_sector_at_home(client, make_user):
    demo_load()
    client.force_login(make_user())
    body = client.get("/en/").content.decode()
    assert "All sectors" in body
    for code in ("CSS", "CIO-TDSS", "CFO", "SIS", "SPP", "OPS", "DMO-COVID", "DMO-COMMS", "DMO-CAE", "DMO-SGC"):
        assert f"<td>{code}</td>" in body


def test_every_signed_in_person_may_read_another_sectors_plan(client):
    demo_load()
    client.force_login(UserFactory(username="someone"))
    assert client.get("/en/plans/OPS/").status_code == 200
    assert client.get("/en/plans/ops/").status_code == 200
    assert client.get("/en/plans/NOPE/").status_code == 404


@pytest.mark.parametrize(("commitments", "count"), [(1, 1), (5, 50)])
def test_plan_page_query_count_does_not_grow_with_the_plan(
    client, commitment, commitments, count, django_assert_num_queries
):
    from tests.factories import CommitmentFactory

    phases = [PhaseFactory(strategy=commitment.plan.strategy, number=n) for n in (1, 2, 3)]
    parents = [commitment] + [CommitmentFactory(plan=commitment.plan, number=n) for n in range(2, commitments + 1)]
    for n in range(count):
        parent = parents[n % commitments]
        InitiativeFactory(commitment=parent, number=n + 1, phases=[phases[n % 3]], lead="HR")
        kpi = KPIFactory(commitment=parent, number=n + 1)
        KPIValueFactory(kpi=kpi, period=PeriodFactory(fiscal_year=2025, quarter=n % 4 + 1))
    from tests.factories import MembershipFactory

    MembershipFactory(user=UserFactory(username="editor"), sector=commitment.plan.sector)
    client.force_login(UserFactory(username="editor"))  # an editor: every control is drawn
    # 11 for the plan, 2 for its governance chain and engagements (issue 7)
    with django_assert_num_queries(13):
        response = client.get(reverse("actionplans:plan-detail", kwargs={"code": "CSS"}))
    assert response.status_code == 200
    assert response.content.decode().count('class="list-group-item') == count


@pytest.mark.parametrize("count", [1, 30])
def test_home_query_count_does_not_grow_with_sectors(client, count, django_assert_num_queries):
    from tests.factories import SectorFactory

    for n in range(count):
        SectorFactory(code=f"S{n:03d}")
    client.force_login(artf_user())
    # The eighth reads the cached figures' token (dashboard.figures), the ninth counts the texts in
    # one language only (one union), until a write changes the token.
    with django_assert_num_queries(9):
        assert client.get("/en/").status_code == 200
    with django_assert_num_queries(8):
        assert client.get("/en/").status_code == 200


def test_links_built_by_the_presenter_are_the_urls_django_routes(client, commitment):
    from actionplans import presenters, selectors

    initiative = InitiativeFactory(commitment=commitment, number=1)
    kpi = KPIFactory(commitment=commitment, number=1)
    plan = selectors.plan_get(code="CSS")
    presenters.decorate_plan(plan, can_edit=True)
    row = plan.commitment_rows[0]
    expected = {
        row.edit_url: reverse("actionplans:commitment-update", kwargs={"code": "CSS", "pk": commitment.pk}),
        row.move_url: reverse("actionplans:commitment-move", kwargs={"code": "CSS", "pk": commitment.pk}),
        row.remove_url: reverse("actionplans:commitment-delete", kwargs={"code": "CSS", "pk": commitment.pk}),
        row.add_initiative_url: reverse(
            "actionplans:initiative-create", kwargs={"code": "CSS", "commitment_pk": commitment.pk}
        ),
        row.add_kpi_url: reverse("actionplans:kpi-create", kwargs={"code": "CSS", "commitment_pk": commitment.pk}),
    }
    assert all(built == routed for built, routed in expected.items()), expected
    html = str(row.phase_groups[0].html) + str(row.kpi_html)
    for name, pk in (
        ("initiative-detail", initiative.pk),
        ("initiative-update", initiative.pk),
        ("kpi-detail", kpi.pk),
    ):
        assert f'href="{reverse(f"actionplans:{name}", kwargs={"code": "CSS", "pk": pk})}"' in html, name


MARKUP = "<script>\"&'"
ESCAPED = "&lt;script&gt;&quot;&amp;&#x27;"


def test_markup_in_an_initiative_title_or_a_kpi_name_is_printed_as_text(client, lead, commitment):
    """The plan page's rows are built in Python (ADR 0003): what a person typed is escaped there."""
    import datetime

    InitiativeFactory(
        commitment=commitment,
        number=1,
        title_en=f"Mentoring {MARKUP}",
        planned_start=datetime.date(2025, 4, 1),
        planned_end=datetime.date(2026, 3, 31),
    )
    KPIFactory(commitment=commitment, number=1, name_en=f"Share {MARKUP}")
    client.force_login(lead)
    body = client.get("/en/plans/CSS/").content.decode()
    assert MARKUP not in body
    assert f"{commitment.number}.1 Mentoring {ESCAPED}</a>" in body  # the initiative's line
    assert f'<span class="visually-hidden"> Mentoring {ESCAPED}</span>' in body  # its edit link
    assert f"<title>{commitment.number}.1 Mentoring {ESCAPED} (" in body  # its timeline bar
    assert f">Share {ESCAPED}</a>" in body  # the KPI's row
