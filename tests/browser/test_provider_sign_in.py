"""Signing in through the department's identity provider, in a real browser, against a real
OpenID Connect provider process (oidc-provider-mock): the whole redirect flow, the roles the
provider gives, and the answers that must be refused."""

from urllib.parse import parse_qs, urlencode, urlparse, urlunparse

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from sectors.models import Membership
from tests.conftest import OIDC_GROUPS, oidc_authorize, oidc_user
from tests.factories import PhaseFactory, PlanFactory, SectorFactory

from .conftest import axe_violations

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

BUTTON = {"en": "Sign in with your department account", "fr": "Se connecter avec votre compte du ministère"}
FAILED = "Signing in did not work"


@pytest.fixture
def sectors(transactional_db):
    css, ops = SectorFactory(code="CSS", name_en="Corporate Services"), SectorFactory(code="OPS", name_en="Operations")
    PlanFactory(sector=css, strategy=PhaseFactory(number=1).strategy)
    return css, ops


def ada(issuer, *groups, locale="en-CA"):
    oidc_user(
        issuer,
        "ada-subject-1",
        email="ada.lovelace@example.gc.ca",
        preferred_username="ada.lovelace@example.gc.ca",
        given_name="Ada",
        family_name="Lovelace",
        locale=locale,
        groups=[OIDC_GROUPS[group] for group in groups],
    )


def to_the_provider(page, live_server, language="en"):
    """From the sign-in page to the provider's page, as a person clicks."""
    page.goto(f"{live_server.url}/{language}/accounts/login/")
    page.get_by_role("link", name=BUTTON[language]).click()
    page.get_by_placeholder("sub").wait_for()


def authorize(page, sub="ada-subject-1"):
    page.get_by_placeholder("sub").fill(sub)
    page.get_by_role("button", name="Authorize").click()


def signed_in_user():
    return get_user_model().objects.filter(oidc_subject="ada-subject-1").first()


def roles(user):
    groups = set(user.groups.values_list("name", flat=True))
    return groups, dict(Membership.objects.filter(user=user).values_list("sector__code", "role"))


def test_a_first_sign_in_makes_the_account_with_the_providers_roles(page, live_server, oidc_settings, sectors):
    ada(oidc_settings.OIDC_ISSUER, "css-lead", "executive", locale="fr-CA")
    page.goto(f"{live_server.url}/en/accounts/login/")
    assert axe_violations(page) == []
    to_the_provider(page, live_server)
    asked = parse_qs(urlparse(page.url).query)
    assert asked["client_id"] == ["artracker"] and asked["code_challenge_method"] == ["S256"]
    assert asked["code_challenge"][0] and asked["state"][0] and asked["nonce"][0]
    assert asked["redirect_uri"] == [f"{live_server.url}/oidc/callback/"]

    authorize(page)
    page.wait_for_url(f"{live_server.url}/fr/")  # the home page, in the language the provider gave
    assert page.locator(".site-nav a.user-name").inner_text().startswith("Ada Lovelace")

    user = signed_in_user()
    assert (user.email, user.first_name, user.last_name) == ("ada.lovelace@example.gc.ca", "Ada", "Lovelace")
    assert user.username == "ada.lovelace@example.gc.ca" and user.preferred_language == "fr"
    assert not user.has_usable_password()
    assert roles(user) == ({"Executive"}, {"CSS": "lead"})


