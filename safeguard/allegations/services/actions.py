"""Actions on an open referral, each with an owner and a due date, marked done."""

from datetime import date

from django.db import transaction
from django.utils import timezone

from ..confidential import audit_event_record
from ..models import LadoAction, LadoCase
from .common import CaseInvalid, _require_open_referral


@transaction.atomic
def lado_action_add(
    *, actor, case: LadoCase, kind: str, owner: str, due_on: date | None, description: str = ""
) -> LadoAction:
    """An action with an owner and a due date: police, employer, regulator, DBS, suspension."""
    case = LadoCase.objects.select_for_update().get(pk=case.pk)
    _require_open_referral(case, "kind")
    errors = {}
    if kind not in LadoAction.Kind.values:
        errors["kind"] = "Select the kind of action"
    if not owner.strip():
        errors["owner"] = "Enter who owns the action"
    if due_on is None:
        errors["due_on"] = "Enter the due date"
    elif due_on < timezone.localdate(case.received_at):
        errors["due_on"] = "The due date cannot be before the case was received"
    if kind == LadoAction.Kind.OTHER and not description.strip():
        errors["description"] = "Describe the action"
    if errors:
        raise CaseInvalid(errors)
    action = LadoAction.objects.create(
        case=case, kind=kind, owner=owner.strip(), due_on=due_on, description=description.strip(), recorded_by=actor
    )
    audit_event_record(
        actor=actor,
        action="lado_action.add",
        target=action,
        host_council=case.host_council,
        changes={"kind": [None, kind], "due_on": [None, due_on]},
    )
    return action


@transaction.atomic
def lado_action_complete(*, actor, action: LadoAction, done_on: date | None = None) -> LadoAction:
    action = LadoAction.objects.select_for_update().select_related("case__host_council").get(pk=action.pk)
    done_on = done_on or timezone.localdate()
    if action.done_on is not None:
        raise CaseInvalid({"done_on": "This action is already done"})
    if done_on > timezone.localdate():
        raise CaseInvalid({"done_on": "The date must be today or in the past"})
    action.done_on = done_on
    action.save(update_fields=["done_on"])
    audit_event_record(
        actor=actor,
        action="lado_action.complete",
        target=action,
        host_council=action.case.host_council,
        changes={"done_on": [None, done_on]},
    )
    return action
