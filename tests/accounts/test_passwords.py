"""Local accounts look after their own password: changed when signed in, reset by an e-mailed link
when forgotten, in the person's language, through the pages a person clicks through."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

from tests.factories import UserFactory
from tests.forms import form_fields

pytestmark = pytest.mark.django_db

PASSWORD = "an-old-password-of-hers"  # noqa: S105 -- a test account's
NEW = "quarterly-reports-2026!"  # noqa: S105 -- a test account's


@pytest.fixture
def ada():
    user = UserFactory(username="ada", email="ada@example.gc.ca", first_name="Ada", last_name="Lovelace")
    user.set_password(PASSWORD)
    user.save()
    return user


def link_from(html: str, text: str) -> str:
    html = html.replace("\u202f", " ").replace("\xa0", " ")  # French spacing before "?"
    match = re.search(rf'<a[^>]*href="([^"]+)"[^>]*>{re.escape(text)}</a>', html)
    assert match, f"no link {text!r}"
    return match.group(1)


def signs_in(client, username, password) -> bool:
    client.logout()
    page = client.get("/en/accounts/login/").content.decode()
    fields = form_fields(page, method="post", form_id="login-form")
    fields.update({"username": username, "password": password})
    return client.post("/en/accounts/login/", fields).status_code == 302


@pytest.mark.parametrize(
    ("preferred", "page", "words"),
    [("", "fr", "Pour en choisir un nouveau"), ("en", "fr", "To choose a new one"), ("fr", "en", "Pour en choisir")],
)
def test_a_forgotten_password_is_reset_by_the_link_in_the_e_mail(client, ada, preferred, page, words):
    ada.preferred_language = preferred
    ada.save()
    login = client.get(f"/{page}/accounts/login/").content.decode()
    forgot = link_from(login, "Mot de passe oublié ?" if page == "fr" else "Forgot your password?")
    fields = form_fields(client.get(forgot).content.decode(), method="post", form_id="password-reset-form")
    fields["email"] = "ADA@example.gc.ca"
    sent = client.post(forgot, fields, follow=True)
    assert sent.redirect_chain[-1][0].endswith("/accounts/password/reset/sent/")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ada@example.gc.ca"] and words in message.body
    language = preferred or page
    link = re.search(r"https?://[^/]+(/\S+)", message.body).group(1)
    assert link.startswith(f"/{language}/accounts/password/reset/")
    assert "ada" in message.body and PASSWORD not in message.body

    form_page = client.get(link, follow=True)
    fields = form_fields(form_page.content.decode(), method="post", form_id="password-set-form")
    fields.update({"new_password1": NEW, "new_password2": NEW})
    done = client.post(form_page.redirect_chain[-1][0], fields, follow=True)
    assert done.redirect_chain[-1][0].endswith("/accounts/password/reset/done/")
    assert signs_in(client, "ada", NEW) and not signs_in(client, "ada", PASSWORD)

    again = client.get(link, follow=True).content.decode()  # the link works once
    assert "password-set-form" not in again


def test_an_unknown_address_gets_the_same_answer_and_no_e_mail(client, ada):
    fields = form_fields(client.get("/en/accounts/password/reset/").content.decode(), form_id="password-reset-form")
    fields["email"] = "nobody@example.gc.ca"
    sent = client.post("/en/accounts/password/reset/", fields, follow=True)
    assert "If an account has that address" in sent.content.decode()
    assert mail.outbox == []


def test_a_person_who_signs_in_through_the_provider_gets_no_reset_and_no_change(client):
    provider = UserFactory(username="grace", email="grace@example.gc.ca")
    provider.set_unusable_password()
    provider.save()
    fields = form_fields(client.get("/en/accounts/password/reset/").content.decode(), form_id="password-reset-form")
    client.post("/en/accounts/password/reset/", {**fields, "email": "grace@example.gc.ca"})
    assert mail.outbox == []
    client.force_login(provider)
    assert "Change your password" not in client.get("/en/accounts/preferences/").content.decode()
    page = client.get("/en/accounts/password/").content.decode()
    assert "managed by the department" in page and "password-change-form" not in page
    posted = client.post("/en/accounts/password/", {"new_password1": NEW, "new_password2": NEW})
    assert posted.status_code == 403
    assert not get_user_model().objects.get(pk=provider.pk).has_usable_password()


def test_a_signed_in_person_changes_their_password_from_my_preferences(client, ada):
    client.force_login(ada)
    preferences = client.get("/fr/accounts/preferences/").content.decode()
    url = link_from(preferences, "Changer votre mot de passe")
    fields = form_fields(client.get(url).content.decode(), method="post", form_id="password-change-form")
    wrong = client.post(url, {**fields, "old_password": "not-it", "new_password1": NEW, "new_password2": NEW})
    assert wrong.status_code == 422 and "ancien mot de passe" in wrong.content.decode().lower()
    fields.update({"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW})
    done = client.post(url, fields, follow=True)
    assert done.redirect_chain[-1][0] == "/fr/accounts/password/changed/"
    assert "Votre nouveau mot de passe est enregistré" in done.content.decode()
    assert signs_in(client, "ada", NEW)


def test_the_password_pages_are_gone_when_password_sign_in_is_switched_off(client, ada, settings):
    settings.OIDC_ENABLED = True
    settings.LOCAL_SIGN_IN = False
    assert "Forgot your password?" not in client.get("/en/accounts/login/").content.decode()
    for url in (
        "/en/accounts/password/reset/",
        "/en/accounts/password/reset/sent/",
        "/en/accounts/password/reset/done/",
    ):
        assert client.get(url).status_code == 404
    client.force_login(ada)
    assert client.get("/en/accounts/password/").status_code == 404
    assert "Change your password" not in client.get("/en/accounts/preferences/").content.decode()
