"""``manage.py feedback_shuffle``: what the nightly task does, by hand (after a restore, say)."""

from django.core.management.base import BaseCommand
from django.db import connection

from feedback import services


class Command(BaseCommand):
    help = (
        "Rewrite each closed day's anonymous feedback in random order, in one transaction, then VACUUM the "
        "table, so that nothing in the database orders a day's messages. Celery beat runs it every night."
    )

    def handle(self, *args, **options):
        result = services.feedback_shuffle()
        self.stdout.write(f"{result.rewritten} message(s) rewritten in random order.")
        if result.old_versions_left:
            self.stderr.write(
                "Old row versions, which still give the order of arrival, are left in the table: a transaction "
                "that began before the rewrite is still open (a long query, a pg_dump, a replication slot). "
                "Run this command again once it has ended."
            )
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SHOW track_commit_timestamp")
                if cursor.fetchone()[0] == "on":
                    self.stderr.write(
                        "PostgreSQL's track_commit_timestamp is on: it keeps the time each message was "
                        "committed. Turn it off (docs/adr/0001-anonymous-box-traces.md)."
                    )
