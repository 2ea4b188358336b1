"""Long histories come in pages of 25 (?page=2 for older ones), each in the same number of queries."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import KPIFactory


def changed(kpi, times: int):
    for n in range(times):
        kpi.baseline_value = Decimal(n % 100) / 2 + 1
        kpi.save()


def queries(client, url) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response.content.decode()


@pytest.mark.django_db
def test_a_kpi_with_a_long_history_pages_it_in_constant_queries(client, commitment, lead):
    small, large = KPIFactory(commitment=commitment), KPIFactory(commitment=commitment)
    changed(small, 2)
    changed(large, 120)
    client.force_login(lead)
    small_count, _body = queries(client, small.get_absolute_url())
    large_count, body = queries(client, large.get_absolute_url())
    assert large_count == small_count
    assert body.count('<li class="border-start border-3') == 25
    assert "Changes 1 to 25 of 121, newest first." in body
    assert 'href="?page=2#history"' in body and 'href="?page=5#history"' in body
    last_count, last = queries(client, large.get_absolute_url() + "?page=5")
    assert last_count == small_count
    assert last.count('<li class="border-start border-3') == 21
    assert "created the" in last  # the oldest change, the creation, is on the last page


@pytest.mark.django_db
def test_the_plan_history_pages_in_constant_queries(client, commitment, lead):
    client.force_login(lead)
    kpi = KPIFactory(commitment=commitment)
    small_count, _body = queries(client, "/en/plans/CSS/history/")
    changed(kpi, 60)
    large_count, body = queries(client, "/en/plans/CSS/history/")
    assert large_count == small_count
    assert body.count('<li class="border-start border-3') == 25
    assert "?page=3#history" in body
    _count, third = queries(client, "/en/plans/CSS/history/?page=3")
    assert "Older changes" not in third and "Newer changes" in third
