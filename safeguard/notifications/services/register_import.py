"""Loading a host council's existing register from its spreadsheet (docs/adr/0036).

The SQA manager uploads the file (`register_import_upload`), chooses which column holds which fact
(`register_import_columns_save`: the mapping is kept for the host's next import), sees a dry run, then
imports (`register_import_confirm`). Both runs are background jobs (core.jobs, docs/adr/0040). Each row
becomes a placement-start notification through `notification_check` (the dry run) and
`notification_receive` (the import): the same validation and matching as every notification. A row
with facts missing becomes an incomplete notification; a row with a value that cannot be right, or a
placement outside the host's area, is refused with its reasons and line. Each row's key (the host and
what the row says) is recorded with what it became, so running the import again registers nothing
twice.
"""

from __future__ import annotations

from django.db import transaction

from safeguard.accounts.models import HostCouncil, Role, User
from safeguard.core import jobs
from safeguard.core.audit import audit_event_record
from safeguard.core.errors import ServiceRefusal
from safeguard.core.models import ImportJob
from safeguard.reference.selectors import council_by_dfe_code, councils

from .. import matching
from ..models import Notification, RegisterImportMapping
from ..register_file import (
    RegisterFileProblem,
    mapping_problems,
    register_file_read,
    row_is_blank,
    row_payload,
    spreadsheet_reason,
)
from .common import NotificationRejected
from .intake import notification_check, notification_receive

KIND_DRY_RUN = "register_dry_run"
KIND_IMPORT = "register_import"
KINDS = (KIND_DRY_RUN, KIND_IMPORT)
MAX_LISTED = 500  # lines listed one by one; the rest are counted

# What became of a row (the report's words and its counters).
OUTCOMES = {
    "new": "Registered as a new child",
    "matched": "Matched to a child already on the register",
    "review": "Like a child already on the register: an SQA officer decides",
    "refused": "Refused",
    "already": "Already imported",
    "blank": "Blank row",
}
DRY_RUN_OUTCOMES = {
    "new": "Would be registered as a new child",
    "matched": "Would be matched to a child already on the register",
    "review": "Like a child already on the register: an SQA officer would decide",
    "refused": "Would be refused",
    "already": "Already imported",
    "blank": "Blank row",
}


class RegisterImportRefused(ServiceRefusal):
    pass


def _manager_of(actor, host_council: HostCouncil) -> None:
    own = getattr(actor, "host_council", None)
    if getattr(actor, "role", "") != Role.SQA_MANAGER or own is None or own.pk != host_council.pk:
        raise RegisterImportRefused({"__all__": "Only the host council's SQA manager imports its register"})


def register_import_upload(*, actor, upload) -> ImportJob:
    """Store the register file and read its headings; the job waits for its columns to be chosen.
    Raises RegisterImportRefused naming the file field when the file cannot be read."""
    host_council = actor.host_council
    _manager_of(actor, host_council)
    upload.seek(0)
    try:
        sheet = register_file_read(upload.read(), upload.name)
    except RegisterFileProblem as problem:
        raise RegisterImportRefused({"file": str(problem)}) from problem
    return jobs.import_job_create(
        actor=actor,
        kind=KIND_DRY_RUN,
        files={upload.name: upload},
        params={"headers": sheet.headers, "rows": len(sheet.rows)},
        host_council=host_council,
        audit_action="register.import_upload",
        queue=False,
    )


def register_import_columns_save(*, actor, job: ImportJob, columns: dict[str, str]) -> ImportJob:
    """Keep the mapping for the host's next import, and start the dry run with it. Raises
    RegisterImportRefused ({fact path: message}) for a column the file does not have or a fact that
    must have one."""
    _manager_of(actor, job.host_council)
    columns = {path: column for path, column in columns.items() if column}
    problems = mapping_problems(columns, job.params.get("headers", []))
    if problems:
        raise RegisterImportRefused(problems)
    if job.kind != KIND_DRY_RUN or job.status != ImportJob.Status.QUEUED or job.params.get("columns"):
        raise RegisterImportRefused({"__all__": "This file's columns have been chosen: upload it again to change them"})
    with transaction.atomic():
        mapping, _ = RegisterImportMapping.objects.get_or_create(host_council=job.host_council)
        before = dict(mapping.columns)
        mapping.columns = columns
        mapping.updated_by = actor
        mapping.save()
        job.params = {**job.params, "columns": columns}
        job.save(update_fields=["params"])
        audit_event_record(
            actor=actor,
            action="register.import_columns",
            target=mapping,
            host_council=job.host_council,
            changes={"columns": [before, columns]},
        )
        jobs.import_job_start(job)
    return job


def register_import_confirm(*, actor, job: ImportJob) -> ImportJob:
    """After the dry run, the import itself: the same file and columns, in the background."""
    _manager_of(actor, job.host_council)
    if job.kind != KIND_DRY_RUN or job.status != ImportJob.Status.DONE:
        raise RegisterImportRefused({"__all__": "Wait for the dry run to finish before importing"})
    return jobs.import_job_again(
        actor=actor, job=job, kind=KIND_IMPORT, params=job.params, audit_action="register.import_start"
    )


def _empty_report() -> dict:
    return {"counts": dict.fromkeys(OUTCOMES, 0), "lines": [], "incomplete": 0}


def _child_label(child) -> str:
    return f"{child.first_name} {child.last_name}"


