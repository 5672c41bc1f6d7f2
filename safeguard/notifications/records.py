"""Notifications under the council's retention schedule (docs/adr/0041): records management lists a
notification for the owner team's review when the council's period has run out (by default 6 years
from receipt) and calls back here to dispose of it. Disposal removes the notification (everything
the sender gave), its original e-mail and its attachments from storage, the mailbox correspondence
it was made from, its match reviews and the work items routed for it. What it told us lives on in
the register entry, kept by its own rule; the tombstone keeps its way in and kind, so the count of
notifications received stays whole (`metrics.py`).

The notifications domain also tells records management which children it still keeps a record of
(a notification, or a match review waiting for a decision), so that their register entry goes last."""

from django.db import transaction
from django.db.models import Exists, F, Max, OuterRef
from django.utils import timezone

from safeguard.records.registry import Candidate, RecordSource
from safeguard.records.schedule import RecordClass
from safeguard.register.models import Placement

from .models import Correspondence, MatchReview, Notification, WorkItem
from .services.work import work_items_remove_for_disposal

NOTIFICATION_TYPE = Notification._meta.label_lower
# In progress, not yet a record to dispose of: a draft not sent, a notification waiting for a match decision.
IN_PROGRESS = [Notification.Status.DRAFT, Notification.Status.AWAITING_MATCH]


def outcome_category(channel: str, kind: str) -> str:
    """What the figures count a notification by, kept on its tombstone: "email/placement_start"."""
    return f"{channel}/{kind}"


def notification_candidates(host_council):
    """The host's notifications, each with the dates a rule may run from: creation (receipt), closure
    (registration), the end of the child's last placement here (None while one is open, or with no
    child) and the child's date of birth."""
    open_placement = Placement.objects.filter(child=OuterRef("child"), end_date__isnull=True)
    notifications = (
        Notification.objects.filter(host_council=host_council)
        .exclude(status__in=IN_PROGRESS)
        .annotate(
            last_end=Max("child__placements__end_date"),
            placed=Exists(open_placement),
            child_date_of_birth=F("child__date_of_birth"),
        )
        .values(
            "pk",
            "reference",
            "kind",
            "channel",
            "received_at",
            "registered_at",
            "child_id",
            "last_end",
            "placed",
            "child_date_of_birth",
        )
        .order_by("pk")
    )
    for notification in notifications.iterator(chunk_size=2000):
        child_reference = f"SG{notification['child_id']}" if notification["child_id"] else ""
        received = timezone.localdate(notification["received_at"])
        registered = notification["registered_at"]
        about = f" about {child_reference}" if child_reference else ""
        yield Candidate(
            object_type=NOTIFICATION_TYPE,
            object_id=str(notification["pk"]),
            reference=f"Notification {notification['reference']}{about}",
            child_reference=child_reference,
            dates={
                "creation": received,
                "last_contact": received,
                "closure": timezone.localdate(registered) if registered else None,
                "placement_end": None
                if notification["placed"] or not notification["child_id"]
                else notification["last_end"],
                "date_of_birth": notification["child_date_of_birth"],
            },
            date_of_birth=notification["child_date_of_birth"],
            outcome_category=outcome_category(notification["channel"], notification["kind"]),
        )


def notification_dispose(object_id: str, *, actor=None) -> bool:
    """Remove the notification, its original e-mail and attachments (from storage once the disposal
    commits), the correspondence it was made from, its match reviews and its work items. Placements
    and legal statuses it gave stay with the register entry (their link to it is cleared)."""
    notification = Notification.objects.select_for_update().filter(pk=int(object_id)).first()
    if notification is None:
        return False
    files = [notification.original_message] + [a.file for a in notification.attachments.all()]
    for correspondence in Correspondence.objects.filter(notification=notification):
        files.append(correspondence.original_message)
        correspondence.delete()
    for stored in files:
        if stored:
            storage, name = stored.storage, stored.name
            transaction.on_commit(lambda storage=storage, name=name: storage.delete(name))
    work_items_remove_for_disposal(notification_id=notification.pk)
    notification.delete()  # its attachments and match reviews go with it (CASCADE)
    return True


def children_with_notifications(child_ids) -> set[int]:
    """Children of whom a notification, a work item or a match review waiting for a decision remains."""
    held = set(Notification.objects.filter(child_id__in=child_ids).values_list("child_id", flat=True))
    held |= set(WorkItem.objects.filter(child_id__in=child_ids).values_list("child_id", flat=True))
    held |= set(
        MatchReview.objects.filter(candidate_id__in=child_ids, decision=MatchReview.Decision.PENDING).values_list(
            "candidate_id", flat=True
        )
    )
    return held


NOTIFICATIONS = RecordSource(
    record_class=RecordClass.NOTIFICATION, candidates=notification_candidates, dispose=notification_dispose
)
