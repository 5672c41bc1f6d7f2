"""An officer's decisions on uncertain matches, and undoing a merge (the register splits the entry)."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from safeguard.core.audit import audit_event_record
from safeguard.register import services as register
from safeguard.register.models import Child

from ..models import MatchReview, Notification, WorkItem
from ..validation import notification_validate
from .common import _Context
from .registration import _CHILD_FACTS, _register


@transaction.atomic
def match_review_decide(*, actor, review: MatchReview, same_child: bool) -> Notification:
    """An officer says whether the notified child is the candidate; the notification is then registered."""
    notification = Notification.objects.select_for_update().get(pk=review.notification_id)
    if notification.status != Notification.Status.AWAITING_MATCH or review.decision != MatchReview.Decision.PENDING:
        return notification
    now = timezone.now()
    review.decision = MatchReview.Decision.SAME_CHILD if same_child else MatchReview.Decision.DIFFERENT_CHILD
    review.decided_by, review.decided_at = actor, now
    review.save(update_fields=["decision", "decided_by", "decided_at"])
    audit_event_record(
        actor=actor,
        action="match.same_child" if same_child else "match.different_child",
        target=notification,
        host_council=notification.host_council,
        changes={"candidate": [None, review.candidate_id]},
    )
    pending = notification.match_reviews.filter(decision=MatchReview.Decision.PENDING)
    if same_child:
        pending.update(decision=MatchReview.Decision.DIFFERENT_CHILD, decided_by=actor, decided_at=now)
    elif pending.exists():
        return notification  # other candidates still to decide
    result = notification_validate(notification.payload)
    context = _Context(notification, result, actor)
    _register(context, review.candidate if same_child else None)
    return notification


@transaction.atomic
def match_review_undo(*, actor, review: MatchReview) -> Child:
    """Undo a merge: the notification's child becomes a register entry of its own again."""
    if review.decision != MatchReview.Decision.SAME_CHILD:
        raise PermissionDenied("Only a merge can be undone")
    notification = Notification.objects.select_for_update().get(pk=review.notification_id)
    result = notification_validate(notification.payload)
    child, moved = register.child_split(
        actor=actor,
        child=review.candidate,
        placing_authority=notification.placing_authority,
        facts={attribute: result.facts[path] for attribute, path in _CHILD_FACTS.items() if path in result.facts},
        notification=notification,
    )
    WorkItem.objects.filter(notification=notification).update(child=child)
    notification.child = child
    notification.save(update_fields=["child", "updated_at"])
    review.decision = MatchReview.Decision.UNDONE
    review.decided_by, review.decided_at = actor, timezone.now()
    review.save(update_fields=["decision", "decided_by", "decided_at"])
    audit_event_record(
        actor=actor,
        action="match.undo",
        target=notification,
        host_council=notification.host_council,
        changes={"child": [review.candidate_id, child.pk], "placements_moved": [None, moved]},
    )
    return child
