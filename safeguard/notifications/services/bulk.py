"""Bulk intake of a placing council's SSDA903 return (CSV tables or the DfE XML).

Placements whose postcode lies in a host council's area become notifications, through the same
`notification_receive` as every other way in. SSDA903 has no names, so they arrive incomplete and
the placing council is asked for the rest.
"""

from collections import Counter
from dataclasses import dataclass, field

from safeguard.accounts.models import HostCouncil, Organisation
from safeguard.core.audit import Target, audit_event_record

from .. import ssda903
from ..models import Notification
from .intake import notification_receive

MAX_LISTED = 200  # rows listed one by one in the report; the rest are counted


@dataclass
class ImportReport:
    rows: int = 0
    taken: list[dict] = field(default_factory=list)
    taken_count: int = 0
    skipped: Counter = field(default_factory=Counter)
    row_errors: list[dict] = field(default_factory=list)
    row_error_count: int = 0
    statuses: Counter = field(default_factory=Counter)


def _skip_reason(text: str) -> str:
    """Group reasons: 'placement postcode EG19 7TT is outside the host area' → '… outside the host area'."""
    if "outside" in text:
        return "Placement postcode outside every host council's area"
    return text[:1].upper() + text[1:]


def ssda903_import(
    *, actor, placing_authority: Organisation, files: dict, host_council: HostCouncil | None = None
) -> ImportReport:
    """Read the return, taking the placements in host areas. Raises ValueError for unreadable files.

    With `host_council`, a host's SQA officer uploads the return on the placing council's behalf (as they
    transcribe an e-mail): only the placements in that host's area are taken."""
    hosts = HostCouncil.objects.exclude(postcode_districts="")
    if host_council is not None:
        hosts = hosts.filter(pk=host_council.pk)
    districts = sorted({d for h in hosts for d in h.postcode_districts.split()})
    if not districts:
        raise ValueError("No host council has its postcode districts configured")
    report = ImportReport()
    for item in ssda903.detect_and_read(files, districts=districts, placing_authority=placing_authority.dfe_code):
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
        notification, _routed = notification_receive(
            actor=actor,
            channel=Notification.Channel.SSDA903,
            payload=item.payload,
            placing_authority=placing_authority,
            sender_email=getattr(actor, "email", ""),
            store_invalid=True,
        )
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
            "placing_authority": [None, placing_authority.dfe_code],
        },
    )
    return report
