"""Writes: receiving a notification by any way in, registering it, routing it, acknowledging work.

Rules and their sources:
- what a notification must state: seed 001; validation.notification_validate.
- timeliness: Care Planning, Placement and Case Review (England) Regulations 2010, reg 13 (notice
  before the placement; within 5 working days for an emergency placement) and reg 14 (before the
  end; otherwise within 10 working days after it).
- routing: seed 001 (SQA refers every child to Referral and Assessment and the Virtual School).
"""

import secrets
from dataclasses import dataclass, field
from datetime import date, datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from safeguard.accounts.models import HostCouncil, Organisation
from safeguard.core.audit import audit_event_record, changes_between, snapshot
from safeguard.core.outbox import outbox_email_enqueue
from safeguard.core.working_days import add_working_days, add_working_hours, working_days_between
from safeguard.reference.postcodes import district_in, postcode_district
from safeguard.register.models import Child, LegalStatusRecord, Placement

from . import matching
from .areas import host_for_postcode
from .models import MatchReview, Notification, NotificationAttachment, RoutingRule, WorkItem
from .validation import FieldError, ValidationResult, notification_validate

START_NOTICE_EMERGENCY_WORKING_DAYS = 5  # reg 13
END_NOTICE_WORKING_DAYS = 10  # reg 14


class NotificationRejected(Exception):
    """The notification has values that cannot be right; nothing was stored."""

    def __init__(self, errors: list[FieldError]):
        super().__init__("; ".join(f"{e.field}: {e.message}" for e in errors))
        self.errors = errors


@dataclass
class IncomingAttachment:
    filename: str
    content_type: str
    content: bytes


@dataclass
class Timeliness:
    event_date: date | None = None
    due_date: date | None = None
    late_working_days: int | None = None


def timeliness(kind: str, facts: dict, received: date) -> Timeliness:
    """When the notice was due, and how many working days late it came (0 = on time)."""
    if kind == "placement_start" and facts.get("placement.start_date"):
        start = facts["placement.start_date"]
        due = (
            add_working_days(start, START_NOTICE_EMERGENCY_WORKING_DAYS) if facts.get("placement.emergency") else start
        )
    elif kind == "placement_end" and facts.get("placement.end_date"):
        start = facts["placement.end_date"]
        due = add_working_days(start, END_NOTICE_WORKING_DAYS)
    else:
        return Timeliness(event_date=facts.get("move.date"))
    late = max(working_days_between(due, received), 0) if received > due else 0
    return Timeliness(event_date=start, due_date=due, late_working_days=late)


def _default_host() -> HostCouncil | None:
    from safeguard.reference.selectors import default_host_council

    return default_host_council()


def _new_reference(notification: Notification) -> str:
    return f"SG-{notification.received_at:%Y}-{notification.pk:06d}"


@dataclass
class _Context:
    notification: Notification
    result: ValidationResult
    actor: object
    routed_to: list[str] = field(default_factory=list)


def _payload_with(payload: dict, placing_authority: Organisation | None) -> dict:
    payload = dict(payload or {})
    if placing_authority is not None and not payload.get("placing_authority"):
        payload["placing_authority"] = placing_authority.dfe_code
    return payload


def _validate_for(payload: dict, placing_authority: Organisation | None) -> tuple[ValidationResult, HostCouncil | None]:
    result = notification_validate(payload)
    if placing_authority is not None and result.fact("placing_authority") not in (None, placing_authority.dfe_code):
        result.errors.append(
            FieldError(
                "placing_authority",
                f"You can only send notifications for your own council (DfE code {placing_authority.dfe_code})",
            )
        )
    host = _resolve_host(result)
    if host is None and result.fact("placement.address.postcode"):
        result.errors.append(
            FieldError(
                "placement.address.postcode",
                f"{result.fact('placement.address.postcode')} is not in an area served by a host council on Safeguard",
            )
        )
    return result, host


