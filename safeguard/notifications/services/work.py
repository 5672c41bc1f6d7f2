"""Work items for host teams: acknowledgement, escalation; chasing incomplete notifications."""

from datetime import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from safeguard.accounts.models import Role, Team
from safeguard.core.audit import audit_event_record, changes_between, snapshot
from safeguard.core.edits import edit_conflict_check
from safeguard.core.errors import ServiceRefusal
from safeguard.core.jinja2 import format_date
from safeguard.core.outbox import outbox_email_enqueue
from safeguard.core.working_days import add_working_hours, working_days_between
from safeguard.reference.selectors import team_of

from ..models import Notification, WorkItem
from .emails import _ask_sender_to_complete


class WorkItemRefused(ServiceRefusal):
    """{field: problem}: the work item cannot be acknowledged like this; nothing was saved."""


@transaction.atomic
def work_item_acknowledge(*, actor, item: WorkItem, case_reference: str = "", note: str = "") -> WorkItem:
    """A team acknowledges a new placement; R&A records the children's case-system reference (seed 001:
    "the referral and assessment team will enter the child's details onto the children's electronic system")."""
    from ..selectors import work_items_visible_to

    if not work_items_visible_to(actor).filter(pk=item.pk).exists():
        raise PermissionDenied
    item = WorkItem.objects.select_for_update().get(pk=item.pk)
    if item.status == WorkItem.Status.ACKNOWLEDGED:
        return item
    if item.exploitation_concern_id:
        # Done by the duty manager's review of the concern (exploitation_concern_review), not here.
        raise WorkItemRefused({"note": "Review the exploitation concern to record a decision"})
    if item.team.kind == Team.Kind.REFERRAL_ASSESSMENT and not case_reference.strip():
        raise WorkItemRefused({"case_reference": "Enter the case-system reference"})
    before = snapshot(item, ["status", "case_reference", "note"])
    item.status = WorkItem.Status.ACKNOWLEDGED
    item.acknowledged_by, item.acknowledged_at = actor, timezone.now()
    item.case_reference, item.note = case_reference.strip(), note.strip()
    item.save()
    audit_event_record(
        actor=actor,
        action="work_item.acknowledge",
        target=item,
        host_council=item.host_council,
        changes=changes_between(before, snapshot(item, ["status", "case_reference", "note"])),
    )
    return item


# Managers who assign their team's work: the R&A duty manager their own team's, the SQA manager any team's
# of their host council.
TEAM_MANAGER_ROLES = frozenset({Role.RA_DUTY_MANAGER})
HOST_MANAGER_ROLES = frozenset({Role.SQA_MANAGER})


def may_assign(actor, item: WorkItem) -> bool:
    role = getattr(actor, "role", None)
    if role in HOST_MANAGER_ROLES:
        return actor.host_council is not None and item.host_council_id == actor.host_council.pk
    return role in TEAM_MANAGER_ROLES and actor.team_id == item.team_id


def _open_item_for(actor, item: WorkItem) -> WorkItem:
    from ..selectors import work_items_visible_to

    if not work_items_visible_to(actor).filter(pk=item.pk).exists():
        raise PermissionDenied
    item = WorkItem.objects.select_for_update(of=("self",)).select_related("team", "owner").get(pk=item.pk)
    if item.status != WorkItem.Status.OPEN:
        raise WorkItemRefused({"owner": "This work is already done"})
    return item


def _set_owner(actor, item: WorkItem, owner, action: str) -> WorkItem:
    before = {"owner": item.owner.full_name if item.owner else ""}
    item.owner, item.assigned_by, item.assigned_at = owner, actor, timezone.now()
    item.save(update_fields=["owner", "assigned_by", "assigned_at"])
    audit_event_record(
        actor=actor,
        action=action,
        target=item,
        host_council=item.host_council,
        changes={"owner": [before["owner"], owner.full_name]},
    )
    return item


