"""Imports as background jobs: a file is stored, a worker reads it, the person watches its progress
(docs/adr/0040-background-import-jobs.md).

Generic on purpose: an app registers a *runner* for its kind of import in its `AppConfig.ready`
(`import_kind_register("ssda903", runner)`); core stores the files, queues the job on Celery (in the
same process on the embedded default, where tasks run eagerly), and keeps its counters and report.

A runner reads `run.files()`, skips the first `run.resume_from` rows (already committed by an earlier
attempt), and commits its rows in batches, calling `run.commit(...)` inside each batch's transaction:
the batch's records, its row keys and the job's counters commit together, so a worker that dies
mid-batch loses the whole batch and the next attempt redoes it. `row_keys_taken`/`row_keys_record`
give each row an idempotency key (a hash of what it says): a row read twice makes one record.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import timedelta
from itertools import islice

from celery import current_app
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from .audit import Target, audit_event_record
from .models import ImportJob, ImportRowKey

logger = logging.getLogger(__name__)

RUN_TASK = "safeguard.core.tasks.import_job_run"
BATCH_SIZE = 200
# A running job whose last batch committed longer ago than this is taken to have lost its worker.
STALLED_AFTER = timedelta(minutes=3)
# A job that fails for an unexpected reason this many times is given up (marked failed).
MAX_ATTEMPTS = 5

Runner = Callable[[ImportJob, "JobRun"], None]
_RUNNERS: dict[str, Runner] = {}


class ImportProblem(ValueError):
    """The file cannot be read as this kind of import (no such column, not a spreadsheet…): the
    message is for the person who sent it."""


def import_kind_register(kind: str, runner: Runner) -> None:
    """Called by an app's `AppConfig.ready`: jobs of `kind` are read by `runner(job, run)`."""
    _RUNNERS[kind] = runner


def row_key(*parts) -> str:
    """An idempotency key for a row: the same parts (kind, sender, what the row says) give the same key."""
    text = json.dumps(parts, sort_keys=True, default=str, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def row_keys_taken(keys: Iterable[str]) -> dict[str, str]:
    """{key: what it became} for the keys an import has already taken (one query per batch)."""
    return dict(ImportRowKey.objects.filter(key__in=list(keys)).values_list("key", "target"))


def row_keys_record(rows: Mapping[str, str], *, job: ImportJob | None = None) -> None:
    """Record the keys of rows just taken ({key: target}), in the batch's transaction. A key taken at
    the same moment by another job makes the batch fail (and be redone), never a second record."""
    ImportRowKey.objects.bulk_create([ImportRowKey(key=k, target=t[:64], job=job) for k, t in rows.items()])


def batched(items: Iterable, size: int = BATCH_SIZE) -> Iterator[list]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def _safe_name(name: str) -> str:
    base = os.path.basename(name or "file")
    return re.sub(r"[^A-Za-z0-9._-]+", "_", base)[:80] or "file"


def import_job_create(
    *,
    actor,
    kind: str,
    files: Mapping[str, object],
    params: dict | None = None,
    host_council=None,
    audit_action: str = "import_job.start",
    queue: bool = True,
) -> ImportJob:
    """Store the files and queue the job (after commit). `files` is {name: uploaded file}. With
    `queue=False` the job waits for `import_job_start` (a mapping to be chosen first)."""
    if kind not in _RUNNERS:
        raise ValueError(f"No import of kind {kind!r} is registered")
    with transaction.atomic():
        job = ImportJob.objects.create(
            kind=kind,
            host_council=host_council,
            actor=actor if getattr(actor, "pk", None) else None,
            actor_label=str(getattr(actor, "email", "") or getattr(actor, "label", "") or actor),
            params=params or {},
        )
        stored = []
        for name, upload in files.items():
            if hasattr(upload, "seek"):
                upload.seek(0)
            path = default_storage.save(f"imports/{job.pk}/{_safe_name(name)}", upload)
            stored.append({"name": os.path.basename(name), "path": path})
        job.files = stored
        job.save(update_fields=["files"])
        audit_event_record(
            actor=actor,
            action=audit_action,
            target=Target("core.importjob", str(job.pk)),
            host_council=host_council,
            changes={"kind": [None, kind], "files": [None, [f["name"] for f in stored]]},
        )
        if queue:
            _after_commit(lambda: import_job_queue(job.pk))
    return job


def import_job_start(job: ImportJob) -> None:
    """Queue a job made with `queue=False`, once the caller's transaction commits."""
    _after_commit(lambda: import_job_queue(job.pk))


def import_job_again(*, actor, job: ImportJob, kind: str, params: dict, audit_action: str) -> ImportJob:
    """A new job reading the same stored files (the register's import after its dry run)."""
    with transaction.atomic():
        again = ImportJob.objects.create(
            kind=kind,
            host_council=job.host_council,
            actor=actor if getattr(actor, "pk", None) else None,
            actor_label=str(getattr(actor, "email", "") or actor),
            params=params,
            files=job.files,
        )
        audit_event_record(
            actor=actor,
            action=audit_action,
            target=Target("core.importjob", str(again.pk)),
            host_council=job.host_council,
            changes={"kind": [None, kind], "after": [None, job.pk]},
        )
        _after_commit(lambda: import_job_queue(again.pk))
    return again


def _after_commit(queue: Callable[[], None]) -> None:
    # Queued once the job's row is committed, or the worker could not see it. (Tests that run jobs in
    # their own transaction replace this with a call made at once: the `import_jobs_in_process` fixture.)
    transaction.on_commit(queue)


def import_job_queue(job_id: int) -> None:
    try:
        # By name from Celery's registry: the task module calls this one, never the other way round.
        current_app.tasks[RUN_TASK].delay(job_id)
    except Exception:  # the broker is down: the sweep queues it again
        logger.warning("Could not queue import job %s; the sweep will start it", job_id, exc_info=True)


class JobRun:
    """What a runner is given: the stored files, where to resume, and `commit` for each batch."""

    def __init__(self, job: ImportJob):
        self.job = job
        self.resume_from = job.rows_read
        self._open: list = []

    def files(self) -> dict[str, object]:
        """{name: binary file} of the stored files, opened afresh."""
        opened = {}
        for f in self.job.files:
            handle = default_storage.open(f["path"], "rb")
            self._open.append(handle)
            opened[f["name"]] = handle
        return opened

    def close(self) -> None:
        for handle in self._open:
            with contextlib.suppress(Exception):  # closing a read-only handle cannot lose anything
                handle.close()
        self._open.clear()

    def set_total(self, rows: int | None) -> None:
        if rows is not None and self.job.rows_total != rows:
            self.job.rows_total = rows
            ImportJob.objects.filter(pk=self.job.pk).update(rows_total=rows)

    def commit(
        self,
        *,
        rows_read: int,
        taken: int,
        skipped: int,
        errors: int,
        already: int = 0,
        report: dict | None = None,
    ) -> None:
        """Save the counters (totals so far) and report in the batch's transaction; moves the heartbeat on."""
        job = self.job
        job.rows_read, job.taken, job.skipped, job.errors, job.already = rows_read, taken, skipped, errors, already
        if report is not None:
            job.report = report
        job.heartbeat_at = timezone.now()
        job.save(update_fields=["rows_read", "taken", "skipped", "errors", "already", "report", "heartbeat_at"])


def _claim(job_id: int) -> ImportJob | None:
    """The job, marked running by this attempt; None when it is finished or another worker is on it."""
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.finished:
            return None
        now = timezone.now()
        if job.status == ImportJob.Status.RUNNING and job.heartbeat_at and now - job.heartbeat_at < STALLED_AFTER:
            return None  # another worker's attempt is alive
        job.status = ImportJob.Status.RUNNING
        job.attempts += 1
        job.started_at = job.started_at or now
        job.heartbeat_at = now
        job.save(update_fields=["status", "attempts", "started_at", "heartbeat_at"])
        return job


def _finish(job: ImportJob, status: str, problem: str = "") -> None:
    job.status = status
    job.problem = problem
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "problem", "finished_at"])


