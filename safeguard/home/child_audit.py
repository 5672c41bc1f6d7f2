"""The audit by child: every event about one child's records, from every domain, for an SQA manager
answering a subject access request or an investigation.

Who reads the audit trail, and which events they may see, is the accounts app's rule
(`accounts.selectors.audit_events_visible_to`: never a confidential LADO event); which records are
about the child is each domain's (`selectors.child_audit_records(child)`). This module composes them,
so it lives in the top app, which may import every domain.
"""

import weasyprint
from django.db.models import Q, QuerySet
from django.http import Http404
from django.template.loader import render_to_string
from django.utils import timezone

from safeguard.accounts import selectors as accounts
from safeguard.accounts.audit_words import action_words
from safeguard.core.audit import audit_access_record, audit_list_record
from safeguard.core.exports import csv_text
from safeguard.core.jinja2 import format_date, format_datetime, readable
from safeguard.core.models import AuditEvent
from safeguard.education import selectors as education
from safeguard.exploitation import selectors as exploitation
from safeguard.missing import selectors as missing
from safeguard.notifications import selectors as notifications
from safeguard.register import selectors as register
from safeguard.register.models import Child
from safeguard.register.search import RegisterQuery, register_filter

SOURCES = (register, missing, exploitation, notifications, education)

# What each kind of record is called on the page and in the exports.
RECORD_WORDS = {
    "register.child": "The child's record",
    "register.placement": "Placement",
    "missing.missingepisode": "Missing episode",
    "missing.returnhomeinterview": "Return home interview",
    "missing.childphotograph": "Photograph",
    "missing.missingprofile": "Missing profile",
    "missing.missingriskassessment": "Missing risk assessment",
    "exploitation.exploitationconcern": "Exploitation concern",
    "notifications.notification": "Notification",
    "notifications.workitem": "Work item",
    "notifications.correspondence": "Filed correspondence",
    "education.educationrecord": "Education record",
    "education.schoolenrolment": "School",
    "education.pepmeeting": "PEP meeting",
}

SECURITY_MARKING = "OFFICIAL-SENSITIVE"


def may_audit_children(user) -> bool:
    return accounts.may_read_audit(user)


def children_found_for(user, q: str) -> QuerySet[Child]:
    """The host's children (placed now or before) whose names match `q`, through the register's own
    search; the list of names read is an access event."""
    if not may_audit_children(user):
        raise Http404
    children = register_filter(register.children_visible_to(user), RegisterQuery(q=q, placed="all"))
    audit_list_record(
        actor=user, action="child.search", object_type="register.child", host_council=user.host_council, listing="audit"
    )
    return children


def child_for_audit(user, pk: int, *, record: bool = True) -> Child:
    """A child of the reader's host council whose audit trail they may read, or 404; reading it is an
    access event about the child (so it shows in the child's own audit trail). An export records its
    own event instead (`record=False`)."""
    if not may_audit_children(user):
        raise Http404
    child = register.children_visible_to(user).filter(pk=pk).first()
    if child is None:
        raise Http404("No such child")
    if record:
        audit_access_record(actor=user, action="child_audit.view", target=child, host_council=child.host_council)
    return child


def child_audit_events(user, child: Child) -> QuerySet[AuditEvent]:
    """Every event the reader may see about `child`'s records, newest first. Confidential (LADO) events
    never appear: `audit_events_visible_to` leaves them out."""
    about = Q(pk__in=[])
    for source in SOURCES:
        for object_type, ids in source.child_audit_records(child).items():
            if ids:
                about |= Q(object_type=object_type, object_id__in=ids)
    return accounts.audit_events_visible_to(user).filter(about).order_by("-id")


def record_words(event: AuditEvent) -> str:
    words = RECORD_WORDS.get(event.object_type, event.object_type)
    if event.object_type == "register.child":
        return words
    return f"{words} {event.object_id}".strip()


def changes_words(event: AuditEvent) -> str:
    def value(v) -> str:
        return "—" if v is None or v == "" else readable(v)

    return "; ".join(f"{name}: {value(pair[0])} → {value(pair[1])}" for name, pair in event.changes.items())


def event_rows(events) -> list[dict]:
    return [
        {
            "when": format_datetime(e.occurred_at),
            "who": e.actor_label or "Safeguard",
            "action": action_words(e.action),
            "kind": e.get_kind_display(),
            "record": record_words(e),
            "changes": changes_words(e),
            "ip": e.ip_address or "",
        }
        for e in events
    ]


COLUMNS = ["When", "Who", "What they did", "Kind", "Record", "Changes", "From (address)"]


def child_audit_csv(*, actor, child: Child) -> str:
    """The child's audit trail as a CSV for a spreadsheet (every text cell neutralised by
    `core.exports`); the export is itself an access event about the child."""
    rows = event_rows(child_audit_events(actor, child))
    now = timezone.now()
    lines = [
        ["Audit trail of", child.full_name],
        ["Date of birth", format_date(child.date_of_birth)],
        ["Host council", child.host_council.name],
        ["Exported by", actor.email, "on", format_datetime(now)],
        ["Marking", SECURITY_MARKING],
        [],
        COLUMNS,
        *[[r["when"], r["who"], r["action"], r["kind"], r["record"], r["changes"], r["ip"]] for r in rows],
    ]
    audit_access_record(actor=actor, action="child_audit.export_csv", target=child, host_council=child.host_council)
    return csv_text(lines)


def child_audit_pdf(*, actor, child: Child) -> bytes:
    """The child's audit trail as a PDF (WeasyPrint); the export is itself an access event."""
    html = render_to_string(
        "home/child_audit_pdf.html",
        {
            "child": child,
            "rows": event_rows(child_audit_events(actor, child)),
            "now": timezone.now(),
            "actor": actor,
            "marking": SECURITY_MARKING,
            "columns": COLUMNS,
        },
    )
    pdf = weasyprint.HTML(string=html).write_pdf()
    audit_access_record(actor=actor, action="child_audit.export_pdf", target=child, host_council=child.host_council)
    return pdf
