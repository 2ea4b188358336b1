"""Publish the outbox's waiting messages now, as the beat task does every minute."""

import datetime

from django.core.management.base import BaseCommand, CommandError

from core import outbox


class Command(BaseCommand):
    help = (
        "Hand to the task queue every e-mail, notification and job written while the broker was down "
        "(Celery beat does this every minute). Fails if some still cannot be sent."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than",
            type=float,
            default=None,
            help="only messages written more than this many seconds ago (default OUTBOX_SWEEP_AFTER, 10)",
        )

    def handle(self, *args, older_than, **options):
        after = None if older_than is None else datetime.timedelta(seconds=older_than)
        swept = outbox.sweep(older_than=after)
        self.stdout.write(f"{swept.sent} sent, {swept.waiting} waiting.")
        if swept.waiting:
            raise CommandError(
                f"{swept.waiting} message(s) could not be handed to the task queue ({swept.last_error}). "
                "Check that Redis answers (REDIS_URL), then run this again."
            )