def test_a_group_change_at_the_provider_changes_access_at_the_next_sign_in(page, live_server, oidc_settings, sectors):
    issuer = oidc_settings.OIDC_ISSUER
    ada(issuer, "artf", "css-lead")
    to_the_provider(page, live_server)
    authorize(page)
    page.wait_for_url(f"{live_server.url}/en/")
    assert page.goto(f"{live_server.url}/en/dashboard/").status == 200
    assert roles(signed_in_user()) == ({"ARTF"}, {"CSS": "lead"})

    # Removed from ARTF and from CSS, added to OPS as a contributor: signing out ends the provider's
    # session too, and the next sign-in brings the change.
    ada(issuer, "ops-contributor")
    page.goto(f"{live_server.url}/en/")
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(f"{issuer}/oauth2/end_session?*")
    assert parse_qs(urlparse(page.url).query)["id_token_hint"][0]
    page.get_by_role("button", name="End session").click()
    page.wait_for_url(f"{live_server.url}/en/accounts/login/")

    to_the_provider(page, live_server)
    authorize(page)
    page.wait_for_url(f"{live_server.url}/en/")
    assert roles(signed_in_user()) == (set(), {"OPS": "contributor"})
    assert page.goto(f"{live_server.url}/en/dashboard/").status == 403
    assert get_user_model().objects.filter(oidc_subject="ada-subject-1").count() == 1

    # In no group at all: a reader, who reads plans and nothing else.
    ada(issuer)
    page.context.clear_cookies()
    to_the_provider(page, live_server)
    authorize(page)
    page.wait_for_url(f"{live_server.url}/en/")
    assert roles(signed_in_user()) == (set(), {})
    assert page.goto(f"{live_server.url}/en/plans/CSS/").status == 200
    assert page.goto(f"{live_server.url}/en/dashboard/").status == 403
    assert Group.objects.filter(name="ARTF", user__oidc_subject="ada-subject-1").count() == 0


def _with(url, **changes):
    parsed = urlparse(url)
    query = {name: values[0] for name, values in parse_qs(parsed.query).items()}
    return urlunparse(parsed._replace(query=urlencode({**query, **changes})))


def refused(page, live_server, response, caplog, reason):
    """A page that says signing in did not work, the reason in the log, and nobody signed in."""
    assert response.status == 400
    assert page.get_by_role("heading", name=FAILED).is_visible()
    assert page.get_by_role("link", name="Back to the sign-in page").is_visible()
    assert axe_violations(page) == []
    assert any(reason in record.getMessage() for record in caplog.records if record.name == "accounts.signin")
    assert signed_in_user() is None  # no account made
    page.goto(f"{live_server.url}/en/dashboard/")
    assert page.url == f"{live_server.url}/en/accounts/login/?next=/en/dashboard/"


def back_from_the_provider(page):
    """The site's answers to the browser coming back from the provider."""
    answers = []
    page.on("response", lambda response: answers.append(response) if "/oidc/callback/" in response.url else None)
    return answers


def test_a_forged_state_is_refused_with_a_page_that_says_so(page, live_server, oidc_settings, sectors, caplog):
    ada(oidc_settings.OIDC_ISSUER, "artf")
    to_the_provider(page, live_server)
    # The provider's answer, taken before the browser follows it: a genuine code, sent back with a
    # state this browser never asked for (a link made by someone else).
    genuine = oidc_authorize(page.url, sub="ada-subject-1")
    assert parse_qs(urlparse(genuine).query)["code"][0]
    response = page.goto(_with(genuine, state="forged-state"))
    refused(page, live_server, response, caplog, "state not found")


@pytest.mark.parametrize(
    ("changed", "value", "reason"),
    [
        # The provider is asked, for the same state, to put another nonce in the ID token: a replayed token.
        ("nonce", "replayed", "Nonce verification failed"),
        # The code is issued to another application: the site's exchange of it is refused.
        ("client_id", "another-application", "the provider refused the code (HTTP 400)"),
    ],
)
def test_a_token_for_another_nonce_or_client_is_refused(
    page, live_server, oidc_settings, sectors, caplog, changed, value, reason
):
    ada(oidc_settings.OIDC_ISSUER, "artf")
    to_the_provider(page, live_server)
    page.route(
        f"{oidc_settings.OIDC_ISSUER}/oauth2/authorize*",
        lambda route: route.continue_(url=_with(route.request.url, **{changed: value})),
    )
    answers = back_from_the_provider(page)
    authorize(page)
    page.wait_for_url("**/oidc/callback/**")
    refused(page, live_server, answers[0], caplog, reason)
