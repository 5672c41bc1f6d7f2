"""Bulk intake of a placing council's SSDA903 return (CSV tables or the DfE XML).

Placements whose postcode lies in a host council's area become notifications, through the same
`notification_receive` as every other way in. SSDA903 has no names, so they arrive incomplete and
the placing council is asked for the rest.

The upload page runs it as a background job (`ssda903_import_start`, `core.jobs`, docs/adr/0040):
taken rows are registered in batches, each batch in one transaction with the job's counters, and
each row carries an idempotency key (what it says, from which council), so a job resumed after a
worker restart, or the same return uploaded again, gives one notification per row.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.db import transaction

from safeguard.accounts.models import HostCouncil, Organisation, User
from safeguard.core import jobs
from safeguard.core.audit import SystemActor, Target, audit_event_record
from safeguard.core.models import ImportJob
from safeguard.reference.selectors import council_by_dfe_code

from .. import ssda903
from ..models import Notification
from .intake import notification_receive

MAX_LISTED = 200  # rows listed one by one in the report; the rest are counted
KIND = "ssda903"


@dataclass
class ImportReport:
    rows: int = 0
    taken: list[dict] = field(default_factory=list)
    taken_count: int = 0
    skipped: Counter = field(default_factory=Counter)
    row_errors: list[dict] = field(default_factory=list)
    row_error_count: int = 0
    statuses: Counter = field(default_factory=Counter)
    # Rows an earlier import already took (the same row again makes no second notification).
    already_count: int = 0

    def as_json(self) -> dict:
        return {
            "rows": self.rows,
            "taken": self.taken,
            "taken_count": self.taken_count,
            "skipped": dict(self.skipped),
            "row_errors": self.row_errors,
            "row_error_count": self.row_error_count,
            "statuses": dict(self.statuses),
            "already_count": self.already_count,
        }

    @classmethod
    def from_json(cls, data: dict) -> "ImportReport":
        return cls(
            rows=data.get("rows", 0),
            taken=list(data.get("taken", [])),
            taken_count=data.get("taken_count", 0),
            skipped=Counter(data.get("skipped", {})),
            row_errors=list(data.get("row_errors", [])),
            row_error_count=data.get("row_error_count", 0),
            statuses=Counter(data.get("statuses", {})),
            already_count=data.get("already_count", 0),
        )


def _skip_reason(text: str) -> str:
    """Group reasons: 'placement postcode EG19 7TT is outside the host area' → '… outside the host area'."""
    if "outside" in text:
        return "Placement postcode outside every host council's area"
    return text[:1].upper() + text[1:]


def _districts(host_council: HostCouncil | None) -> list[str]:
    hosts = HostCouncil.objects.exclude(postcode_districts="")
    if host_council is not None:
        hosts = hosts.filter(pk=host_council.pk)
    districts = sorted({d for h in hosts for d in h.postcode_districts.split()})
    if not districts:
        raise ValueError("No host council has its postcode districts configured")
    return districts


def _row_key(placing_authority: Organisation, payload: dict) -> str:
    # What the row says and who sent it, not where in which file: the same episode uploaded again
    # (a resumed job, a return sent twice) is the same notice.
    return jobs.row_key(KIND, placing_authority.dfe_code, payload)


def _take_batch(batch, *, actor, placing_authority, report: ImportReport, job: ImportJob | None) -> None:
    """One batch of items, in the caller's transaction: the taken rows become notifications."""
    keys = {id(item): _row_key(placing_authority, item.payload) for item in batch if item.payload is not None}
    earlier = jobs.row_keys_taken(keys.values())
    new_keys: dict[str, str] = {}
    for item in batch:
        report.rows += 1
        if item.errors:
            report.row_error_count += 1
            if len(report.row_errors) < MAX_LISTED:
                report.row_errors.append(
                    {"source": item.source, "line": item.line, "messages": [message for _field, message in item.errors]}
                )
            continue
        if item.payload is None:
            report.skipped[_skip_reason(item.skipped or "not a placement")] += 1
            continue
        key = keys[id(item)]
        if key in earlier or key in new_keys:
            report.already_count += 1
            continue
        notification, _routed = notification_receive(
            actor=actor,
            channel=Notification.Channel.SSDA903,
            payload=item.payload,
            placing_authority=placing_authority,
            sender_email=getattr(actor, "email", ""),
            store_invalid=True,
        )
        new_keys[key] = notification.reference
        report.taken_count += 1
        report.statuses[notification.get_status_display()] += 1
        if len(report.taken) < MAX_LISTED:
            report.taken.append(
                {
                    "source": item.source,
                    "reference": notification.reference,
                    "pk": notification.pk,
                    "status": notification.get_status_display(),
                    "child_id": item.payload.get("child", {}).get("local_id", ""),
                }
            )
    jobs.row_keys_record(new_keys, job=job)


