"""Nobody reads anything without signing in, except the pages meant for everyone.

The test walks every URL pattern of the project, so a new page is covered the day it is added.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from tests.factories import SectorFactory

# Pages open without signing in, and what they answer.
PUBLIC = {"healthz", "root", "set_language", "accounts:login", "accounts:logout"}
SAMPLE_KWARGS = {"code": "CSS"}


def named_patterns(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from named_patterns(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", entry


def sample_url(name, pattern):
    from django.urls import NoReverseMatch, reverse
    from django.utils import translation

    with translation.override("en"):
        converters = pattern.pattern.converters
        kwargs = {key: SAMPLE_KWARGS.get(key, "1") for key in converters}
        try:
            return reverse(name, kwargs=kwargs)
        except NoReverseMatch:
            return None


def project_urls():
    urls = []
    for name, pattern in named_patterns():
        if name.startswith("admin:"):
            continue  # the admin has its own login; checked below as a whole
        url = sample_url(name, pattern)
        if url:
            urls.append((name, url))
    return urls


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "url"), project_urls())
def test_anonymous_is_sent_to_login(client, name, url):
    SectorFactory(code="CSS")
    response = client.get(url)
    if name in PUBLIC:
        assert response.status_code in (200, 302, 405), url
        if response.status_code == 302:
            assert "/accounts/login/" not in response["Location"] or name == "accounts:logout"
    else:
        assert response.status_code == 302, url
        assert response["Location"].startswith("/en/accounts/login/?next="), url


@pytest.mark.django_db
def test_admin_pages_need_a_staff_login(client):
    for url in ("/en/admin/", "/en/admin/actionplans/initiative/", "/en/admin/actionplans/initiative/import/"):
        response = client.get(url)
        assert response.status_code == 302 and "login" in response["Location"], url


def test_every_project_page_is_in_this_test():
    names = {name for name, _ in named_patterns() if not name.startswith("admin:")}
    known = PUBLIC | {"home", "actionplans:plan-detail"}
    assert names == known, f"URLs without an access rule in tests/test_access.py: {sorted(names - known)}"
