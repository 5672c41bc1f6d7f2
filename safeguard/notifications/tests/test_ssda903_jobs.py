"""The SSDA903 upload as a background job (core.jobs, docs/adr/0040): progress, a kept report, and no
notification twice however often a row is read - a worker restart mid-job, or the same return again."""

import time
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from safeguard.core import jobs
from safeguard.core.models import ImportJob, ImportRowKey
from safeguard.notifications.models import Notification
from safeguard.notifications.services import bulk
from safeguard.reference.tests.samples import ssda903_sample

TAKEN_FROM_SAMPLE = 41  # placements of the shared sample in LU1-4, WD10, WZ2 and WA7


@pytest.fixture
def sample_area(host):
    host.postcode_districts = "LU1 LU2 LU3 LU4 WD10 WZ2 WA7"
    host.save()
    return host


def sample_files():
    """The shared sample's CSV tables by name, as the service takes them."""
    return {
        name: SimpleUploadedFile(name, ssda903_sample(name).read_bytes(), content_type="text/csv")
        for name in ("header.csv", "episodes.csv")
    }


def sample_form():
    """The same, as the upload form's fields."""
    files = sample_files()
    return {"header_file": files["header.csv"], "episodes_file": files["episodes.csv"]}


def _wait_until_finished(job: ImportJob, seconds: float = 120) -> ImportJob:
    deadline = time.monotonic() + seconds
    job.refresh_from_db()
    while not job.finished and time.monotonic() < deadline:
        time.sleep(0.2)
        job.refresh_from_db()
    return job


@pytest.mark.django_db(transaction=True)
def test_a_job_cut_off_mid_way_is_finished_by_a_real_worker_with_no_notification_twice(
    placing_social_worker, sample_area, monkeypatch
):
    from celery.contrib.testing.worker import start_worker

    import safeguard.core.tasks  # noqa: F401  the worker must know the import task
    from config.celery import app

    monkeypatch.setattr(jobs, "BATCH_SIZE", 10)
    monkeypatch.setattr(jobs, "_after_commit", lambda queue: None)  # queued by hand below
    job = bulk.ssda903_import_start(
        actor=placing_social_worker, placing_authority=placing_social_worker.organisation, files=sample_files()
    )

    # The first attempt dies part-way through a batch (as a worker killed mid-job would).
    real_receive = bulk.notification_receive
    calls = []

    def dies_on_the_fifteenth(**kwargs):
        calls.append(1)
        if len(calls) == 15:
            raise RuntimeError("worker lost")
        return real_receive(**kwargs)

    monkeypatch.setattr(bulk, "notification_receive", dies_on_the_fifteenth)
    with pytest.raises(RuntimeError):
        jobs.import_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.RUNNING
    assert 0 < job.taken < TAKEN_FROM_SAMPLE
    # Only whole batches were kept: the notifications are exactly the ones the job has counted.
    assert Notification.objects.count() == job.taken == ImportRowKey.objects.count()
    committed_rows = job.rows_read

    # A real worker picks it up (the sweep queues a job whose heartbeat stopped) and finishes it.
    monkeypatch.setattr(bulk, "notification_receive", real_receive)
    app.control.purge()
    assert jobs.import_jobs_resume(now=timezone.now() + jobs.STALLED_AFTER) == 1
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        job = _wait_until_finished(job)

    assert job.status == ImportJob.Status.DONE, job.problem
    assert job.attempts == 2 and job.rows_read > committed_rows
    assert job.taken == TAKEN_FROM_SAMPLE == Notification.objects.count()
    assert ImportRowKey.objects.count() == TAKEN_FROM_SAMPLE
    assert job.report["taken_count"] == TAKEN_FROM_SAMPLE and job.percent == 100

    # Retried from the start (its counters lost): every row is recognised, none notified again.
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.QUEUED, rows_read=0, report={})
    assert jobs.import_job_run(job_id=job.pk) == "done"
    job.refresh_from_db()
    assert job.already == TAKEN_FROM_SAMPLE and job.taken == 0
    assert Notification.objects.count() == TAKEN_FROM_SAMPLE


