"""Reads of the audit trail, scoped to the reader's host council."""

from datetime import date, datetime, time, timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone

from safeguard.accounts.models import Role

from .models import AuditEvent

AUDIT_ROLES = frozenset({Role.SQA_MANAGER})


def may_read_audit(user) -> bool:
    return getattr(user, "is_authenticated", False) and user.role in AUDIT_ROLES and user.host_council is not None


def audit_events_visible_to(user) -> QuerySet[AuditEvent]:
    """Events about the reader's host council, or by its staff. None for anyone else."""
    if not may_read_audit(user):
        return AuditEvent.objects.none()
    host = user.host_council
    return (
        AuditEvent.objects.filter(Q(host_council=host) | Q(actor__organisation=host.organisation))
        # LADO records, and what the LADO team does, are the LADO team's alone (issue 5).
        .exclude(object_type__startswith="allegations.")
        .exclude(action__startswith="lado")
        .exclude(actor__role=Role.LADO)
        .select_related("actor")
    )


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
