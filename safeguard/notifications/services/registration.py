"""Registering a complete notification: matching the child, putting it on the register (the register's
services write the entry and its placements), routing to teams."""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from safeguard.core.audit import AuditEntry, audit_events_record
from safeguard.core.locks import advisory_lock
from safeguard.core.outbox import OutboxEmail, outbox_emails_enqueue
from safeguard.core.working_days import add_working_hours
from safeguard.reference.selectors import council_by_dfe_code
from safeguard.register import services as register
from safeguard.register.models import Child
from safeguard.register.selectors import current_placement_of

from .. import matching
from ..areas import host_for_postcode
from ..models import MatchReview, Notification, RoutingRule, WorkItem
from ..validation import FieldError, ValidationResult
from .common import NotificationRejected, _Context, _transition
from .emails import _ask_sender_to_complete


def _process(context: _Context) -> None:
    """Register a complete notification; otherwise record what is missing and ask the sender."""
    notification, result = context.notification, context.result
    problems = [e.as_dict() for e in result.errors + result.missing]
    if problems or notification.host_council is None:
        _transition(notification, Notification.Status.INCOMPLETE)
        notification.missing = problems
        notification.save(update_fields=["status", "missing", "updated_at"])
        _register_placed_child(context)
        _ask_sender_to_complete(notification)
        return
    if notification.child_id and notification.kind == Notification.Kind.PLACEMENT_START:
        # On the register since its first, incomplete, version: the same child, now complete.
        _register(context, notification.child)
        return
    outcome = _match(notification, result)
    if outcome.uncertain:
        _transition(notification, Notification.Status.AWAITING_MATCH)
        notification.missing = []
        notification.save(update_fields=["status", "missing", "updated_at"])
        for candidate in outcome.candidates:
            MatchReview.objects.create(
                notification=notification, candidate=candidate.child, score=candidate.score, reasons=candidate.reasons
            )
        return
    if notification.kind != Notification.Kind.PLACEMENT_START and outcome.child is None:
        _transition(notification, Notification.Status.INCOMPLETE)
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
        current = current_placement_of(outcome.child)
        end = result.fact("placement.end_date")
        if current is not None and end is not None and end < current.start_date:
            started = current.start_date
            error = FieldError(
                "placement.end_date",
                f"Placement end date must be on or after the placement start date, {started.day} {started:%B %Y}",
            )
            if not context.keep_invalid:
                raise NotificationRejected([error])
            _transition(notification, Notification.Status.INCOMPLETE)
            notification.missing = [error.as_dict()]
            notification.save(update_fields=["status", "missing", "updated_at"])
            _ask_sender_to_complete(notification)
            return
    _register(context, outcome.child)


_PLACED_CHILD_FACTS = ("child.first_name", "child.last_name", "child.date_of_birth", "placement.address.postcode")


def _register_placed_child(context: _Context) -> None:
    """An incomplete placement start still puts the child on the host's register, marked with the facts
    missing, when it says who the child is and where they live: the host must see every child placed
    in its area from the first notification. The teams are told when it is complete (`_register`)."""
    notification, result, actor = context.notification, context.result, context.actor
    facts = result.facts
    if notification.kind != Notification.Kind.PLACEMENT_START or notification.placing_authority is None:
        return
    if any(path not in facts for path in _PLACED_CHILD_FACTS):
        return
    if host_for_postcode(facts["placement.address.postcode"]) != notification.host_council:
        return
    child_facts = _child_facts(notification, result)
    child_facts["missing_facts"] = [e.as_dict() for e in result.missing + result.recommended]
    child = notification.child
    if child is None:
        outcome = _match(notification, result)
        if outcome.uncertain:
            return  # an officer decides who the child is once the notification is complete
        child = outcome.child
    child = _child_on_register(notification, child, child_facts, facts, actor)
    if facts.get("placement.start_date"):
        _start_placement(child, notification, facts, actor)
    notification.child = child
    notification.save(update_fields=["child", "updated_at"])


def _start_placement(child: Child, notification: Notification, facts: dict, actor):
    return register.placement_start(
        actor=actor,
        child=child,
        notification=notification,
        start_date=facts["placement.start_date"],
        postcode=facts["placement.address.postcode"],
        placement_type=facts.get("placement.type", ""),
        address_line1=facts.get("placement.address.line1", ""),
        address_line2=facts.get("placement.address.line2", ""),
        town=facts.get("placement.address.town", ""),
        carer_name=facts.get("placement.carer", ""),
        emergency=bool(facts.get("placement.emergency")),
        end_date=facts.get("placement.end_date"),
        end_reason=facts.get("placement.end_reason", ""),
    )


def _match(notification: Notification, result: ValidationResult) -> matching.MatchOutcome:
    """Who the notified child is on the register. Two notifications of one child at the same moment
    (two councils' systems, the API and an e-mail) would each find no entry and each add one: the
    match and the entry it leads to are made under a lock per host council and date of birth, held
    until the transaction commits, so the second looks after the first's entry is there (ADR 0033)."""
    advisory_lock("child-match", notification.host_council_id, result.fact("child.date_of_birth") or "")
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


