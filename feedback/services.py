"""Writes of the feedback box. ``feedback_submit`` never sees who sent the message."""

from __future__ import annotations

import datetime
import secrets
from dataclasses import dataclass

from django.db import connection, transaction
from django.utils import timezone

from core.text import recorded

from .models import FeedbackSubmission, FeedbackSummary


class TooMany(Exception):
    """The rate limit refused the message (its connection's limit or the department's ceiling); nothing was stored."""


@transaction.atomic
def feedback_submit(
    *, message: str, sector=None, theme: str = "", allowed: bool, language: str | None = None
) -> FeedbackSubmission:
    """Store a message with the day it arrived and the language of the page it was written on
    (``language``; ADR 0001 says why that is no trace). ``allowed`` is the rate limit's answer,
    asked by the caller."""
    if not allowed:
        raise TooMany
    submission = FeedbackSubmission(
        message=message.strip(),
        message_language=recorded(message, language),
        sector=sector,
        theme=theme or "",
        received_on=timezone.localdate(),
    )
    submission.full_clean()
    submission.save(force_insert=True)
    return submission


@dataclass(frozen=True)
class Shuffle:
    rewritten: int  # rows rewritten in random order
    old_versions_left: bool  # VACUUM could not drop every old row version yet (see feedback_vacuum)


def feedback_shuffle(*, today: datetime.date | None = None) -> Shuffle:
    """Rewrite every closed day not yet rewritten in random order, so nothing in the table orders its messages.

    Rows arrive one transaction each, so PostgreSQL's xmin and the rows' physical order (ctid, and
    the order ``pg_dump`` writes them in) give the order of arrival. The rewrite deletes each such
    day's rows and inserts them again, in a random order, in one transaction: they then share one
    xmin and lie in random order. ``feedback_vacuum`` then writes the table afresh without the
    deleted versions, which still carried the arrival order. The ids, status and notes are kept:
    ARTF's links and triage survive. Today's rows wait for tomorrow.
    """
    today = today or timezone.localdate()
    with transaction.atomic():
        days = FeedbackSubmission.objects.filter(received_on__lt=today, shuffled=False).values("received_on")
        rows = list(FeedbackSubmission.objects.select_for_update().filter(received_on__in=days))
        if rows:
            FeedbackSubmission.objects.filter(pk__in=[row.pk for row in rows]).delete()
            secrets.SystemRandom().shuffle(rows)
            for row in rows:
                row.shuffled = True
            FeedbackSubmission.objects.bulk_create(rows)
    return Shuffle(rewritten=len(rows), old_versions_left=not feedback_vacuum())


def feedback_vacuum() -> bool:
    """Write the feedback table afresh with its live rows only; True when no old row version is left.

    PostgreSQL keeps a deleted row version while any transaction that began before the delete is
    still open (a long query, a ``pg_dump`` under way, a replication slot): ``VACUUM FULL`` copies
    such versions into the new table too. It packs the versions it copies page by page, so a gap
    among the live rows' positions (ctid), or a page without one, is an old version still there,
    and the caller tries again later.
    """
    if connection.in_atomic_block:
        return False  # VACUUM cannot run inside a transaction (a caller's, or a test's)
    table = connection.ops.quote_name(FeedbackSubmission._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("VACUUM")  # SQLite rebuilds the whole file: nothing deleted is left in it
            return True
        if connection.vendor != "postgresql":
            return False
        cursor.execute(f"VACUUM (FULL, ANALYZE) {table}")
        cursor.execute(
            f"""
            SELECT coalesce(bool_and(last = live), true), count(*),
                   pg_relation_size('{table}') / current_setting('block_size')::int
            FROM (
                SELECT (ctid::text::point)[0] AS page, max((ctid::text::point)[1]) AS last, count(*) AS live
                FROM {table} GROUP BY 1
            ) AS pages
            """  # noqa: S608 -- {table} is the model's own table, quoted; no input reaches this SQL
        )
        packed, pages_with_rows, pages = cursor.fetchone()
    return bool(packed) and pages_with_rows == pages


@transaction.atomic
def feedback_triage(
    *, submission: FeedbackSubmission, status: str, note: str, language: str | None = None
) -> FeedbackSubmission:
    """ARTF's status and note on a message; the note is recorded as written in ``language`` (the page's)."""
    if note.strip() != submission.triage_note:
        submission.triage_note_language = recorded(note, language)
    submission.status, submission.triage_note = status, note.strip()
    submission.full_clean()
    submission.save(update_fields=["status", "triage_note", "triage_note_language"])
    return submission


@transaction.atomic
def summary_save(*, summary: FeedbackSummary | None = None, **fields) -> FeedbackSummary:
    summary = summary or FeedbackSummary()
    for name, value in fields.items():
        setattr(summary, name, value)
    if summary.is_published and summary.published_on is None:
        summary.published_on = timezone.localdate()
    summary.full_clean()
    summary.save()
    return summary
