"""Reads of the audit trail: filtering events a reader may see (who may see which is `accounts.selectors`)."""

from datetime import date, datetime, time, timedelta

from django.db.models import QuerySet
from django.utils import timezone

from .models import AuditEvent


def audit_events_filter(
    events: QuerySet[AuditEvent],
    *,
    person: str = "",
    object_type: str = "",
    object_id: str = "",
    action: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
) -> QuerySet[AuditEvent]:
    if person:
        events = events.filter(actor_label__icontains=person)
    if object_type:
        events = events.filter(object_type=object_type)
    if object_id:
        events = events.filter(object_id=object_id)
    if action:
        events = events.filter(action__startswith=action)
    tz = timezone.get_current_timezone()
    if date_from:
        events = events.filter(occurred_at__gte=datetime.combine(date_from, time.min, tz))
    if date_to:
        events = events.filter(occurred_at__lt=datetime.combine(date_to + timedelta(days=1), time.min, tz))
    return events.order_by("-id")