def _child_facts(notification: Notification, result: ValidationResult) -> dict:
    """The register entry's fields, from the notification's facts."""
    facts = result.facts
    values = {attribute: facts[path] for attribute, path in _CHILD_FACTS.items() if path in facts}
    if "ehc_plan.maintaining_authority" in facts:
        values["ehc_maintaining_authority"] = council_by_dfe_code(facts["ehc_plan.maintaining_authority"])
    elif facts.get("ehc_plan.has_plan") is False:
        values["ehc_maintaining_authority"] = None
    if notification.kind == Notification.Kind.PLACEMENT_START:
        values["missing_facts"] = [e.as_dict() for e in result.recommended]
    return values


def _child_on_register(notification: Notification, child: Child | None, child_facts: dict, facts: dict, actor) -> Child:
    """A new register entry for the notified child, or the notified facts over their entry (the
    register's services); the legal status's history starts from the placement, else the notice."""
    legal_status_from = facts.get("placement.start_date") or timezone.localdate(notification.received_at)
    if child is None:
        return register.child_register(
            actor=actor,
            host_council=notification.host_council,
            placing_authority=notification.placing_authority,
            facts=child_facts,
            legal_status_from=legal_status_from,
            notification=notification,
        )
    return register.child_update(
        actor=actor, child=child, facts=child_facts, legal_status_from=legal_status_from, notification=notification
    )


def _register(context: _Context, child: Child | None) -> None:
    """Put the notified facts on the register (the register's services), then mark it registered."""
    notification, result, actor = context.notification, context.result, context.actor
    facts = result.facts
    child_facts = _child_facts(notification, result)
    child = _child_on_register(notification, child, child_facts, facts, actor)

    if notification.kind == Notification.Kind.PLACEMENT_START:
        placement, started = _start_placement(child, notification, facts, actor)
        # The same placement notified again routes nothing new; one this notification started while it
        # was incomplete is routed now that it is complete.
        if started or (placement.notification_id == notification.pk and not notification.work_items.exists()):
            _route(context, child)
    elif notification.kind == Notification.Kind.CHANGE_OF_ADDRESS:
        register.placement_move(
            actor=actor,
            child=child,
            notification=notification,
            moved_on=facts["move.date"],
            postcode=facts["move.address.postcode"],
            address_line1=facts.get("move.address.line1", ""),
            address_line2=facts.get("move.address.line2", ""),
            town=facts.get("move.address.town", ""),
            carer_name=facts.get("move.carer", "") if facts.get("move.carer_changed") else None,
            placement_type=facts.get("move.type", "") if facts.get("move.type_changed") else None,
        )
    else:
        register.placement_end(
            actor=actor,
            child=child,
            end_date=facts["placement.end_date"],
            end_reason=facts["placement.end_reason"],
        )

    notification.child = child
    _transition(notification, Notification.Status.REGISTERED)
    notification.registered_at = timezone.now()
    notification.missing = []
    notification.save(update_fields=["child", "status", "registered_at", "missing", "updated_at"])


def _route(context: _Context, child: Child) -> None:
    """Work items for each team whose rule applies (seed 001: R&A and the Virtual School always): the
    items, their teams' e-mails and their audit events each written in one statement."""
    notification = context.notification
    rules = [
        rule
        for rule in RoutingRule.objects.filter(host_council=notification.host_council, active=True).select_related(
            "team"
        )
        if not (rule.condition == RoutingRule.Condition.EHC_PLAN and not child.has_ehc_plan)
    ]
    if not rules:
        return
    routed = set(notification.work_items.values_list("team_id", flat=True))
    once_per_team = []
    for rule in rules:  # one work item a team, whichever of its rules applied first
        if rule.team_id not in routed:
            routed.add(rule.team_id)
            once_per_team.append(rule)
    rules = once_per_team
    now = timezone.now()
    items = WorkItem.objects.bulk_create(
        WorkItem(
            team=rule.team,
            notification=notification,
            host_council=notification.host_council,
            child=child,
            escalate_at=add_working_hours(now, rule.escalate_after_working_hours),
        )
        for rule in rules
    )
    queue = f"{settings.SAFEGUARD_BASE_URL}{reverse('notifications:work_item_list')}"
    outbox_emails_enqueue(
        [
            OutboxEmail(
                to=rule.team.email,
                subject=f"New placement to acknowledge: {notification.reference}",
                body=(
                    f"A child placed in {notification.host_council.name} by {notification.placing_authority} "
                    f"needs acknowledging by {rule.team.name}.\n\nOpen your queue: {queue}\n\n"
                    "The child's details are in Safeguard, not in this e-mail."
                ),
                purpose="work_item.new",
                host_council=notification.host_council,
            )
            for rule in rules
            if rule.team.email
        ]
    )
    context.routed_to.extend(rule.team.name for rule in rules)
    audit_events_record(
        actor=context.actor,
        entries=[
            AuditEntry(
                action="work_item.create",
                target=item,
                host_council=item.host_council,
                changes={"team": [None, rule.team.name]},
            )
            for rule, item in zip(rules, items, strict=True)
        ],
    )