@transaction.atomic
def notification_receive(
    *,
    actor,
    channel: str,
    payload: dict,
    placing_authority: Organisation | None = None,
    sender_email: str = "",
    received_at: datetime | None = None,
    original_message: bytes | None = None,
    attachments: list[IncomingAttachment] = (),
    store_invalid: bool = False,
) -> tuple[Notification, list[str]]:
    """Receive a notification by any way in; register it when it is complete.

    `placing_authority` is the sender's council when the way in knows it (an API token, a signed-in
    placing social worker): the payload may not claim another. Values that cannot be right raise
    NotificationRejected, unless `store_invalid` (e-mail and SSDA903 intake), when they are kept as
    things to put right. Returns the notification and the teams it was routed to.
    """
    payload = _payload_with(payload, placing_authority)
    result, host = _validate_for(payload, placing_authority)
    if result.errors and not store_invalid:
        raise NotificationRejected(result.errors)
    kind = result.fact("kind") or payload.get("kind")
    notification = _create(
        actor=actor,
        channel=channel,
        payload=payload,
        kind=kind,
        status=Notification.Status.INCOMPLETE,
        placing_authority=placing_authority or _council(result.fact("placing_authority")),
        host=host,
        sender_email=sender_email or result.fact("social_worker.email") or "",
        received_at=received_at or timezone.now(),
        original_message=original_message,
        attachments=attachments,
    )
    return _accept(notification, result, actor)


def _council(dfe_code: str | None) -> Organisation | None:
    if not dfe_code:
        return None
    return Organisation.objects.filter(kind=Organisation.Kind.COUNCIL, dfe_code=dfe_code).first()


def _create(
    *,
    actor,
    channel,
    payload,
    kind,
    status,
    placing_authority,
    host,
    sender_email,
    received_at,
    original_message=None,
    attachments=(),
) -> Notification:
    if kind not in Notification.Kind.values:
        kind = Notification.Kind.PLACEMENT_START
    notification = Notification.objects.create(
        reference=f"tmp-{secrets.token_hex(6)}",
        kind=kind,
        channel=channel,
        status=status,
        host_council=host or _default_host(),
        placing_authority=placing_authority,
        payload=payload,
        received_at=received_at,
        submitted_by=actor if getattr(actor, "is_authenticated", False) else None,
        sender_email=sender_email,
    )
    notification.reference = _new_reference(notification)
    if original_message is not None:
        notification.original_message.save(f"{notification.reference}.eml", ContentFile(original_message), save=False)
    notification.save()
    for item in attachments:
        attachment = NotificationAttachment(
            notification=notification,
            filename=item.filename[:255],
            content_type=item.content_type[:100],
            size=len(item.content),
        )
        attachment.file.save(item.filename[:100] or "attachment", ContentFile(item.content), save=False)
        attachment.save()
    return notification


def _accept(notification: Notification, result: ValidationResult, actor) -> tuple[Notification, list[str]]:
    """Timeliness, audit, registration (or a request for what is missing), acknowledgement."""
    timing = timeliness(notification.kind, result.facts, timezone.localdate(notification.received_at))
    notification.event_date, notification.due_date = timing.event_date, timing.due_date
    notification.late_working_days = timing.late_working_days
    notification.save(update_fields=["event_date", "due_date", "late_working_days", "updated_at"])
    audit_event_record(
        actor=actor,
        action="notification.receive",
        target=notification,
        host_council=notification.host_council,
        changes={
            "reference": [None, notification.reference],
            "kind": [None, notification.kind],
            "channel": [None, notification.channel],
        },
    )
    context = _Context(notification, result, actor)
    _process(context)
    _acknowledge(notification)
    return notification, context.routed_to


@transaction.atomic
def notification_draft_save(
    *,
    actor,
    draft: Notification | None,
    changes: dict,
    channel: str = Notification.Channel.WEB,
    placing_authority: Organisation | None = None,
    original_message: bytes | None = None,
    attachments: list[IncomingAttachment] = (),
    sender_email: str = "",
    host_council: HostCouncil | None = None,
    received_at: datetime | None = None,
) -> Notification:
    """Keep what the person has typed so far (web form), or what was found in an e-mail."""
    if draft is None:
        payload = _payload_with(changes, placing_authority)
        draft = _create(
            actor=actor,
            channel=channel,
            payload=payload,
            kind=payload.get("kind"),
            status=Notification.Status.DRAFT,
            placing_authority=placing_authority or _council(str(payload.get("placing_authority") or "")),
            host=host_council,
            sender_email=sender_email,
            received_at=received_at or timezone.now(),
            original_message=original_message,
            attachments=attachments,
        )
        audit_event_record(
            actor=actor,
            action="notification.draft",
            target=draft,
            host_council=draft.host_council,
            changes={"channel": [None, channel]},
        )
        return draft
    draft = Notification.objects.select_for_update().get(pk=draft.pk)
    if draft.status != Notification.Status.DRAFT:
        raise PermissionDenied("This notification has already been sent")
    draft.payload = payload_merge(draft.payload, changes, keep_blanks=True)
    if draft.payload.get("kind") in Notification.Kind.values:
        draft.kind = draft.payload["kind"]
    draft.placing_authority = (
        placing_authority or _council(str(draft.payload.get("placing_authority") or "")) or (draft.placing_authority)
    )
    draft.save(update_fields=["payload", "kind", "placing_authority", "updated_at"])
    return draft