@transaction.atomic
def work_item_assign(*, actor, item: WorkItem, owner, opened: str | None = None) -> WorkItem:
    """A manager gives an open work item to a worker of the item's team (the R&A duty manager in their
    own team, the SQA manager in any team of their host council). Refused for anyone else, and for a
    person who is not an active member of the team; refused (EditConflict) when someone else assigned
    or took it since the page was opened at version `opened`."""
    item = _open_item_for(actor, item)  # its row locked: two managers assigning at once check in turn
    if not may_assign(actor, item):
        raise PermissionDenied
    edit_conflict_check(anchor=item, opened=opened, noun="work")
    if owner is None:
        raise WorkItemRefused({"owner": "Select the person who will do this work"})
    if owner.team_id != item.team_id or not owner.is_active:
        raise WorkItemRefused({"owner": f"{owner.full_name} is not in {item.team.name}: choose someone in the team"})
    item = _set_owner(actor, item, owner, "work_item.assign")
    if owner != actor and owner.email:
        outbox_email_enqueue(
            to=owner.email,
            subject="Work assigned to you",
            body=(
                f"{actor.full_name} has given you a piece of {item.team.name}'s work, due by "
                f"{format_date(timezone.localtime(item.escalate_at))}. Open your work: "
                f"{settings.SAFEGUARD_BASE_URL}{reverse('notifications:work_item_list')}?owner=me\n\n"
                "The child's details are in Safeguard, not in this e-mail."
            ),
            purpose="work_item.assign",
            host_council=item.host_council,
        )
    return item


@transaction.atomic
def work_item_take(*, actor, item: WorkItem) -> WorkItem:
    """A worker of the item's team takes an open work item as their own."""
    item = _open_item_for(actor, item)
    if actor.team_id != item.team_id:
        raise PermissionDenied
    if item.owner_id == actor.pk:
        return item
    return _set_owner(actor, item, actor, "work_item.take")


@transaction.atomic
def work_items_escalate(*, actor, now: datetime | None = None) -> int:
    """E-mail the team manager about work not acknowledged in time (a timed rule: `actor` is
    core.audit.TIMED_RULE when the scheduler runs it). Returns how many escalated."""
    now = now or timezone.now()
    due = (
        WorkItem.objects.select_for_update(skip_locked=True, of=("self",))
        .filter(status=WorkItem.Status.OPEN, escalated_at__isnull=True, escalate_at__lte=now)
        .select_related("team", "notification", "exploitation_concern", "host_council", "owner")
    )
    count = 0
    for item in due:
        if item.team.manager_email:
            if item.exploitation_concern_id:
                subject = "Not yet reviewed: an exploitation concern"
                what = f"An exploitation concern routed to {item.team.name} on {format_date(item.created_at)} has not been reviewed"
            else:
                subject = f"Not yet acknowledged: {item.notification.reference}"
                what = f"A new placement routed to {item.team.name} on {format_date(item.created_at)} has not been acknowledged"
            outbox_email_enqueue(
                to=item.team.manager_email,
                subject=subject,
                body=(
                    f"{what}. Open the queue: {settings.SAFEGUARD_BASE_URL}{reverse('notifications:work_item_list')}"
                ),
                purpose="work_item.escalate",
                host_council=item.host_council,
            )
        changes = {"escalated_to": ["", item.team.manager_email]}
        owner = item.owner
        if owner is not None and owner.email and owner.is_active:
            # The worker it is assigned to is told it is overdue: once, as the escalation happens once.
            outbox_email_enqueue(
                to=owner.email,
                subject="Overdue: work assigned to you",
                body=(
                    f"{item.kind_label} work assigned to you in {item.team.name} was due by "
                    f"{format_date(item.escalate_at)} and is now overdue; your manager has been told. "
                    f"Open your work: {settings.SAFEGUARD_BASE_URL}{reverse('notifications:work_item_list')}?owner=me"
                ),
                purpose="work_item.overdue_owner",
                host_council=item.host_council,
            )
            changes["owner_told"] = [None, owner.email]
        item.escalated_at = now
        item.escalated_to = item.team.manager_email
        item.save(update_fields=["escalated_at", "escalated_to"])
        audit_event_record(
            actor=actor,
            action="work_item.escalate",
            target=item,
            host_council=item.host_council,
            changes=changes,
        )
        count += 1
    return count


