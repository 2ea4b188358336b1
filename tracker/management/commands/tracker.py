"""Produce a period's ministerial tracker from the command line, as the page does, and wait for it."""

import shutil
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from periods.models import ReportingPeriod
from tracker import services as tracker_services
from tracker.models import TrackerJob


class Command(BaseCommand):
    help = (
        "Queue the tracker of a period (e.g. 2025-26-q3) in a language, wait for it, print the PDF's path "
        "(or its name in the object store; --out copies it to a file here)."
    )

    def add_arguments(self, parser):
        parser.add_argument("period", help="the period's slug, e.g. 2025-26-q3")
        parser.add_argument("--language", choices=["en", "fr"], default="en")
        parser.add_argument("--timeout", type=int, default=1800, help="seconds to wait (default 1800)")
        parser.add_argument("--out", type=Path, help="copy the PDF from the file storage to this file")

    def handle(self, *args, period, language, timeout, out=None, **options):
        found = ReportingPeriod.objects.filter(slug=period).first()
        if found is None:
            raise CommandError(f"No period {period}; periods look like 2025-26-q3.")
        job = tracker_services.tracker_request(period=found, language=language)
        self.stderr.write(f"Queued {job}; waiting for a worker…")
        deadline = time.monotonic() + timeout
        while True:
            job.refresh_from_db()
            if job.status == TrackerJob.Status.DONE:
                self.stdout.write(self._where(job, out))
                return
            if job.status == TrackerJob.Status.FAILED:
                raise CommandError(job.error)
            if time.monotonic() > deadline:
                raise CommandError(f"Still {job.status} after {timeout} s; is a worker running (make worker)?")
            time.sleep(1)

    def _where(self, job: TrackerJob, out: Path | None) -> str:
        """Where to find the PDF: the copy asked for, else its path on this disk, else its name in the store."""
        if out is not None:
            with job.file.storage.open(job.file.name, "rb") as stored, open(out, "wb") as copy:
                shutil.copyfileobj(stored, copy)
            return str(out)
        try:
            return job.file.path
        except NotImplementedError:  # an object store has no path: say where it is, and how to copy it
            return f"{job.file.name} (in the object store; --out FILE copies it here)"