@transaction.atomic
def notification_submit(
    *, actor, draft: Notification, placing_authority: Organisation | None = None
) -> tuple[Notification, list[str]]:
    """Send a draft: the same validation and registration as every other way in."""
    draft = Notification.objects.select_for_update().get(pk=draft.pk)
    if draft.status != Notification.Status.DRAFT:
        return draft, []
    result, host = _validate_for(draft.payload, placing_authority)
    if result.errors:
        raise NotificationRejected(result.errors)
    draft.host_council = host or draft.host_council or _default_host()
    draft.placing_authority = placing_authority or _council(result.fact("placing_authority"))
    draft.sender_email = draft.sender_email or result.fact("social_worker.email") or getattr(actor, "email", "")
    if draft.channel == Notification.Channel.WEB:
        draft.received_at = timezone.now()
    draft.status = Notification.Status.INCOMPLETE
    draft.save()
    return _accept(draft, result, actor)


def _resolve_host(result: ValidationResult) -> HostCouncil | None:
    postcode = result.fact("placement.address.postcode") or result.fact("move.address.postcode")
    return host_for_postcode(postcode)


def _process(context: _Context) -> None:
    """Register a complete notification; otherwise record what is missing and ask the sender."""
    notification, result = context.notification, context.result
    problems = [e.as_dict() for e in result.errors + result.missing]
    if problems or notification.host_council is None:
        notification.status = Notification.Status.INCOMPLETE
        notification.missing = problems
        notification.save(update_fields=["status", "missing", "updated_at"])
        _ask_sender_to_complete(notification)
        return
    outcome = _match(notification, result)
    if outcome.uncertain:
        notification.status = Notification.Status.AWAITING_MATCH
        notification.missing = []
        notification.save(update_fields=["status", "missing", "updated_at"])
        for candidate in outcome.candidates:
            MatchReview.objects.create(
                notification=notification, candidate=candidate.child, score=candidate.score, reasons=candidate.reasons
            )
        return
    if notification.kind != Notification.Kind.PLACEMENT_START and outcome.child is None:
        notification.status = Notification.Status.INCOMPLETE
        notification.missing = [
            {
                "field": "child",
                "message": (
                    "We could not find this child on the register. Check the name, date of birth, NHS number and "
                    "your council's child ID, or send a placement start notification first"
                ),
            }
        ]
        notification.save(update_fields=["status", "missing", "updated_at"])
        _ask_sender_to_complete(notification)
        return
    _register(context, outcome.child)


def _match(notification: Notification, result: ValidationResult) -> matching.MatchOutcome:
    return matching.child_match(
        host_council=notification.host_council,
        placing_authority=notification.placing_authority,
        first_name=result.fact("child.first_name"),
        last_name=result.fact("child.last_name"),
        date_of_birth=result.fact("child.date_of_birth"),
        nhs_number=result.fact("child.nhs_number"),
        upn=result.fact("child.upn"),
        local_id=result.fact("child.local_id"),
    )


_CHILD_FACTS = {
    "first_name": "child.first_name",
    "last_name": "child.last_name",
    "date_of_birth": "child.date_of_birth",
    "sex": "child.sex",
    "nhs_number": "child.nhs_number",
    "upn": "child.upn",
    "local_id": "child.local_id",
    "legal_status": "legal_status",
    "social_worker_name": "social_worker.name",
    "social_worker_email": "social_worker.email",
    "social_worker_phone": "social_worker.phone",
    "social_worker_team": "social_worker.team",
    "iro_name": "iro.name",
    "iro_email": "iro.email",
    "iro_phone": "iro.phone",
    "has_ehc_plan": "ehc_plan.has_plan",
}