@pytest.mark.django_db
@pytest.mark.usefixtures("import_jobs_in_process")
def test_the_same_return_uploaded_twice_gives_one_notification_per_row(
    client, sign_in, placing_social_worker, sample_area
):
    sign_in(placing_social_worker)
    first = client.post("/notify/ssda903/", sample_form())
    assert first.status_code == 302
    second = client.post("/notify/ssda903/", sample_form(), follow=True)
    text = second.content.decode()
    assert Notification.objects.count() == TAKEN_FROM_SAMPLE
    assert "41 placements had been taken from an earlier upload and were not notified again" in text
    assert "0 placements taken" in text
    # Both reports are kept, each on its own page.
    assert client.get(first["Location"]).status_code == 200
    assert ImportJob.objects.filter(kind="ssda903", status=ImportJob.Status.DONE).count() == 2


@pytest.mark.django_db
def test_the_job_page_shows_progress_and_refreshes_itself_until_the_job_is_finished(
    client, sign_in, placing_social_worker, other_authority_user, sqa_officer, sample_area, monkeypatch
):
    monkeypatch.setattr(jobs, "_after_commit", lambda queue: None)  # no worker: the job waits
    job = bulk.ssda903_import_start(
        actor=placing_social_worker, placing_authority=placing_social_worker.organisation, files=sample_files()
    )
    sign_in(placing_social_worker)
    url = f"/notify/ssda903/jobs/{job.pk}/"
    text = client.get(url).content.decode()
    assert response_refreshes(text) and "Waiting to start" in text

    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJob.Status.RUNNING, rows_total=5050, rows_read=2525, taken=20, skipped=2500, errors=5
    )
    text = client.get(url).content.decode()
    assert response_refreshes(text) and "50% read" in text and "2525" in text and "of about 5050" in text

    jobs.import_job_run(job_id=job.pk)  # a stale-looking running job is taken over and finished
    text = client.get(url).content.decode()
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE
    assert not response_refreshes(text) and "Return read" in text and "Finished" in text

    # Another council's worker does not see it; the host's SQA officer does not either (not on behalf).
    for person in (other_authority_user, sqa_officer):
        sign_in(person)
        assert client.get(url).status_code == 404


def response_refreshes(text: str) -> bool:
    return '<meta http-equiv="refresh"' in text


@pytest.mark.django_db
@pytest.mark.usefixtures("import_jobs_in_process")
def test_a_bad_file_fails_the_job_with_the_reason_kept(client, sign_in, placing_social_worker, sample_area):
    sign_in(placing_social_worker)
    files = {
        "header_file": SimpleUploadedFile("header.csv", b"CHILD,SEX,DOB\n1,1,01/01/2010\n"),
        "episodes_file": SimpleUploadedFile("episodes.csv", b"CHILD,DECOM,LS\n1,01/01/2020,C2\n"),
    }
    response = client.post("/notify/ssda903/", files, follow=True)
    text = response.content.decode()
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.FAILED and job.finished_at is not None
    assert "episodes.csv has no PLACE, DEC, REC or PL_POST columns" in job.problem
    assert "Could not be read" in text and job.problem in text and "Upload the return again" in text
    assert not Notification.objects.exists()


@pytest.mark.django_db
def test_the_sweep_queues_lost_and_never_started_jobs_only(placing_social_worker, sample_area, monkeypatch):
    monkeypatch.setattr(jobs, "_after_commit", lambda queue: None)
    queued = []
    monkeypatch.setattr(jobs, "import_job_queue", queued.append)
    start = bulk.ssda903_import_start
    lost, fresh, waiting, done = (
        start(actor=placing_social_worker, placing_authority=placing_social_worker.organisation, files=sample_files())
        for _ in range(4)
    )
    now = timezone.now()
    ImportJob.objects.filter(pk=lost.pk).update(status="running", heartbeat_at=now - timedelta(minutes=10))
    ImportJob.objects.filter(pk=fresh.pk).update(status="running", heartbeat_at=now)
    ImportJob.objects.filter(pk=waiting.pk).update(created_at=now - timedelta(minutes=10))
    ImportJob.objects.filter(pk__in=[fresh.pk, done.pk]).update(created_at=now - timedelta(minutes=10))
    ImportJob.objects.filter(pk=done.pk).update(status="done")
    with transaction.atomic():
        assert jobs.import_jobs_resume(now=now) == 2
    assert sorted(queued) == sorted([lost.pk, waiting.pk])
    # A running job whose worker is alive is not taken over.
    assert jobs.import_job_run(job_id=fresh.pk) == "not run"