def _read(items, *, actor, placing_authority, report: ImportReport, run=None) -> None:
    for batch in jobs.batched(items, jobs.BATCH_SIZE):
        with transaction.atomic():
            _take_batch(
                batch, actor=actor, placing_authority=placing_authority, report=report, job=run.job if run else None
            )
            if run is not None:
                run.commit(
                    rows_read=report.rows,
                    taken=report.taken_count,
                    skipped=sum(report.skipped.values()),
                    errors=report.row_error_count,
                    already=report.already_count,
                    report=report.as_json(),
                )


def _audit(*, actor, placing_authority, host_council, report: ImportReport) -> None:
    audit_event_record(
        actor=actor,
        action="notification.ssda903_import",
        target=Target("notifications.ssda903", ""),
        host_council=host_council,
        changes={
            "rows": [None, report.rows],
            "taken": [None, report.taken_count],
            "skipped": [None, sum(report.skipped.values())],
            "errors": [None, report.row_error_count],
            "already": [None, report.already_count],
            "placing_authority": [None, placing_authority.dfe_code],
        },
    )


def ssda903_import(
    *, actor, placing_authority: Organisation, files: dict, host_council: HostCouncil | None = None
) -> ImportReport:
    """Read the return, taking the placements in host areas. Raises ValueError for unreadable files.

    With `host_council`, a host's SQA officer uploads the return on the placing council's behalf (as they
    transcribe an e-mail): only the placements in that host's area are taken. Runs here and now (the
    benchmark, a command); the upload page runs it in the background (`ssda903_import_start`)."""
    districts = _districts(host_council)
    report = ImportReport()
    items = ssda903.detect_and_read(files, districts=districts, placing_authority=placing_authority.dfe_code)
    _read(items, actor=actor, placing_authority=placing_authority, report=report)
    _audit(actor=actor, placing_authority=placing_authority, host_council=host_council, report=report)
    return report


def ssda903_import_start(
    *, actor, placing_authority: Organisation, files: dict, host_council: HostCouncil | None = None
) -> ImportJob:
    """Store the return and read it in the background; the job's page shows progress, then the report."""
    return jobs.import_job_create(
        actor=actor,
        kind=KIND,
        files=files,
        params={"placing_authority": placing_authority.dfe_code, "host_council": getattr(host_council, "pk", None)},
        host_council=host_council,
        audit_action="notification.ssda903_upload",
    )


def _episode_count(files: dict) -> int | None:
    """About how many rows the return has, for the percentage: lines of episodes.csv, or EPISODE elements."""
    names = list(files)
    xml = [n for n in names if n.lower().endswith(".xml")]
    if xml:
        f = files[xml[0]]
        count, tail = 0, b""
        while chunk := f.read(1024 * 1024):
            window = tail + chunk
            count += window.count(b"<EPISODE>") + window.count(b"<EPISODE ") - tail.count(b"<EPISODE")
            tail = chunk[-9:]
        f.seek(0)
        return count or None
    episodes = [n for n in names if "episode" in n.lower() and "sw_episode" not in n.lower()]
    if not episodes:
        return None
    f = files[episodes[0]]
    count = sum(1 for line in f if line.strip()) - 1
    f.seek(0)
    return max(count, 0) or None


def ssda903_job_run(job: ImportJob, run: jobs.JobRun) -> None:
    """The worker's side of `ssda903_import_start`: resumes after the rows an earlier attempt committed."""
    actor = (
        User.objects.get(pk=job.actor_id) if job.actor_id else SystemActor(job.actor_label or "Safeguard (an import)")
    )
    placing_authority = council_by_dfe_code(job.params["placing_authority"])
    host_pk = job.params.get("host_council")
    host_council = HostCouncil.objects.get(pk=host_pk) if host_pk else None
    files = run.files()
    run.set_total(_episode_count(files))
    report = ImportReport.from_json(job.report) if run.resume_from else ImportReport()
    try:
        districts = _districts(host_council)
        items = ssda903.detect_and_read(files, districts=districts, placing_authority=placing_authority.dfe_code)
        # Rows committed by an earlier attempt are read past (reading is cheap; registering is not).
        for _ in range(run.resume_from):
            next(items, None)
        _read(items, actor=actor, placing_authority=placing_authority, report=report, run=run)
    except ValueError as problem:
        raise jobs.ImportProblem(str(problem)) from problem
    with transaction.atomic():
        run.commit(
            rows_read=report.rows,
            taken=report.taken_count,
            skipped=sum(report.skipped.values()),
            errors=report.row_error_count,
            already=report.already_count,
            report=report.as_json(),
        )
        _audit(actor=actor, placing_authority=placing_authority, host_council=host_council, report=report)
