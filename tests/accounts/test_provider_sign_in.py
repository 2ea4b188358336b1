"""Signing in through the department's identity provider, without a browser: the sign-in page in
both languages, the password form switched off, a token issued to another application, a provider
that does not answer, and the roles written at every sign-in."""

from urllib.parse import parse_qs, urlencode, urlparse

import pytest
import requests
from django.contrib.auth import get_user_model
from django.core.exceptions import SuspiciousOperation

from accounts import services
from accounts.oidc import ProviderBackend, roles_from_claims
from sectors.models import Membership
from tests.conftest import OIDC_GROUPS, oidc_authorize, oidc_user
from tests.factories import MembershipFactory, SectorFactory, UserFactory, artf_user

BUTTON = {"en": "Sign in with your department account", "fr": "Se connecter avec votre compte du ministère"}


@pytest.fixture
def configured(settings):
    """Configured with explicit endpoints: pages that do not reach the provider need no provider."""
    settings.OIDC_ENABLED = True
    settings.OIDC_ISSUER = ""
    settings.OIDC_RP_CLIENT_ID = "artracker"
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = "https://login.example.gc.ca/authorize"
    settings.OIDC_OP_TOKEN_ENDPOINT = "https://login.example.gc.ca/token"  # noqa: S105 -- an address
    settings.OIDC_OP_USER_ENDPOINT = "https://login.example.gc.ca/userinfo"
    settings.OIDC_OP_JWKS_ENDPOINT = "https://login.example.gc.ca/keys"
    return settings


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_sign_in_page_offers_the_department_account_when_configured(client, configured, language):
    body = client.get(f"/{language}/accounts/login/?next=/{language}/plans/CSS/").content.decode()
    assert BUTTON[language] in body
    assert f'href="/{language}/accounts/oidc/start/?next=/{language}/plans/CSS/"' in body
    assert 'name="password"' in body  # local sign-in stays unless switched off

    response = client.get(f"/{language}/accounts/oidc/start/")
    assert response.status_code == 302
    sent = parse_qs(urlparse(response["Location"]).query)
    assert response["Location"].startswith("https://login.example.gc.ca/authorize?")
    assert sent["ui_locales"] == [language] and sent["code_challenge_method"] == ["S256"]


@pytest.mark.django_db
def test_without_a_provider_the_page_has_no_button_and_its_addresses_are_not_found(client):
    body = client.get("/en/accounts/login/").content.decode()
    assert BUTTON["en"] not in body and 'name="password"' in body
    assert client.get("/en/accounts/oidc/start/").status_code == 404
    assert client.get("/oidc/callback/?code=x&state=y").status_code == 404


@pytest.mark.django_db
def test_local_sign_in_switched_off_leaves_only_the_provider_and_the_admins_break_glass(client, configured):
    configured.LOCAL_SIGN_IN = False
    UserFactory(username="reader", password="a-long-password-1")
    UserFactory(username="break-glass", password="a-long-password-2", is_staff=True, is_superuser=True)

    body = client.get("/en/accounts/login/").content.decode()
    assert BUTTON["en"] in body and 'name="password"' not in body
    response = client.post("/en/accounts/login/", {"username": "reader", "password": "a-long-password-1"})
    assert response.status_code == 403
    assert "switched off" in response.content.decode()
    assert "_auth_user_id" not in client.session

    # Break-glass administrators sign in at the admin's own page.
    response = client.post(
        "/en/admin/login/?next=/en/admin/", {"username": "break-glass", "password": "a-long-password-2"}
    )
    assert response.status_code == 302 and response["Location"] == "/en/admin/"
    assert client.session["_auth_user_id"] == str(get_user_model().objects.get(username="break-glass").pk)


@pytest.mark.django_db
def test_a_provider_that_does_not_answer_gives_a_page_that_says_so(client, configured):
    configured.OIDC_ISSUER = "http://127.0.0.1:9"  # discard: nothing listens
    configured.OIDC_OP_AUTHORIZATION_ENDPOINT = ""
    response = client.get("/en/accounts/oidc/start/")
    assert response.status_code == 503
    assert "does not answer" in response.content.decode()


def _token_for(issuer: str, client_id: str, nonce: str) -> str:
    """An ID token the real provider issues to ``client_id``, through its own code flow."""
    back = "https://another-application.example.gc.ca/callback"
    query = {"client_id": client_id, "redirect_uri": back, "response_type": "code", "scope": "openid email"}
    location = oidc_authorize(f"{issuer}/oauth2/authorize?{urlencode({**query, 'state': 's', 'nonce': nonce})}", "ada")
    code = parse_qs(urlparse(location).query)["code"][0]
    exchange = {"grant_type": "authorization_code", "code": code, "redirect_uri": back, "client_id": client_id}
    answer = requests.post(f"{issuer}/oauth2/token", data={**exchange, "client_secret": "its-own"}, timeout=5)
    return answer.json()["id_token"]


