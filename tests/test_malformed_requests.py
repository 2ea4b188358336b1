"""Malformed addresses and parameters answer 400 in words, never a 500 from deep inside."""

import pytest

from tests.factories import InitiativeFactory, artf_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def artf(client):
    client.force_login(artf_user())
    return client


@pytest.mark.parametrize("url", ["/en/dashboard/?phase=%C2%B2", "/en/dashboard/export.csv?phase=%C2%B2"])
def test_a_phase_that_is_not_a_number_is_refused_in_words(artf, url):
    response = artf.get(url)
    assert response.status_code == 400


@pytest.mark.parametrize(
    "url",
    [
        "/en/plans/%00/",
        "/en/engagements/?sector=%00",
        "/en/feedback/triage/?status=%00",
        "/en/dashboard/?period=%00",
        "/en/dashboard/?status=a%00b",
    ],
)
def test_a_nul_character_in_the_address_is_refused_before_the_database(artf, url):
    assert artf.get(url).status_code == 400


@pytest.mark.parametrize("direction", ["sideways", ""])
def test_a_move_in_no_known_direction_is_refused_and_changes_nothing(client, lead, commitment, direction):
    first = InitiativeFactory(commitment=commitment, number=1)
    second = InitiativeFactory(commitment=commitment, number=2)
    client.force_login(lead)
    code = commitment.plan.sector.code
    data = {"direction": direction} if direction else {}
    for url in (
        f"/en/plans/{code}/initiatives/{second.pk}/move/",
        f"/en/plans/{code}/commitments/{commitment.pk}/move/",
    ):
        assert client.post(url, data).status_code == 400
    first.refresh_from_db(), second.refresh_from_db()
    assert (first.number, second.number) == (1, 2)


def test_the_refusal_says_what_was_wrong_in_the_persons_language(artf):
    english = artf.get("/en/dashboard/?phase=%C2%B2")
    assert english.status_code == 400 and "is not a phase number" in english.content.decode()
    french = artf.get("/fr/plans/%00/")
    assert french.status_code == 400 and "ne peut pas être utilisé" in french.content.decode()
    assert 'lang="fr"' in french.content.decode()
