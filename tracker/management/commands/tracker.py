"""Produce a period's ministerial tracker from the command line, as the page does, and wait for it."""

import time

from django.core.management.base import BaseCommand, CommandError

from periods.models import ReportingPeriod
from tracker import services as tracker_services
from tracker.models import TrackerJob


class Command(BaseCommand):
    help = "Queue the tracker of a period (e.g. 2025-26-q3) in a language, wait for it, print the PDF's path."

    def add_arguments(self, parser):
        parser.add_argument("period", help="the period's slug, e.g. 2025-26-q3")
        parser.add_argument("--language", choices=["en", "fr"], default="en")
        parser.add_argument("--timeout", type=int, default=1800, help="seconds to wait (default 1800)")

    def handle(self, *args, period, language, timeout, **options):
        found = ReportingPeriod.objects.filter(slug=period).first()
        if found is None:
            raise CommandError(f"No period {period}; periods look like 2025-26-q3.")
        job = tracker_services.tracker_request(period=found, language=language)
        self.stderr.write(f"Queued {job}; waiting for a worker…")
        deadline = time.monotonic() + timeout
        while True:
            job.refresh_from_db()
            if job.status == TrackerJob.Status.DONE:
                self.stdout.write(job.file.path)
                return
            if job.status == TrackerJob.Status.FAILED:
                raise CommandError(job.error)
            if time.monotonic() > deadline:
                raise CommandError(f"Still {job.status} after {timeout} s; is a worker running (make worker)?")
            time.sleep(1)
