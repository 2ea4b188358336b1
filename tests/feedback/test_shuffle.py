"""Nothing in the database orders a closed day's messages (issue 13 item 6).

Each submission is its own transaction, so PostgreSQL's xmin, the rows' physical order (ctid) and
the order pg_dump writes them in all give the order of arrival. The nightly rewrite puts each
closed day back in random order, in one transaction, and VACUUM FULL drops the old row versions.
"""

import datetime
import os
import shutil
import subprocess
import time

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from feedback import services
from feedback.models import FeedbackSubmission
from tests.conftest import need_service
from tests.factories import SectorFactory, artf_user

TABLE = FeedbackSubmission._meta.db_table


def physical(order_by: str) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT message FROM {TABLE} ORDER BY {order_by}")  # noqa: S608 -- the model's table name and literal orderings from the tests
        return [row[0] for row in cursor.fetchall()]


def xmins() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT xmin::text FROM {TABLE}")  # noqa: S608 -- the model's table name and literal orderings from the tests
        return {row[0] for row in cursor.fetchall()}


def ctids() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT ctid::text AS position FROM {TABLE} ORDER BY ctid")  # noqa: S608 -- the model's table name and literal orderings from the tests
        return [row[0] for row in cursor.fetchall()]


def dumped() -> list[str]:
    """The messages in the order pg_dump writes them (a backup's order)."""
    if shutil.which("pg_dump") is None:
        need_service("pg_dump is not installed")
    db = connection.settings_dict
    command = [
        "pg_dump",
        "--data-only",
        "--table",
        TABLE,
        "-h",
        db["HOST"] or "127.0.0.1",
        "-p",
        str(db["PORT"] or 5432),
    ]
    command += ["-U", db["USER"], db["NAME"]]
    out = subprocess.run(
        command, capture_output=True, text=True, env={**os.environ, "PGPASSWORD": db["PASSWORD"] or ""}
    )
    assert out.returncode == 0, out.stderr
    lines = out.stdout.split(f"COPY public.{TABLE} ", 1)[1].split("\n\\.", 1)[0].splitlines()[1:]
    columns = out.stdout.split(f"COPY public.{TABLE} (", 1)[1].split(")", 1)[0].split(", ")
    return [line.split("\t")[columns.index("message")] for line in lines]


def rows() -> set[tuple]:
    return set(
        FeedbackSubmission.objects.values_list(
            "id", "message", "sector_id", "theme", "received_on", "status", "triage_note"
        )
    )


@pytest.fixture
def postgresql():
    if connection.vendor != "postgresql":
        need_service("these tests read PostgreSQL's xmin and ctid (set DATABASE_URL)")


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_after_the_night_nothing_in_postgresql_gives_the_order_of_arrival(client, settings, postgresql):
    settings.FEEDBACK_RATE_LIMIT = 100
    SectorFactory(code="CSS")
    arrival = [f"message {n:02d}" for n in range(30)]
    for n, message in enumerate(arrival):
        extra = {"sector": "CSS", "theme": "inclusion"} if n % 3 == 0 else {}
        assert client.post("/en/feedback/", {"message": message, **extra}, REMOTE_ADDR="192.0.2.1").status_code == 302
    # The leak the rewrite closes: each message is its own transaction, stored in turn.
    assert physical("xmin::text::bigint") == arrival == physical("ctid") == dumped()
    client.force_login(artf_user())
    triaged = FeedbackSubmission.objects.get(message="message 07")
    client.post(
        f"/en/feedback/triage/{triaged.pk}/",
        {f"{triaged.pk}-status": "actioned", f"{triaged.pk}-note": "Raised at EXCOM."},
    )
    before = rows()
    day = timezone.localdate()

    assert services.feedback_shuffle(today=day).rewritten == 0  # the day is not over: its rows wait
    assert physical("xmin::text::bigint") == arrival[:7] + arrival[8:] + ["message 07"]  # still told
    result = services.feedback_shuffle(today=day + datetime.timedelta(days=1))
    assert result.rewritten == 30

    assert rows() == before  # the same messages, sectors, themes, days, statuses, notes and ids
    assert len(xmins()) == 1  # one transaction wrote them all
    for order in (physical("ctid"), dumped(), physical("id")):
        assert sorted(order) == arrival and order != arrival
    # VACUUM FULL wrote the table afresh: no dead row versions (which carried the arrival order) remain.
    # A transaction open elsewhere on the server (another test run's, a pg_dump's) makes PostgreSQL
    # keep them for a while: the service says so, and a later VACUUM drops them.
    packed = [f"(0,{n})" for n in range(1, 31)]
    clean, deadline = not result.old_versions_left, time.monotonic() + 120
    while not clean and time.monotonic() < deadline:
        assert ctids() != packed  # what the service reports is what the table holds
        time.sleep(2)
        clean = services.feedback_vacuum()
    assert clean and ctids() == packed
    assert set(FeedbackSubmission.objects.values_list("shuffled", flat=True)) == {True}
    page = client.get("/en/feedback/triage/").content.decode()
    assert "Raised at EXCOM." in page and page.count('<article id="item-') == 30

    # A second night finds nothing to do and leaves the rows as they are.
    written = xmins()
    assert services.feedback_shuffle(today=day + datetime.timedelta(days=2)).rewritten == 0
    assert xmins() == written


@pytest.mark.django_db
def test_the_command_rewrites_closed_days_only_and_the_beat_runs_it_every_night():
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    for n in range(3):
        FeedbackSubmission.objects.create(message=f"old {n}", received_on=yesterday)
    FeedbackSubmission.objects.create(message="today", received_on=timezone.localdate())
    from io import StringIO

    out = StringIO()
    call_command("feedback_shuffle", stdout=out)
    assert "3 message(s) rewritten" in out.getvalue()
    assert dict(FeedbackSubmission.objects.values_list("message", "shuffled")) == {
        "old 0": True,
        "old 1": True,
        "old 2": True,
        "today": False,
    }
    entry = settings.CELERY_BEAT_SCHEDULE["feedback-shuffle"]
    assert entry["task"] == "feedback.tasks.feedback_shuffle"
    from feedback.tasks import feedback_shuffle

    FeedbackSubmission.objects.create(message="another old one", received_on=yesterday)
    assert feedback_shuffle.delay().get() == 4  # the whole day again, with its newcomer


@pytest.mark.django_db
def test_the_page_says_what_still_holds_the_order(client):
    english = client.get("/en/feedback/").content.decode()
    assert "Each night it rewrites the day's messages in a random order" in english.replace("&#x27;", "'")
    assert "backups made before that night" in english
    french = client.get("/fr/feedback/").content.decode()
    assert "Chaque nuit, elle réécrit les messages de la journée dans un ordre aléatoire" in french