def _register(context: _Context, child: Child | None) -> None:
    notification, result, actor = context.notification, context.result, context.actor
    facts = result.facts
    created = child is None
    before = snapshot(child) if child else {}
    if created:
        child = Child(host_council=notification.host_council, placing_authority=notification.placing_authority)
    for attribute, path in _CHILD_FACTS.items():
        if path in facts:
            setattr(child, attribute, facts[path])
    if "ehc_plan.maintaining_authority" in facts:
        child.ehc_maintaining_authority = Organisation.objects.get(
            kind=Organisation.Kind.COUNCIL, dfe_code=facts["ehc_plan.maintaining_authority"]
        )
    elif facts.get("ehc_plan.has_plan") is False:
        child.ehc_maintaining_authority = None
    if notification.kind == Notification.Kind.PLACEMENT_START:
        child.missing_facts = [e.as_dict() for e in result.recommended]
    child.save()
    audit_event_record(
        actor=actor,
        action="child.register" if created else "child.update",
        target=child,
        host_council=child.host_council,
        changes=changes_between(before, snapshot(child)),
    )
    if "legal_status" in facts and not child.legal_statuses.filter(legal_status=facts["legal_status"]).exists():
        LegalStatusRecord.objects.create(
            child=child,
            legal_status=facts["legal_status"],
            notification=notification,
            from_date=facts.get("placement.start_date") or timezone.localdate(notification.received_at),
        )

    if notification.kind == Notification.Kind.PLACEMENT_START:
        placement = _placement_start(notification, child, facts)
        if placement is not None:
            _route(context, child)
    elif notification.kind == Notification.Kind.CHANGE_OF_ADDRESS:
        _placement_move(notification, child, facts)
    else:
        _placement_end(notification, child, facts)

    notification.child = child
    notification.status = Notification.Status.REGISTERED
    notification.registered_at = timezone.now()
    notification.missing = []
    notification.save(update_fields=["child", "status", "registered_at", "missing", "updated_at"])


def _placement_start(notification: Notification, child: Child, facts: dict) -> Placement | None:
    start = facts["placement.start_date"]
    postcode = facts["placement.address.postcode"]
    values = {
        "placement_type": facts.get("placement.type", ""),
        "address_line1": facts.get("placement.address.line1", ""),
        "address_line2": facts.get("placement.address.line2", ""),
        "town": facts.get("placement.address.town", ""),
        "carer_name": facts.get("placement.carer", ""),
        "emergency": bool(facts.get("placement.emergency")),
        "end_date": facts.get("placement.end_date"),
        "end_reason": facts.get("placement.end_reason", ""),
    }
    existing = child.placements.filter(start_date=start, postcode=postcode).first()
    if existing is not None:  # the same placement notified again: update it, route nothing new
        before = snapshot(existing)
        for key, value in values.items():
            if value not in ("", None):
                setattr(existing, key, value)
        existing.save()
        audit_event_record(
            actor=None,
            action="placement.update",
            target=existing,
            host_council=child.host_council,
            changes=changes_between(before, snapshot(existing)),
        )
        return None
    # A new placement in the area ends any earlier one still open.
    for open_placement in child.placements.filter(end_date__isnull=True, start_date__lt=start):
        open_placement.end_date = start
        open_placement.save(update_fields=["end_date"])
    carer = _known_provider(child.host_council, values["carer_name"])
    placement = Placement.objects.create(
        child=child, notification=notification, start_date=start, postcode=postcode, carer=carer, **values
    )
    audit_event_record(
        actor=None,
        action="placement.start",
        target=placement,
        host_council=child.host_council,
        changes={"start_date": [None, start], "postcode": [None, postcode]},
    )
    return placement


def _known_provider(host, name: str) -> Organisation | None:
    """The carer or provider in the host area with exactly this name, so its staff see the child."""
    if not name:
        return None
    return Organisation.objects.filter(kind=Organisation.Kind.PROVIDER, located_in=host, name__iexact=name).first()


def _current_placement(child: Child) -> Placement | None:
    return child.placements.filter(end_date__isnull=True).order_by("-start_date").first()


