"""Every dynamic answer carries a content security policy and a permissions policy, and is never
stored by a browser or proxy; a signed-in session ends 12 hours after sign-in at the latest."""

import pytest

from tests.factories import artf_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def artf(client):
    client.force_login(artf_user())
    return client


@pytest.mark.parametrize("url", ["/en/", "/en/plans/CSS/", "/en/feedback/triage/", "/en/dashboard/export.csv"])
def test_pages_and_downloads_are_never_stored_and_carry_the_policies(artf, commitment, url):
    response = artf.get(url)
    assert response.status_code == 200, url
    cache = {part.strip() for part in response.headers["Cache-Control"].split(",")}
    assert {"no-store", "private"} <= cache
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "script-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert "unsafe-eval" not in policy and "'unsafe-inline'" not in policy.split("style-src-attr")[0]
    assert "camera=()" in response.headers["Permissions-Policy"]


@pytest.mark.parametrize("url", ["/en/feedback/", "/en/accounts/login/"])
def test_pages_without_sign_in_are_never_stored_either(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert "no-store" in response.headers["Cache-Control"] and "Content-Security-Policy" in response.headers


def test_a_session_ends_twelve_hours_after_sign_in(client, lead):
    response = client.post("/en/accounts/login/", {"username": "lead-css", "password": "x"})
    lead.set_password("a-long-passphrase-for-the-test")
    lead.save()
    response = client.post(
        "/en/accounts/login/", {"username": "lead-css", "password": "a-long-passphrase-for-the-test"}
    )
    assert response.status_code == 302
    assert 0 < client.session.get_expiry_age() <= 12 * 60 * 60
    assert client.cookies["sessionid"]["max-age"] <= 12 * 60 * 60
