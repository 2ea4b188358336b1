"""The ministerial tracker: its content in both languages, jobs, failures, retries, the schedule, downloads."""

import datetime
import hashlib
import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone
from pypdf import PdfReader

from demo.plans import demo_load
from periods.models import ReportingPeriod
from reporting.models import QuarterlyReport
from sectors.models import Sector
from tests.factories import artf_user
from tests.forms import form_fields
from tests.translating import translate_everything
from tracker import services as tracker_services
from tracker.models import TrackerJob
from tracker.rendering import BASE_URL, FetchRefused, static_file

Q2 = "2025-26-q2"


@pytest.fixture
def demo_as_loaded(db, settings, tmp_path):
    """The demo as it loads: some texts in English only (the French tracker is refused)."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    demo_load()
    return ReportingPeriod.objects.get(slug=Q2)


@pytest.fixture
def demo(demo_as_loaded):
    """The demo once ARTF has worked through the translation queue."""
    translate_everything(demo_as_loaded)
    return demo_as_loaded


def pdf_text(path) -> str:
    reader = PdfReader(str(path))
    return "\n".join(page.extract_text() for page in reader.pages)


def produce(period, language, by=None, captured=None):
    with captured(execute=True):
        job = tracker_services.tracker_request(period=period, language=language, by=by)
    job.refresh_from_db()
    return job


@pytest.mark.parametrize("language", ["en", "fr"])
def test_demo_tracker_names_every_sector_and_the_curated_actions(demo, language, django_capture_on_commit_callbacks):
    css = Sector.objects.get(code="CSS")
    tracker_services.curation_save(
        period=demo,
        by=None,
        summary_en="Seven sectors reported on time.",
        summary_fr="Sept secteurs ont fait rapport à temps.",
        actions={css.pk: ("Trust circles in every region\nBlack History Month 2026", "Cercles de confiance partout")},
    )
    job = produce(demo, language, captured=django_capture_on_commit_callbacks)
    assert job.status == "done", job.error
    path = Path(job.file.path)
    data = path.read_bytes()
    assert job.sha256 == hashlib.sha256(data).hexdigest() and job.size == len(data)
    reader = PdfReader(io.BytesIO(data))
    assert job.page_count == len(reader.pages) >= 5
    text = pdf_text(path)
    for sector in Sector.objects.all():
        name = sector.name_fr if language == "fr" else sector.name_en
        assert name.split(" ")[0] in text and f"({sector.code})" in text
    # The equity sections (issue 6), with suppression: the demo hides its small sectors' counts.
    if language == "en":
        for words in (
            "Progress on representation at all levels",
            "Maturity by sector",
            "Fear of reprisal",
            "Review recommendations: where each stands",
            "Stakeholder engagement this quarter",
        ):
            assert words in text, words
    else:
        for words in (
            "Progrès de la représentation à tous les niveaux",
            "Maturité par secteur",
            "Crainte de représailles",
        ):
            assert words in text, words
    if language == "en":
        assert "Trust circles in every region" in text and "Black History Month 2026" in text
        assert "Seven sectors reported on time." in text and "Page 3 of" in text
    else:
        assert "Cercles de confiance partout" in text and "Sept secteurs ont fait rapport à temps." in text
        assert "Page 3 de" in text and "Sommaire" in text
    # Tagged PDF (PDF/UA-1) with its title, language and bookmarks from the headings.
    root = reader.trailer["/Root"]
    assert root["/Lang"] == language and "/StructTreeRoot" in root
    assert demo.label_in(language) in reader.metadata.title  # "2025-26 Q2", in French "T2 2025-2026"
    assert len(reader.outline) >= 1
    assert job.filename == f"ministerial-tracker-2025-26-q2-{language}-v1.pdf"


def test_uncurated_tracker_uses_each_approved_reports_top_actions(demo_as_loaded, django_capture_on_commit_callbacks):
    demo = demo_as_loaded  # no wording of ARTF's; the reports are written in English, so the English tracker goes
    job = produce(demo, "en", captured=django_capture_on_commit_callbacks)
    report = QuarterlyReport.objects.filter(period=demo, status="approved").select_related("sector").first()
    first_action = report.top_actions.splitlines()[0]
    assert first_action[:30] in pdf_text(job.file.path).replace("\n", " ")


def test_the_fetcher_serves_our_static_files_and_nothing_else(settings):
    data, mime = static_file(BASE_URL + "static/css/tracker.css")
    assert mime == "text/css" and b"@page" in data
    for url in (
        "file:///etc/passwd",
        "https://example.com/logo.png",
        BASE_URL + "static/../config/settings/base.py",
        BASE_URL + "media/trackers/x.pdf",
        "http://tracker.invalid/static/css/tracker.css",
    ):
        with pytest.raises(FetchRefused):
            static_file(url)


def test_a_failed_render_says_why_and_can_be_retried(demo, settings, tmp_path, django_capture_on_commit_callbacks):
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("a file where the media folder should be")
    settings.MEDIA_ROOT = str(blocker)
    artf = artf_user()
    job = produce(demo, "en", by=artf, captured=django_capture_on_commit_callbacks)
    assert job.status == "failed" and not job.file
    assert "The PDF file could not be written" in job.error and "retry" in job.error
    settings.MEDIA_ROOT = str(tmp_path / "media-ok")
    with django_capture_on_commit_callbacks(execute=True):
        tracker_services.tracker_retry(job=job, by=artf)
    job.refresh_from_db()
    assert job.status == "done" and job.attempts == 2 and job.page_count > 1


def test_a_second_delivery_of_a_finished_job_does_nothing(demo, django_capture_on_commit_callbacks):
    job = produce(demo, "fr", captured=django_capture_on_commit_callbacks)
    before = (job.sha256, job.attempts, job.finished_at, Path(job.file.path).stat().st_mtime_ns)
    assert tracker_services.tracker_render(job_id=job.pk) is None
    job.refresh_from_db()
    assert (job.sha256, job.attempts, job.finished_at, Path(job.file.path).stat().st_mtime_ns) == before
    assert tracker_services.tracker_render(job_id=999_999) is None  # a job that no longer exists


def test_a_second_delivery_while_a_worker_renders_the_job_waits_instead_of_rendering_it_twice(demo, settings):
    """The outbox may publish a job twice: the copy must not render beside the first render."""
    job = TrackerJob.objects.create(period=demo, language="en", status="running", started_at=timezone.now(), attempts=1)
    with pytest.raises(tracker_services.TrackerRunning) as running:
        tracker_services.tracker_render(job_id=job.pk)
    assert 0 < running.value.wait <= settings.TRACKER_SOFT_TIME_LIMIT + 60
    job.refresh_from_db()
    assert (job.status, job.attempts, job.file.name) == ("running", 1, "")
    # Past the hard time limit its worker is gone: a delivery then takes it over and renders it.
    TrackerJob.objects.filter(pk=job.pk).update(started_at=timezone.now() - datetime.timedelta(hours=1))
    tracker_services.tracker_render(job_id=job.pk)
    job.refresh_from_db()
    assert (job.status, job.attempts) == ("done", 2) and job.file


def test_versions_are_kept_and_a_running_job_is_not_doubled(demo, django_capture_on_commit_callbacks):
    first = produce(demo, "en", captured=django_capture_on_commit_callbacks)
    second = produce(demo, "en", captured=django_capture_on_commit_callbacks)
    assert (first.version, second.version) == (1, 2)
    assert Path(first.file.path).exists() and Path(second.file.path).exists()
    queued = tracker_services.tracker_request(period=demo, language="fr")  # not run: no commit here
    assert queued.status == "queued"
    with pytest.raises(tracker_services.TrackerBusy):
        tracker_services.tracker_request(period=demo, language="fr")


def test_the_schedule_produces_each_language_once(demo, settings):
    period = demo
    today = period.due_date + datetime.timedelta(days=1)

    def of_period(jobs):
        return sorted((j.period.slug, j.language) for j in jobs if j.period == period)

    # Not every sector has an approved report, and the wait after the due date is not over.
    assert of_period(tracker_services.trackers_schedule(today=today)) == []
    for sector in Sector.objects.all():
        QuarterlyReport.objects.update_or_create(sector=sector, period=period, defaults={"status": "approved"})
    assert of_period(tracker_services.trackers_schedule(today=today)) == [(Q2, "en"), (Q2, "fr")]
    assert of_period(tracker_services.trackers_schedule(today=today)) == []
    # Anyone may still ask for another version.
    TrackerJob.objects.filter(period=period).update(status="done", file="trackers/x.pdf")
    assert tracker_services.tracker_request(period=period, language="en").version == 2


def test_the_schedule_produces_after_the_wait_even_without_every_approval(demo, settings):
    settings.TRACKER_AUTO_AFTER_DAYS = 10
    period = ReportingPeriod.objects.get(slug="2025-26-q1")
    translate_everything(period)

    def of_period(jobs):
        return sorted((j.period.slug, j.language) for j in jobs if j.period == period)

    assert of_period(tracker_services.trackers_schedule(today=period.due_date + datetime.timedelta(days=5))) == []
    jobs = tracker_services.trackers_schedule(today=period.due_date + datetime.timedelta(days=11))
    assert of_period(jobs) == [("2025-26-q1", "en"), ("2025-26-q1", "fr")]
    # Quarters due long ago are history: the schedule does not fill them in.
    TrackerJob.objects.all().delete()
    assert of_period(tracker_services.trackers_schedule(today=period.due_date + datetime.timedelta(days=400))) == []


def test_stalled_jobs_are_marked_failed_with_a_reason(demo):
    job = TrackerJob.objects.create(period=demo, language="en", status="running")
    TrackerJob.objects.filter(pk=job.pk).update(started_at=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC))
    assert tracker_services.tracker_mark_stalled(older_than=datetime.timedelta(hours=1)) == 1
    job.refresh_from_db()
    assert job.status == "failed" and "stopped before it finished" in job.error


@pytest.mark.django_db(transaction=True)
def test_the_command_produces_and_prints_the_path(demo, capsys):
    call_command("tracker", Q2, language="fr")
    path = capsys.readouterr().out.strip()
    assert path.endswith("ministerial-tracker-2025-26-q2-fr-v1.pdf") and Path(path).read_bytes()[:5] == b"%PDF-"


def test_executives_download_and_the_page_lists_versions(client, demo, django_capture_on_commit_callbacks):
    from tests.factories import executive_user

    job = produce(demo, "en", captured=django_capture_on_commit_callbacks)
    client.force_login(executive_user())
    page = client.get("/en/tracker/").content.decode()
    assert "Download 2025-26 Q2 (English, v1)" in page and "Produce a tracker" not in page
    response = client.get(f"/en/tracker/jobs/{job.pk}/download/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert 'filename="ministerial-tracker-2025-26-q2-en-v1.pdf"' in response["Content-Disposition"]
    assert b"".join(response.streaming_content)[:5] == b"%PDF-"
    queued = TrackerJob.objects.create(period=demo, language="fr", version=9)
    assert client.get(f"/en/tracker/jobs/{queued.pk}/download/").status_code == 404  # not ready: nothing to get


def test_artf_curates_and_produces_from_the_page(client, demo, django_capture_on_commit_callbacks):
    client.force_login(artf_user())
    css = Sector.objects.get(code="CSS")
    page = client.get(f"/en/tracker/{Q2}/curate/").content.decode()
    assert "CSS top actions (English)" in page
    client.post(
        f"/en/tracker/{Q2}/curate/",
        {
            **form_fields(page, method="post", action=""),
            "summary_en": "Summary",
            "summary_fr": "Sommaire",
            f"actions_en-{css.pk}": "One\nTwo",
            f"actions_fr-{css.pk}": "Un",
        },
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/en/tracker/produce/", {"period": Q2, "language": ["en", "fr"]}, follow=True)
    assert "The English tracker for 2025-26 Q2 is queued (version 1)." in response.content.decode()
    assert sorted(TrackerJob.objects.values_list("language", "status")) == [("en", "done"), ("fr", "done")]
    polled = client.get("/en/tracker/", HTTP_HX_REQUEST="true").content.decode()
    assert polled.lstrip().startswith('<div id="jobs"') and "hx-trigger" not in polled  # nothing running: no polling


def test_admin_lists_tracker_jobs_read_only(client, demo, admin_user):
    job = TrackerJob.objects.create(period=demo, language="en", status="failed", error="Disk full")
    client.force_login(admin_user)
    assert "2025-26 Q2" in client.get("/en/admin/tracker/trackerjob/").content.decode()
    assert client.post(f"/en/admin/tracker/trackerjob/{job.pk}/change/", {"status": "done"}).status_code == 403
    job.refresh_from_db()
    assert job.status == "failed"
