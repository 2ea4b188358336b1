"""The tracker through an S3-compatible object store (issue 16): set by the environment alone, the
worker stores the PDF in the bucket, and the site streams it from there to those who may read it."""

import hashlib
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.urls import reverse

from config.storage import default_storage_from
from demo.plans import demo_load
from periods.models import ReportingPeriod
from tests.conftest import need_service
from tests.factories import MembershipFactory, UserFactory, artf_user
from tests.tracker.test_tracker_worker import wait_for, worker_process
from tracker import services as tracker_services
from tracker.models import TrackerJob

BUCKET = "artracker-files"
REGION = "ca-central-1"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def object_store():
    """A real S3-compatible server (moto's) in its own process on 127.0.0.1; yields the environment
    a deployment sets to use it (the bucket is not made: each test makes it, or not)."""
    server = shutil.which("moto_server", path=str(Path(sys.executable).parent)) or shutil.which("moto_server")
    if not server:
        need_service("moto_server is not installed (pip install 'moto[server]')")
    port = free_port()
    process = subprocess.Popen(
        [server, "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    environment = {
        "DJANGO_STORAGE": "s3",
        "DJANGO_STORAGE_BUCKET": BUCKET,
        "DJANGO_STORAGE_ENDPOINT_URL": f"http://127.0.0.1:{port}",
        "DJANGO_STORAGE_ACCESS_KEY_ID": "test-only-key",
        "DJANGO_STORAGE_SECRET_ACCESS_KEY": "test-only-secret",
        "DJANGO_STORAGE_REGION": REGION,
    }
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    need_service(f"moto_server did not start on port {port}")
                time.sleep(0.2)
        yield environment
    finally:
        process.terminate()
        process.wait(timeout=10)


def bucket_client(environment):
    import boto3

    return boto3.client(
        "s3",
        endpoint_url=environment["DJANGO_STORAGE_ENDPOINT_URL"],
        aws_access_key_id=environment["DJANGO_STORAGE_ACCESS_KEY_ID"],
        aws_secret_access_key=environment["DJANGO_STORAGE_SECRET_ACCESS_KEY"],
        region_name=REGION,
    )


def make_bucket(environment):
    client = bucket_client(environment)
    client.create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": REGION})
    return client


def in_bucket(client) -> dict[str, bytes]:
    keys = [item["Key"] for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", [])]
    return {key: client.get_object(Bucket=BUCKET, Key=key)["Body"].read() for key in keys}


def use_store(settings, environment, tmp_path):
    """This process (the web side) reads the storage from the same environment a worker is given."""
    settings.STORAGES = {**settings.STORAGES, "default": default_storage_from(environment)}
    settings.MEDIA_ROOT = str(tmp_path / "media")  # nothing may land here


def downloaded(client, job) -> tuple[int, bytes]:
    response = client.get(reverse("tracker:download", kwargs={"pk": job.pk}))
    body = b"".join(response.streaming_content) if response.status_code == 200 else b""
    return response.status_code, body


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_a_worker_stores_the_tracker_in_the_bucket_and_artf_downloads_it_through_the_site(
    object_store, on_redis, settings, tmp_path, client
):
    bucket = make_bucket(object_store)
    use_store(settings, object_store, tmp_path)
    demo_load()
    period = ReportingPeriod.objects.get(slug="2025-26-q2")
    artf = artf_user()
    # The worker is told about the object store by its environment only, as a deployment does.
    worker = worker_process(on_redis, "storage", **object_store)
    try:
        job = tracker_services.tracker_request(period=period, language="en", by=artf)
        wait_for(job, {"done", "failed"}, timeout=180)
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    assert job.status == "done", job.error
    stored = in_bucket(bucket)
    assert list(stored) == [f"trackers/{period.slug}/{job.filename}"] == [job.file.name]
    data = stored[job.file.name]
    assert data.startswith(b"%PDF-") and hashlib.sha256(data).hexdigest() == job.sha256 and len(data) == job.size
    assert not Path(settings.MEDIA_ROOT).exists()  # nothing on this host's disk

    client.force_login(artf)
    status, body = downloaded(client, job)
    assert status == 200 and body == data
    # A sector lead may not read the tracker (tests/test_access.py): the bucket does not change that.
    lead = MembershipFactory(user=UserFactory(username="lead-storage")).user
    client.force_login(lead)
    assert downloaded(client, job) == (403, b"")
    client.logout()
    response = client.get(reverse("tracker:download", kwargs={"pk": job.pk}))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.services
@pytest.mark.django_db
def test_a_store_that_refuses_the_pdf_fails_the_job_with_why_and_a_retry_stores_it(
    object_store, settings, tmp_path, client, django_capture_on_commit_callbacks
):
    use_store(settings, object_store, tmp_path)  # the bucket does not exist yet
    demo_load()
    period = ReportingPeriod.objects.get(slug="2025-26-q2")
    artf = artf_user()
    with django_capture_on_commit_callbacks(execute=True):
        job = tracker_services.tracker_request(period=period, language="en", by=artf)
    job.refresh_from_db()
    assert job.status == "failed" and not job.file
    assert "could not be written to the file storage" in job.error and "NoSuchBucket" in job.error
    assert "bucket and credentials" in job.error

    bucket = make_bucket(object_store)  # the administrator fixes the store; ARTF retries
    with django_capture_on_commit_callbacks(execute=True):
        tracker_services.tracker_retry(job=job, by=artf)
    job.refresh_from_db()
    assert job.status == "done" and job.attempts == 2, job.error
    data = in_bucket(bucket)[job.file.name]
    client.force_login(artf)
    assert downloaded(client, job) == (200, data)

    # A file gone from the store is a clear "not found", not a server error.
    bucket.delete_object(Bucket=BUCKET, Key=job.file.name)
    response = client.get(reverse("tracker:download", kwargs={"pk": job.pk}))
    assert response.status_code == 404
    assert TrackerJob.objects.get(pk=job.pk).status == "done"


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_the_command_copies_the_tracker_out_of_the_object_store(object_store, settings, tmp_path, capsys):
    bucket = make_bucket(object_store)
    use_store(settings, object_store, tmp_path)
    demo_load()
    out = tmp_path / "tracker.pdf"
    call_command("tracker", "2025-26-q2", language="en", out=out)
    assert capsys.readouterr().out.strip() == str(out)
    [(name, data)] = in_bucket(bucket).items()
    assert out.read_bytes() == data and data.startswith(b"%PDF-")
    job = TrackerJob.objects.get()
    assert name == job.file.name and not Path(settings.MEDIA_ROOT).exists()


def test_the_storage_is_chosen_by_the_environment_and_a_wrong_one_fails_loudly():
    assert default_storage_from({}) == {"BACKEND": "config.storage.DurableFileSystemStorage"}
    s3 = default_storage_from({"DJANGO_STORAGE": "s3", "DJANGO_STORAGE_BUCKET": "files"})
    assert s3["BACKEND"] == "storages.backends.s3.S3Storage" and s3["OPTIONS"]["bucket_name"] == "files"
    assert s3["OPTIONS"]["endpoint_url"] is None and s3["OPTIONS"]["access_key"] is None  # AWS, boto3's own keys
    with pytest.raises(ImproperlyConfigured, match="DJANGO_STORAGE_BUCKET"):
        default_storage_from({"DJANGO_STORAGE": "s3"})
    with pytest.raises(ImproperlyConfigured, match="filesystem, s3"):
        default_storage_from({"DJANGO_STORAGE": "ftp"})