def import_job_run(*, job_id: int) -> str:
    """Run (or resume) one job: called by the worker's task, or in-process on the embedded default."""
    job = _claim(job_id)
    if job is None:
        return "not run"
    runner = _RUNNERS.get(job.kind)
    run = JobRun(job)
    try:
        if runner is None:
            raise ImportProblem(f"No import of kind {job.kind!r} is known")
        runner(job, run)
    except ImportProblem as problem:
        _finish(job, ImportJob.Status.FAILED, str(problem))
        return "failed"
    except Exception:
        job.refresh_from_db()
        if job.attempts >= MAX_ATTEMPTS:
            logger.exception("Import job %s failed %s times; given up", job.pk, job.attempts)
            _finish(job, ImportJob.Status.FAILED, "Something went wrong reading the file. Try again, or ask for help.")
            return "failed"
        # Left running: the next attempt (the task's retry or the sweep) resumes after the last batch.
        ImportJob.objects.filter(pk=job.pk).update(heartbeat_at=None)
        raise
    finally:
        run.close()
    job.refresh_from_db()
    _finish(job, ImportJob.Status.DONE)
    return "done"


def import_jobs_resume(*, now=None) -> int:
    """Queue again the jobs a worker lost (running, no batch for a while) or never got (queued, the
    broker was down). Run by beat; returns how many."""
    now = now or timezone.now()
    stalled = ImportJob.objects.filter(status=ImportJob.Status.RUNNING).exclude(heartbeat_at__gte=now - STALLED_AFTER)
    waiting = ImportJob.objects.filter(status=ImportJob.Status.QUEUED, created_at__lt=now - STALLED_AFTER)
    ids = list(stalled.values_list("pk", flat=True)) + list(waiting.values_list("pk", flat=True))
    for pk in ids:
        import_job_queue(pk)
    return len(ids)


def import_job_get_for(user, pk: int, *, kinds: Iterable[str], host_wide_roles: Iterable[str] = ()) -> ImportJob:
    """The job for its own starter, or for a person of `host_wide_roles` in the job's host council;
    otherwise ImportJob.DoesNotExist (a 404: not yours and no such job look the same)."""
    job = ImportJob.objects.filter(pk=pk, kind__in=list(kinds)).select_related("host_council").first()
    if job is None or not getattr(user, "is_authenticated", False):
        raise ImportJob.DoesNotExist
    if job.actor_id == user.pk:
        return job
    own_host = getattr(user, "host_council", None)
    if user.role in set(host_wide_roles) and job.host_council_id and own_host and job.host_council_id == own_host.pk:
        return job
    raise ImportJob.DoesNotExist
