"""Two people editing one record: the second save is refused, not silently written over the first
(docs/adr/0033-concurrent-writers-and-edit-conflicts.md).

A form that edits a record carries the record's *version* in a hidden field, `edit_version`: the
number of the latest change to it in the audit trail when the form was opened. Every write to a
record already goes through a service that records an audit event for it, so the audit trail knows
who changed it last and what they changed, with no version column on any model. The service calls
`edit_conflict_check` in its transaction before writing: it takes a lock on the record (so two saves
at once are checked one after the other) and refuses with `EditConflict` when a change was recorded
since the version the form was opened at. The refusal names who changed it and when, carries their
changes for the page to show beside the answers (kept on the form), and the page is sent again with
the new version, so saving again after reading their changes keeps one's own answers on purpose.

A save without a version (the API, a command, a form from before this) is not checked.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import models
from django.db.models import Q

from .errors import ServiceRefusal
from .locks import advisory_lock
from .models import AuditEvent

EDIT_VERSION_FIELD = "edit_version"


def _events(records: Iterable[models.Model]):
    by_type: dict[str, list[str]] = defaultdict(list)
    for record in records:
        if record is not None and record.pk is not None:
            by_type[record._meta.label_lower].append(str(record.pk))
    condition = Q(pk__in=[])
    for object_type, ids in by_type.items():
        condition |= Q(object_type=object_type, object_id__in=ids)
    return AuditEvent.objects.filter(condition, kind=AuditEvent.Kind.WRITE)


def edit_version(*records: models.Model | None) -> str:
    """The version of what a form edits: the number of the latest recorded change to any of the
    records ("0" when none has one yet, as for a record not made yet)."""
    last = _events(records).order_by("-pk").values_list("pk", flat=True).first()
    return str(last or 0)


@dataclass(frozen=True)
class EditChange:
    who: str
    at: datetime
    field: str
    before: Any
    after: Any


class EditConflict(ServiceRefusal):
    """The record was changed since the form was opened: by whom, when, and what they changed."""

    def __init__(self, events: list[AuditEvent], *, noun: str):
        from .jinja2 import format_datetime

        last = events[-1]
        self.who = _who(last)
        self.at = last.occurred_at
        self.changes = [
            EditChange(_who(event), event.occurred_at, field, *_pair(change))
            for event in events
            for field, change in (event.changes or {}).items()
        ]
        super().__init__(
            {
                "__all__": f"This {noun} was changed by {self.who} at {format_datetime(self.at)} since you "
                "opened it. Their changes are shown below and your answers are kept: check them against "
                "theirs, then save again to keep yours"
            }
        )


def _who(event: AuditEvent) -> str:
    if event.actor_id is not None:
        return str(event.actor)
    return event.actor_label or "someone"


def _pair(change) -> tuple[Any, Any]:
    if isinstance(change, list | tuple) and len(change) == 2:
        return change[0], change[1]
    return None, change


def edit_conflict_check(*, anchor: models.Model, opened: str | None, records=None, noun: str = "record") -> None:
    """Refuse with EditConflict when a change to `records` (default: the anchor alone) was recorded
    after the version `opened`. Call inside the service's transaction before it writes. The lock is
    taken on `anchor` (the record, or what the records belong to, such as the child whose risk plans
    they are) and `records` may be a queryset: it is read after the lock, so it includes a record
    another person has just added."""
    advisory_lock("edit", anchor._meta.label_lower, anchor.pk)
    if opened is None:
        return
    try:
        since = int(opened)
    except ValueError:
        since = 0
    events = list(
        _events(list(records) if records is not None else [anchor])
        .filter(pk__gt=since)
        .select_related("actor")
        .order_by("pk")
    )
    if events:
        raise EditConflict(events, noun=noun)


def edit_version_for_page(request, form, *records: models.Model | None) -> str:
    """The version the page's form carries: the one it was opened at while its answers are being put
    right, the record's current one when the page is new or after a conflict (whose changes the person
    has now seen)."""
    if request.method == "POST" and not isinstance(getattr(form, "refusal", None), EditConflict):
        opened = request.POST.get(EDIT_VERSION_FIELD)
        if opened is not None:
            return opened
    return edit_version(*records)


def edit_version_opened(request) -> str | None:
    """The version the submitted form was opened at, or None when it carried none."""
    if request.method != "POST":
        return None
    return request.POST.get(EDIT_VERSION_FIELD)