def _placement_move(notification: Notification, child: Child, facts: dict) -> None:
    """A move within the host area starts a new placement at the new address; a move out ends it."""
    moved_on, postcode = facts["move.date"], facts["move.address.postcode"]
    current = _current_placement(child)
    if current is not None:
        current.end_date = moved_on
        current.save(update_fields=["end_date"])
        audit_event_record(
            actor=None,
            action="placement.end",
            target=current,
            host_council=child.host_council,
            changes={"end_date": [None, moved_on], "reason": [None, "change of address"]},
        )
    district = postcode_district(postcode)
    if district and district_in(district, child.host_council.postcode_districts):
        placement = Placement.objects.create(
            child=child,
            notification=notification,
            start_date=moved_on,
            postcode=postcode,
            address_line1=facts.get("move.address.line1", ""),
            address_line2=facts.get("move.address.line2", ""),
            town=facts.get("move.address.town", ""),
            placement_type=current.placement_type if current else "",
            carer=current.carer if current else None,
            carer_name=facts.get("placement.carer") or (current.carer_name if current else ""),
        )
        audit_event_record(
            actor=None,
            action="placement.start",
            target=placement,
            host_council=child.host_council,
            changes={"start_date": [None, moved_on], "postcode": [None, postcode]},
        )


def _placement_end(notification: Notification, child: Child, facts: dict) -> None:
    current = _current_placement(child)
    if current is None:
        return
    before = snapshot(current)
    current.end_date = max(facts["placement.end_date"], current.start_date)
    current.end_reason = facts["placement.end_reason"]
    current.save(update_fields=["end_date", "end_reason"])
    audit_event_record(
        actor=None,
        action="placement.end",
        target=current,
        host_council=child.host_council,
        changes=changes_between(before, snapshot(current)),
    )


def _route(context: _Context, child: Child) -> None:
    """Work items for each team whose rule applies (seed 001: R&A and the Virtual School always)."""
    notification = context.notification
    rules = RoutingRule.objects.filter(host_council=notification.host_council, active=True).select_related("team")
    now = timezone.now()
    for rule in rules:
        if rule.condition == RoutingRule.Condition.EHC_PLAN and not child.has_ehc_plan:
            continue
        item, created = WorkItem.objects.get_or_create(
            team=rule.team,
            notification=notification,
            defaults={
                "host_council": notification.host_council,
                "child": child,
                "escalate_at": add_working_hours(now, rule.escalate_after_working_hours),
            },
        )
        if not created:
            continue
        context.routed_to.append(rule.team.name)
        if rule.team.email:
            outbox_email_enqueue(
                to=rule.team.email,
                subject=f"New placement to acknowledge: {notification.reference}",
                body=(
                    f"A child placed in {notification.host_council.name} by {notification.placing_authority} "
                    f"needs acknowledging by {rule.team.name}.\n\nOpen your queue: "
                    f"{settings.SAFEGUARD_BASE_URL}{reverse('notifications:work_item_list')}\n\n"
                    "The child's details are in Safeguard, not in this e-mail."
                ),
                purpose="work_item.new",
                host_council=notification.host_council,
            )
        audit_event_record(
            actor=None,
            action="work_item.create",
            target=item,
            host_council=item.host_council,
            changes={"team": [None, rule.team.name]},
        )


def _acknowledge(notification: Notification) -> None:
    """Tell the sender we have it, with the reference (and what is missing, when it is incomplete)."""
    if not notification.sender_email:
        return
    lines = [f"Safeguard has received your notification. Its reference is {notification.reference}."]
    if notification.status == Notification.Status.REGISTERED:
        lines.append("The child is on the host council's register.")
    elif notification.status == Notification.Status.AWAITING_MATCH:
        lines.append("An officer is checking whether the child is already on the register.")
    if notification.late_working_days:
        lines.append(f"It arrived {notification.late_working_days} working day(s) after it was due.")
    outbox_email_enqueue(
        to=notification.sender_email,
        subject=f"Notification received: {notification.reference}",
        body="\n\n".join(lines),
        purpose="notification.acknowledge",
        host_council=notification.host_council,
    )


def _complete_link(notification: Notification) -> str:
    return f"{settings.SAFEGUARD_BASE_URL}{reverse('notifications:notification_complete', args=[notification.pk])}"


def _ask_sender_to_complete(notification: Notification) -> None:
    if not notification.sender_email:
        return
    needed = "\n".join(f"- {item['message']}" for item in notification.missing)
    outbox_email_enqueue(
        to=notification.sender_email,
        subject=f"More information needed: {notification.reference}",
        body=(
            f"Notification {notification.reference} is missing facts the host council needs:\n\n{needed}\n\n"
            f"Complete it here (sign in first): {_complete_link(notification)}"
        ),
        purpose="notification.incomplete",
        host_council=notification.host_council,
    )


