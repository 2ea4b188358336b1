"""The tracker as production makes it: manifest static files after collectstatic, DEBUG off, the job a worker runs."""

import os
import subprocess
import sys
from pathlib import Path

from pypdf import PdfReader

ROOT = Path(__file__).resolve().parents[2]

# What a worker does: take a queued job and render it (the Celery task calls exactly this service).
WORKER = """
import sys, django
django.setup()
from demo.plans import demo_load
from tracker import services as tracker_services
from tracker.models import TrackerJob
from periods.models import ReportingPeriod
from django.conf import settings
assert not settings.DEBUG and "Manifest" in settings.STORAGES["staticfiles"]["BACKEND"]
demo_load()
period = ReportingPeriod.objects.get(slug="2025-26-q2")
for language in ("en", "fr"):
    job = TrackerJob.objects.create(period=period, language=language, version=1)
    tracker_services.tracker_render(job_id=job.pk)
    job.refresh_from_db()
    print(language, job.status, job.file.path if job.file else "-", "|", job.error.replace(chr(10), " "))
"""


def fonts(path: str) -> set[str]:
    names = set()
    for page in PdfReader(path).pages[:3]:
        for font in (page.get("/Resources") or {}).get("/Font", {}).values():
            names.add(str(font.get_object().get("/BaseFont")).split("+")[-1])
    return names


def run_worker(tmp_path, *, remove_collected_css=False):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": "production-like-test-" + "k" * 40,
        "DJANGO_ALLOWED_HOSTS": "tracker.example.gc.ca",
        "SITE_URL": "https://tracker.example.gc.ca",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "REDIS_URL": "redis://:test-only@127.0.0.1:6379/15",
        "DJANGO_STATIC_ROOT": str(tmp_path / "static"),
        "DJANGO_MEDIA_ROOT": str(tmp_path / "media"),
    }
    manage = [sys.executable, str(ROOT / "manage.py")]
    for command in (["collectstatic", "--noinput", "-v0"], ["migrate", "--noinput", "-v0"]):
        subprocess.run(manage + command, env=env, cwd=ROOT, check=True, capture_output=True)
    if remove_collected_css:
        for css in (tmp_path / "static" / "css").glob("tracker.*"):
            css.unlink()
    out = subprocess.run([sys.executable, "-c", WORKER], env=env, cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr[-3000:]
    return {line.split()[0]: line.split(" ", 3)[1:] for line in out.stdout.splitlines() if line[:3] in ("en ", "fr ")}


def test_the_production_tracker_is_laid_out_with_its_stylesheet(tmp_path):
    jobs = run_worker(tmp_path)
    for language in ("en", "fr"):
        status, path, _error = jobs[language]
        assert status == "done", jobs
        used = fonts(path)
        # tracker.css sets a sans-serif face; without it WeasyPrint falls back to the serif default.
        assert used and not any("Serif" in name for name in used), used
        first = PdfReader(path).pages[1].extract_text()
        assert ("Page 2 of" if language == "en" else "Page 2 de") in first


def test_a_tracker_whose_stylesheet_cannot_be_loaded_fails_and_says_why(tmp_path):
    jobs = run_worker(tmp_path, remove_collected_css=True)
    for language in ("en", "fr"):
        status, path, error = jobs[language]
        assert status == "failed" and path == "-", jobs
        assert "stylesheet" in error or "feuille de style" in error, error
        assert "collectstatic" in error
