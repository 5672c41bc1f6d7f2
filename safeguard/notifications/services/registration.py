"""Registering a complete notification: matching the child, the register entry, placements, routing to teams."""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from safeguard.accounts.models import Organisation
from safeguard.core.audit import audit_event_record, changes_between, snapshot
from safeguard.core.outbox import outbox_email_enqueue
from safeguard.core.working_days import add_working_hours
from safeguard.reference.postcodes import district_in, postcode_district
from safeguard.register.models import Child, LegalStatusRecord, Placement

from .. import matching
from ..models import MatchReview, Notification, RoutingRule, WorkItem
from ..validation import FieldError, ValidationResult
from .common import NotificationRejected, _Context
from .emails import _ask_sender_to_complete


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
    if notification.kind == Notification.Kind.PLACEMENT_END and outcome.child is not None:
        current = _current_placement(outcome.child)
        end = result.fact("placement.end_date")
        if current is not None and end is not None and end < current.start_date:
            started = current.start_date
            error = FieldError(
                "placement.end_date",
                f"Placement end date must be on or after the placement start date, {started.day} {started:%B %Y}",
            )
            if not context.keep_invalid:
                raise NotificationRejected([error])
            notification.status = Notification.Status.INCOMPLETE
            notification.missing = [error.as_dict()]
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