@pytest.mark.services
@pytest.mark.django_db
def test_an_id_token_the_provider_issued_to_another_application_is_refused(oidc_settings):
    oidc_user(oidc_settings.OIDC_ISSUER, "ada", email="ada@example.gc.ca")
    backend = ProviderBackend()
    backend.configure()
    ours = _token_for(oidc_settings.OIDC_ISSUER, "artracker", nonce="n1")
    assert backend.verify_token(ours, nonce="n1")["sub"] == "ada"

    theirs = _token_for(oidc_settings.OIDC_ISSUER, "another-application", nonce="n2")
    with pytest.raises(SuspiciousOperation, match="issued to another client"):
        backend.verify_token(theirs, nonce="n2")  # signed by the same provider, with the right nonce


def test_the_provider_groups_make_roles_lead_winning_over_contributor(settings):
    settings.OIDC_ARTF_GROUPS = [OIDC_GROUPS["artf"]]
    settings.OIDC_SECTOR_GROUPS = {"g-css-lead": "CSS:lead", "g-css-contrib": "css:contributor", "g-ops": "OPS:owner"}
    claims = {"sub": "x", "groups": ["g-css-contrib", "g-css-lead", "g-ops", "unknown"]}
    assert roles_from_claims(claims) == services.Roles(artf=False, executive=False, sectors={"CSS": "lead"})
    settings.OIDC_GROUPS_CLAIM = "roles"  # Entra ID's app roles
    assert roles_from_claims({"sub": "x", "roles": OIDC_GROUPS["artf"]}).artf


@pytest.mark.django_db
def test_the_provider_never_takes_over_a_local_account_with_the_same_email():
    local = artf_user(username="ada.lovelace@example.gc.ca", email="ada.lovelace@example.gc.ca")
    identity = services.Identity(
        subject="ada-subject-1", username="ada.lovelace@example.gc.ca", email="ada.lovelace@example.gc.ca"
    )
    user = services.provider_sign_in(identity=identity, roles=services.Roles())
    assert user.pk != local.pk and user.username.startswith("ada.lovelace@example.gc.ca-")
    assert local.groups.filter(name="ARTF").exists() and not user.groups.exists()
    assert services.provider_sign_in(identity=identity, roles=services.Roles()).pk == user.pk


@pytest.mark.django_db
def test_roles_follow_the_provider_and_each_removal_is_in_the_history():
    css, ops = SectorFactory(code="CSS"), SectorFactory(code="OPS")
    user = MembershipFactory(user=UserFactory(oidc_subject="s1"), sector=css, role="lead").user
    services.roles_apply(user=user, roles=services.Roles(executive=True, sectors={"OPS": "lead", "NOPE": "lead"}))
    assert dict(Membership.objects.filter(user=user).values_list("sector__code", "role")) == {"OPS": "lead"}
    assert set(user.groups.values_list("name", flat=True)) == {"Executive"}
    assert Membership.history.filter(sector=css, history_type="-").count() == 1
    services.roles_apply(user=user, roles=services.Roles(sectors={"OPS": "contributor"}))
    assert Membership.objects.get(user=user, sector=ops).role == "contributor" and not user.groups.exists()


def test_a_mapping_that_names_no_role_is_reported_at_start(settings):
    from django.core.management import call_command
    from django.core.management.base import SystemCheckError

    settings.OIDC_SECTOR_GROUPS = {"g-css": "CSS:lead", "g-ops": "OPS:owner", "g-x": "CSS"}
    settings.LOCAL_SIGN_IN = False
    with pytest.raises(SystemCheckError) as raised:
        call_command("check", fail_level="WARNING")
    message = str(raised.value)
    assert "g-ops" in message and "g-x" in message and "g-css " not in message
    assert "accounts.W002" in message


@pytest.mark.django_db
def test_the_admin_shows_which_accounts_the_provider_signs_in(client, admin_user):
    person = UserFactory(username="ada", oidc_subject="ada-subject-1")
    client.force_login(admin_user)
    body = client.get(f"/en/admin/accounts/user/{person.pk}/change/").content.decode()
    assert "Identity provider" in body and "ada-subject-1" in body
    assert 'name="oidc_subject"' not in body  # shown, never typed