@transaction.atomic
def work_item_route_concern(*, actor, concern, within_working_hours: int) -> WorkItem | None:
    """An exploitation concern becomes work for the host's R&A team, reviewed by its duty manager (seed 000).
    `actor` raised the concern.

    The team is told by e-mail with no personal details; unreviewed work escalates like any other.
    None when the host has no R&A team configured (the concern is still on the register's list).
    """
    host = concern.host_council
    team = team_of(host, Team.Kind.REFERRAL_ASSESSMENT)
    if team is None:
        return None
    item = WorkItem.objects.create(
        host_council=host,
        team=team,
        child=concern.child,
        exploitation_concern=concern,
        escalate_at=add_working_hours(timezone.now(), within_working_hours),
    )
    if team.email:
        outbox_email_enqueue(
            to=team.email,
            subject="Exploitation concern to review",
            body=(
                f"A concern was raised about a child placed in {host.name}. Open Safeguard to read it and "
                f"record the duty manager's decision: {settings.SAFEGUARD_BASE_URL}"
                f"{reverse('notifications:work_item_list')}\n\n"
                "The child's details are in Safeguard, not in this e-mail."
            ),
            purpose="exploitation_concern.route",
            host_council=host,
        )
    audit_event_record(
        actor=actor,
        action="work_item.create",
        target=item,
        host_council=host,
        changes={"team": [None, team.name], "exploitation_concern": [None, concern.pk]},
    )
    return item


@transaction.atomic
def work_items_settle_for_concern(*, actor, concern, note: str = "") -> int:
    """The duty manager has reviewed the concern: its open work items are done."""
    count = 0
    for item in WorkItem.objects.select_for_update().filter(exploitation_concern=concern, status=WorkItem.Status.OPEN):
        item.status = WorkItem.Status.ACKNOWLEDGED
        item.acknowledged_by, item.acknowledged_at, item.note = actor, timezone.now(), note
        item.save(update_fields=["status", "acknowledged_by", "acknowledged_at", "note"])
        audit_event_record(
            actor=actor,
            action="work_item.acknowledge",
            target=item,
            host_council=item.host_council,
            changes={"status": ["open", "acknowledged"]},
        )
        count += 1
    return count


@transaction.atomic
def notifications_chase(*, actor, now: datetime | None = None) -> int:
    """Remind senders of incomplete notifications after NOTIFICATION_CHASE_WORKING_DAYS working days (a
    timed rule: `actor` is core.audit.TIMED_RULE when the scheduler runs it)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    days = settings.NOTIFICATION_CHASE_WORKING_DAYS
    count = 0
    for notification in (
        Notification.objects.select_for_update(skip_locked=True)
        .filter(status=Notification.Status.INCOMPLETE)
        .exclude(sender_email="")
    ):
        last = timezone.localdate(notification.chased_at or notification.received_at)
        if working_days_between(last, today) < days:
            continue
        _ask_sender_to_complete(notification)
        notification.chased_at = now
        notification.save(update_fields=["chased_at", "updated_at"])
        audit_event_record(
            actor=actor, action="notification.chase", target=notification, host_council=notification.host_council
        )
        count += 1
    return count


def work_items_remove_for_disposal(
    *, exploitation_concern_id: int | None = None, notification_id: int | None = None
) -> int:
    """Remove the work items of a record being disposed of under the council's retention schedule
    (records management, docs/adr/0041): a team's note and case-system reference about the child go
    with the record they were about. Called by the record's own disposal, in its transaction."""
    if (exploitation_concern_id is None) == (notification_id is None):
        raise ValueError("Name exactly one record: an exploitation concern or a notification")
    items = WorkItem.objects.filter(exploitation_concern_id=exploitation_concern_id, notification_id=notification_id)
    deleted, _by_model = items.delete()
    return deleted
