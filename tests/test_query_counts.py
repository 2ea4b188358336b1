"""Every page costs what its own data costs: each GET URL of the access table, as each role the table
lets in, runs as many queries on a department several times larger (more sectors, initiatives, KPI
values, history, engagements, recommendations, reports, comments, survey results, messages...) as on
the small one."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.test_access import ROLES, TABLE, url_for
from tests.world import world_build, world_grow

PAGES = [
    (name, role)
    for name, (method, expected, _kwargs, _data) in sorted(TABLE.items())
    if method == "GET"
    for role in ROLES
    if expected[role] == 200
]


def query_counts(client, users, ids, *, cold: bool = False) -> dict[tuple[str, str], int]:
    """Each page's queries; ``cold``: with nothing cached (the dashboard's figures computed afresh)."""
    counts = {}
    for name, role in PAGES:
        if cold:
            cache.clear()
        client.logout()
        if users[role]:
            client.force_login(users[role])
        url = url_for(name, TABLE[name][2], ids)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200, f"{role} GET {url}"
        counts[name, role] = len(captured)
    return counts


@pytest.mark.django_db
def test_no_page_runs_more_queries_on_a_larger_department(client):
    users, ids = world_build()
    query_counts(client, users, ids)  # once first: what a running site has already cached
    small, small_cold = query_counts(client, users, ids), query_counts(client, users, ids, cold=True)
    world_grow(users, ids, 8)
    query_counts(client, users, ids)
    large, large_cold = query_counts(client, users, ids), query_counts(client, users, ids, cold=True)
    grown = [
        f"{name} as {role}{label}: {before[name, role]} → {after[name, role]}"
        for before, after, label in ((small, large, ""), (small_cold, large_cold, ", nothing cached"))
        for name, role in PAGES
        if after[name, role] > before[name, role]
    ]
    assert not grown, "more queries on more data:\n" + "\n".join(grown)
    assert len(PAGES) > 100  # every GET URL, as every role it lets in