def _outcome_of(result, host_council, placing_authority) -> tuple[str, str, list[str]]:
    """(outcome, child, reasons) the dry run foresees for a valid row in the host's area."""
    outcome = matching.child_match(
        host_council=host_council,
        placing_authority=placing_authority,
        first_name=result.fact("child.first_name"),
        last_name=result.fact("child.last_name"),
        date_of_birth=result.fact("child.date_of_birth"),
        nhs_number=result.fact("child.nhs_number"),
        upn=result.fact("child.upn"),
        local_id=result.fact("child.local_id"),
    )
    if outcome.certain:
        return "matched", _child_label(outcome.child), []
    if outcome.uncertain:
        likes = ", ".join(_child_label(c.child) for c in outcome.candidates[:3])
        return "review", "", [f"Like {likes}"]
    return "new", "", []


def _row(
    *,
    line: int,
    payload: dict,
    host_council: HostCouncil,
    actor,
    dry: bool,
    earlier: dict[str, str],
    key: str,
) -> dict:
    """What becomes of one row: {line, outcome, child, reasons, reference, pk, incomplete}."""
    name = " ".join(
        filter(None, [payload.get("child", {}).get("first_name"), payload.get("child", {}).get("last_name")])
    )
    entry = {"line": line, "child": name, "reasons": [], "reference": "", "pk": None, "incomplete": False}
    if key in earlier:
        return {**entry, "outcome": "already", "reference": earlier[key]}
    result, host = notification_check(payload)
    if result.errors:
        reasons = [spreadsheet_reason(e.field, e.message) for e in result.errors]
        return {**entry, "outcome": "refused", "reasons": reasons}
    if host is None or host.pk != host_council.pk:
        postcode = result.fact("placement.address.postcode") or ""
        return {**entry, "outcome": "refused", "reasons": [f"{postcode} is not in {host_council.name}'s area"]}
    missing = [e.message for e in result.missing]
    placing_authority = council_by_dfe_code(result.fact("placing_authority") or "")
    outcome, child, reasons = _outcome_of(result, host_council, placing_authority)
    entry.update(outcome=outcome, child=child or name, reasons=reasons + missing, incomplete=bool(missing))
    if dry:
        return entry
    try:
        notification, _routed = notification_receive(
            actor=actor, channel=Notification.Channel.REGISTER, payload=payload, placing_authority=placing_authority
        )
    except NotificationRejected as refusal:
        return {**entry, "outcome": "refused", "reasons": list(refusal.errors.values())}
    entry.update(reference=notification.reference, pk=notification.pk)
    if notification.status == Notification.Status.AWAITING_MATCH:
        entry["outcome"] = "review"
    return entry


def register_job_run(job: ImportJob, run: jobs.JobRun) -> None:
    """The dry run and the import (by the job's kind): every row, in batches; resumes after the last."""
    dry = job.kind == KIND_DRY_RUN
    host_council = job.host_council
    actor = User.objects.get(pk=job.actor_id)
    columns = job.params.get("columns") or {}
    (name, handle), *_ = run.files().items()
    try:
        sheet = register_file_read(handle.read(), name)
        problems = mapping_problems(columns, sheet.headers)
        if problems:
            raise RegisterFileProblem(next(iter(problems.values())))
    except RegisterFileProblem as problem:
        raise jobs.ImportProblem(str(problem)) from problem
    run.set_total(len(sheet.rows))
    council_names = {c.name.lower(): c.dfe_code for c in councils()}
    report = job.report if run.resume_from and job.report else _empty_report()
    counts = report["counts"]
    numbered = list(enumerate(sheet.rows, start=sheet.first_line))[run.resume_from :]
    done = run.resume_from
    seen: dict[str, str] = {}  # keys taken earlier in this run (the dry run records none)
    for batch in jobs.batched(numbered, jobs.BATCH_SIZE):
        with transaction.atomic():
            payloads = {line: row_payload(row, sheet.headers, columns, council_names) for line, row in batch}
            keys = {line: jobs.row_key("register", host_council.pk, payload) for line, payload in payloads.items()}
            earlier = jobs.row_keys_taken(keys.values())
            new_keys: dict[str, str] = {}
            for line, row in batch:
                done += 1
                if row_is_blank(row):
                    counts["blank"] += 1
                    continue
                key = keys[line]
                entry = _row(
                    line=line,
                    payload=payloads[line],
                    host_council=host_council,
                    actor=actor,
                    dry=dry,
                    earlier={**earlier, **seen, **new_keys},
                    key=key,
                )
                counts[entry["outcome"]] += 1
                report["incomplete"] += entry["incomplete"]
                if entry["reference"] and entry["outcome"] != "already":
                    new_keys[key] = entry["reference"]
                elif dry and entry["outcome"] in ("new", "matched", "review"):
                    # A row twice in one file is one child: the dry run says so as the import will.
                    new_keys[key] = f"line {line}"
                if len(report["lines"]) < MAX_LISTED:
                    report["lines"].append(entry)
            if not dry:
                jobs.row_keys_record(new_keys, job=job)
            seen.update(new_keys)
            run.commit(
                rows_read=done,
                taken=counts["new"] + counts["matched"] + counts["review"],
                skipped=counts["blank"] + counts["already"],
                errors=counts["refused"],
                already=counts["already"],
                report=report,
            )
    if not dry:
        audit_event_record(
            actor=actor,
            action="register.import",
            target=job,
            host_council=host_council,
            changes={outcome: [None, count] for outcome, count in counts.items()},
        )