def _may_change(actor, notification: Notification) -> bool:
    from .selectors import notifications_editable_by

    return notifications_editable_by(actor).filter(pk=notification.pk).exists()


@transaction.atomic
def notification_complete(*, actor, notification: Notification, payload: dict) -> tuple[Notification, list[str]]:
    """Add the missing facts to an incomplete notification and register it when it is complete."""
    if not _may_change(actor, notification):
        raise PermissionDenied
    notification = Notification.objects.select_for_update().get(pk=notification.pk)
    if notification.status != Notification.Status.INCOMPLETE:
        return notification, []
    merged = payload_merge(notification.payload, payload)
    result = notification_validate(merged)
    if result.errors:
        raise NotificationRejected(result.errors)
    before = {"payload": notification.payload}
    notification.payload = merged
    timing = timeliness(notification.kind, result.facts, timezone.localdate(notification.received_at))
    notification.event_date, notification.due_date = timing.event_date, timing.due_date
    notification.late_working_days = timing.late_working_days
    host = _resolve_host(result)
    if host is not None:
        notification.host_council = host
    notification.save()
    audit_event_record(
        actor=actor,
        action="notification.complete",
        target=notification,
        host_council=notification.host_council,
        changes=changes_between(before, {"payload": merged}),
    )
    context = _Context(notification, result, actor)
    _process(context)
    return notification, context.routed_to


def payload_merge(base: dict, extra: dict, keep_blanks: bool = False) -> dict:
    """`extra` over `base`, nested. Blank values clear a fact only when `keep_blanks` (a form's answer)."""
    merged = dict(base or {})
    for key, value in (extra or {}).items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = payload_merge(merged[key], value, keep_blanks)
        elif keep_blanks or value not in (None, ""):
            merged[key] = value
    return merged


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
    facts = result.facts
    child = Child(host_council=notification.host_council, placing_authority=notification.placing_authority)
    for attribute, path in _CHILD_FACTS.items():
        if path in facts:
            setattr(child, attribute, facts[path])
    child.save()
    moved = Placement.objects.filter(notification=notification).update(child=child)
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


@transaction.atomic
def work_item_acknowledge(*, actor, item: WorkItem, case_reference: str = "", note: str = "") -> WorkItem:
    """A team acknowledges a new placement; R&A records the children's case-system reference."""
    from .selectors import work_items_visible_to

    if not work_items_visible_to(actor).filter(pk=item.pk).exists():
        raise PermissionDenied
    item = WorkItem.objects.select_for_update().get(pk=item.pk)
    if item.status == WorkItem.Status.ACKNOWLEDGED:
        return item
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


@transaction.atomic
def work_items_escalate(*, now: datetime | None = None) -> int:
    """E-mail the team manager about work not acknowledged in time. Returns how many escalated."""
    now = now or timezone.now()
    due = (
        WorkItem.objects.select_for_update(skip_locked=True)
        .filter(status=WorkItem.Status.OPEN, escalated_at__isnull=True, escalate_at__lte=now)
        .select_related("team", "notification", "host_council")
    )
    count = 0
    for item in due:
        if item.team.manager_email:
            outbox_email_enqueue(
                to=item.team.manager_email,
                subject=f"Not yet acknowledged: {item.notification.reference}",
                body=(
                    f"A new placement routed to {item.team.name} on {item.created_at:%d %B %Y} has not been "
                    f"acknowledged. Open the queue: {settings.SAFEGUARD_BASE_URL}"
                    f"{reverse('notifications:work_item_list')}"
                ),
                purpose="work_item.escalate",
                host_council=item.host_council,
            )
        item.escalated_at = now
        item.save(update_fields=["escalated_at"])
        audit_event_record(actor=None, action="work_item.escalate", target=item, host_council=item.host_council)
        count += 1
    return count


@transaction.atomic
def notifications_chase(*, now: datetime | None = None) -> int:
    """Remind senders of incomplete notifications after NOTIFICATION_CHASE_WORKING_DAYS working days."""
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
            actor=None, action="notification.chase", target=notification, host_council=notification.host_council
        )
        count += 1
    return count
