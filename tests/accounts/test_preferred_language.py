"""A person's language: the switch stores it when they are signed in, sign-in and ``/`` open in it,
and "My preferences" chooses it (English, French, or none)."""

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client

from tests.factories import UserFactory
from tests.forms import form_fields

pytestmark = pytest.mark.django_db

SWITCH = "/i18n/setlang/"


def switch(client: Client, page: str, language: str):
    """Press the language switch in the header of ``page``, as rendered."""
    html = client.get(page).content.decode()
    fields = form_fields(html, action=SWITCH)
    assert fields["next"] == page
    return client.post(SWITCH, {**fields, "language": language})


def preference(username: str) -> str:
    return get_user_model().objects.get(username=username).preferred_language


def sign_in(client: Client, username: str, *, language: str = "en", next_url: str | None = None):
    url = f"/{language}/accounts/login/" + (f"?next={next_url}" if next_url else "")
    fields = form_fields(client.get(url).content.decode(), form_id="login-form")
    fields.update(username=username, password="pass-1234")
    return client.post(url, fields)


def test_the_switch_stores_the_language_of_a_signed_in_person(client, lead):
    client.force_login(lead)
    response = switch(client, "/en/", "fr")
    assert response.status_code == 302 and response["Location"] == "/fr/"  # the same page, in French
    assert preference("lead-css") == "fr"
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "fr"

    response = switch(client, "/fr/", "en")
    assert response["Location"] == "/en/"
    assert preference("lead-css") == "en"


def test_the_switch_stores_nothing_for_someone_not_signed_in(client, lead):
    response = switch(client, "/en/accounts/login/", "fr")
    assert response.status_code == 302 and response["Location"] == "/fr/accounts/login/"
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "fr"  # the page still turns French
    assert preference("lead-css") == ""


def test_the_switch_keeps_set_languages_safety(client, lead):
    client.force_login(lead)
    response = client.post(SWITCH, {"language": "fr", "next": "https://elsewhere.example/steal"})
    assert response.status_code == 302 and "elsewhere.example" not in response["Location"]
    assert preference("lead-css") == "fr"
    response = client.post(SWITCH, {"language": "de", "next": "/en/"})  # not a language of the site
    assert response.status_code == 302 and preference("lead-css") == "fr"
    assert client.get(SWITCH).status_code == 302 and preference("lead-css") == "fr"  # a GET changes nothing


def test_sign_in_opens_the_site_in_the_stored_language(client):
    UserFactory(username="lead-css", preferred_language="fr")
    response = sign_in(client, "lead-css", language="en")
    assert response.status_code == 302 and response["Location"] == "/fr/"
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "fr"
    assert 'lang="fr"' in client.get(response["Location"]).content.decode()
    assert client.get("/")["Location"] == "/fr/"


def test_sign_in_goes_to_the_page_asked_for_in_the_stored_language(client):
    UserFactory(username="lead-css", preferred_language="en")
    response = sign_in(client, "lead-css", language="fr", next_url="/fr/periods/")
    assert response["Location"] == "/en/periods/"


def test_without_a_preference_sign_in_keeps_the_language_of_the_page(client):
    UserFactory(username="lead-css")
    response = sign_in(client, "lead-css", language="fr")
    assert response["Location"] == "/fr/"
    assert preference("lead-css") == ""  # signing in from a French page is not a choice


def test_slash_opens_in_the_stored_language_whatever_the_cookie_says(client):
    user = UserFactory(username="lead-css", preferred_language="fr")
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="en")["Location"] == "/fr/"
    from accounts import services

    services.preferred_language_set(user=user, language="")
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="en")["Location"] == "/en/"  # no preference: the cookie


def test_my_preferences_is_in_the_header_and_chooses_the_language(client, lead):
    client.force_login(lead)
    home = client.get("/en/").content.decode()
    assert 'href="/en/accounts/preferences/"' in home

    page = client.get("/en/accounts/preferences/")
    html = page.content.decode()
    assert page.status_code == 200 and "My preferences" in html
    assert 'value="en"' in html and 'value="fr"' in html and "No preference" in html
    fields = form_fields(html, form_id="preferences-form")
    assert fields["preferred_language"] == ""  # no preference yet: "No preference" is checked

    response = client.post("/en/accounts/preferences/", {**fields, "preferred_language": "fr"})
    assert response.status_code == 302 and response["Location"] == "/fr/accounts/preferences/"
    assert preference("lead-css") == "fr"
    page = client.get(response["Location"]).content.decode()
    assert "Vos préférences sont enregistrées." in page
    assert form_fields(page, form_id="preferences-form")["preferred_language"] == "fr"

    fields = form_fields(page, form_id="preferences-form")
    response = client.post("/fr/accounts/preferences/", {**fields, "preferred_language": ""})
    assert response["Location"] == "/fr/accounts/preferences/"  # no preference: the page's language stays
    assert preference("lead-css") == ""


def test_my_preferences_refuses_a_language_the_site_does_not_have(client, lead):
    client.force_login(lead)
    response = client.post("/en/accounts/preferences/", {"preferred_language": "de"})
    assert response.status_code == 422
    assert "Select a valid choice" in response.content.decode()
    assert preference("lead-css") == ""


def test_the_service_refuses_a_language_the_site_does_not_have(lead):
    from django.core.exceptions import ValidationError

    from accounts import services

    with pytest.raises(ValidationError):
        services.preferred_language_set(user=lead, language="de")
    lead.refresh_from_db()
    assert lead.preferred_language == ""


def test_the_switch_turns_the_page_it_was_pressed_on_whatever_the_cookie_said(client, lead):
    """A link in a French e-mail opens /fr/ for someone whose cookie says English: the switch still
    goes to the same page in English (set_language alone reads /fr/ in the cookie's language and
    finds no page to translate)."""
    client.force_login(lead)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = switch(client, "/fr/periods/", "en")
    assert response["Location"] == "/en/periods/"


def test_the_admin_shows_a_persons_language_without_changing_it(client, admin_user, lead):
    from accounts import services

    services.preferred_language_set(user=lead, language="fr")
    client.force_login(admin_user)
    page = client.get(f"/en/admin/accounts/user/{lead.pk}/change/")
    assert page.status_code == 200 and "Preferred language" in page.content.decode()
    fields = form_fields(page.content.decode(), form_id="user_form")
    assert "preferred_language" not in fields
