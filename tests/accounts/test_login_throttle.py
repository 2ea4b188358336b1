"""Sign-in throttling: what a guesser and a person who mistypes see on the sign-in page.

Each attempt GETs the sign-in page and posts its form back as rendered, from an address given
as the connection's REMOTE_ADDR, and the test then checks who is signed in.
"""

import datetime

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.utils import timezone

from tests.factories import UserFactory
from tests.forms import form_fields

pytestmark = pytest.mark.django_db

RIGHT = "pass-1234"


def sign_in(username: str, password: str, *, address: str = "10.0.0.1", language: str = "en", path=None):
    client = Client(REMOTE_ADDR=address)
    url = path or f"/{language}/accounts/login/"
    page = client.get(url)
    assert page.status_code == 200
    fields = form_fields(page.content.decode(), form_id="login-form")
    fields.update(username=username, password=password)
    response = client.post(url, fields)
    return client, response


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_an_account_is_paused_after_ten_wrong_passwords_even_with_the_right_one(settings):
    UserFactory(username="lead-css")
    for attempt in range(1, 10):
        _client, response = sign_in("lead-css", f"wrong-{attempt}")
        assert response.status_code == 200  # the form again, "enter a correct username and password"
    _client, tenth = sign_in("lead-css", "wrong-10")
    assert tenth.status_code == 429
    assert "Too many failed sign-ins" in tenth.content.decode()
    assert "try again in 15 minutes" in tenth.content.decode()

    client, right = sign_in("lead-css", RIGHT)
    assert right.status_code == 429 and not signed_in(client)
    # From anywhere: the pause is the account's, not only the address's.
    client, elsewhere = sign_in("lead-css", RIGHT, address="10.9.9.9")
    assert elsewhere.status_code == 429 and not signed_in(client)

    # Once the failures are older than the cool-off, the right password signs in.
    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=16))
    client, later = sign_in("lead-css", RIGHT)
    assert later.status_code == 302 and signed_in(client)


def test_an_address_spraying_many_accounts_is_paused_at_fifty_failures():
    UserFactory(username="analyst")
    for n in range(49):
        _client, response = sign_in(f"guess-{n}", "wrong", address="192.0.2.7")
        assert response.status_code == 200
    _client, fiftieth = sign_in("guess-49", "wrong", address="192.0.2.7")
    assert fiftieth.status_code == 429

    client, same_address = sign_in("analyst", RIGHT, address="192.0.2.7")
    assert same_address.status_code == 429 and not signed_in(client)
    client, own_address = sign_in("analyst", RIGHT, address="192.0.2.8")
    assert own_address.status_code == 302 and signed_in(client)


def test_one_persons_mistakes_do_not_block_colleagues_behind_the_same_proxy():
    UserFactory(username="lead-css")
    UserFactory(username="lead-ops")
    for n in range(9):
        sign_in("lead-css", f"wrong-{n}", address="10.0.0.1")
    client, colleague = sign_in("lead-ops", RIGHT, address="10.0.0.1")
    assert colleague.status_code == 302 and signed_in(client)
    client, own = sign_in("lead-css", RIGHT, address="10.0.0.1")
    assert own.status_code == 302 and signed_in(client)


def test_the_pause_is_explained_in_french_and_keeps_the_username():
    UserFactory(username="lead-css")
    for n in range(10):
        _client, response = sign_in("lead-css", f"faux-{n}", language="fr")
    assert response.status_code == 429
    page = response.content.decode()
    assert "Trop de tentatives de connexion" in page
    assert "réessayez dans 15 minutes" in page
    assert 'value="lead-css"' in page
    assert 'role="alert"' in page


def test_the_admin_sign_in_is_throttled_too():
    UserFactory(username="admin", is_staff=True, is_superuser=True)
    for n in range(10):
        _client, response = sign_in("admin", f"wrong-{n}", path="/en/admin/login/")
    assert response.status_code == 429
    client, right = sign_in("admin", RIGHT, path="/en/admin/login/")
    assert right.status_code == 429 and not signed_in(client)


def test_the_address_behind_the_trusted_proxy_is_the_one_counted(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    UserFactory(username="lead-ops")
    for n in range(50):
        client = Client(REMOTE_ADDR="10.1.1.1", HTTP_X_FORWARDED_FOR=f"spoofed-{n}, 198.51.100.4")
        page = client.get("/en/accounts/login/")
        fields = form_fields(page.content.decode(), form_id="login-form")
        fields.update(username=f"guess-{n}", password="wrong")
        response = client.post("/en/accounts/login/", fields)
    assert response.status_code == 429
    # Another person behind the same proxy (another forwarded address) still signs in.
    client = Client(REMOTE_ADDR="10.1.1.1", HTTP_X_FORWARDED_FOR="198.51.100.5")
    fields = form_fields(client.get("/en/accounts/login/").content.decode(), form_id="login-form")
    fields.update(username="lead-ops", password=RIGHT)
    assert client.post("/en/accounts/login/", fields).status_code == 302
