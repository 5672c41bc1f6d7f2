"""Writes to a host council's retention schedule and legal holds: its administrator's alone, audited."""

import re
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from safeguard.accounts.models import HostCouncil, Role
from safeguard.core.audit import audit_event_record, changes_between
from safeguard.core.errors import ServiceRefusal

from . import registry
from .models import LegalHold, RetentionRule
from .schedule import Disposal, RecordClass, RunsFrom
from .selectors import schedule_line_for

NOT_ADMIN = "Only the council's administrator can change its retention schedule and legal holds"
# A period longer than this is a typing slip (1,200 years), not a decision.
MAX_MONTHS = 150 * 12
CHILD_REFERENCE = re.compile(r"^SG\d+$")


def _administrator_check(actor, host_council: HostCouncil) -> None:
    if getattr(actor, "role", "") != Role.HOST_ADMIN or getattr(actor, "host_council", None) != host_council:
        raise ServiceRefusal({"__all__": NOT_ADMIN})


@dataclass
class RuleDetails:
    period_months: int
    runs_from: str
    or_pension_age: bool
    disposal: str
    grace_days: int
    source: str


RULE_FIELDS = ["period_months", "runs_from", "or_pension_age", "disposal", "grace_days", "source"]


@transaction.atomic
def retention_rule_set(*, actor, host_council: HostCouncil, record_class: str, details: RuleDetails) -> RetentionRule:
    """Set how long one class of record is kept, from when, and how it is disposed of.

    The council's schedule is its own decision (UK GDPR art. 5(1)(e), storage limitation); the change
    is audited with what it was before (the default, when the class had not been changed).
    """
    _administrator_check(actor, host_council)
    if record_class not in RecordClass.values:
        raise ServiceRefusal({"__all__": "Choose a class of record from the schedule"})
    errors = {}
    if not 1 <= details.period_months <= MAX_MONTHS:
        errors["period_months"] = "Period must be between 1 month and 150 years"
    if details.runs_from not in RunsFrom.values:
        errors["runs_from"] = "Select the date the period runs from"
    if details.disposal not in Disposal.values:
        errors["disposal"] = "Select how records of this class are disposed of"
    if not 0 <= details.grace_days <= 365:
        errors["grace_days"] = "Grace period must be between 0 and 365 days"
    if not details.source.strip():
        errors["source"] = "Enter where the period comes from: the law, guidance or the council's decision"
    if errors:
        raise ServiceRefusal(errors)
    before_line = schedule_line_for(host_council, record_class)
    before = {name: getattr(before_line, name) for name in RULE_FIELDS}
    after = {**details.__dict__, "source": details.source.strip()}
    changes = changes_between(before, after)
    rule = (
        RetentionRule.objects.select_for_update().filter(host_council=host_council, record_class=record_class).first()
    )
    if not changes:
        return rule or RetentionRule(host_council=host_council, record_class=record_class, **after)
    if rule is None:
        rule = RetentionRule(host_council=host_council, record_class=record_class)
    for name, value in after.items():
        setattr(rule, name, value)
    rule.updated_by = actor
    rule.save()
    audit_event_record(
        actor=actor,
        action="records.rule_set",
        target=rule,
        host_council=host_council,
        changes={"record_class": [record_class, record_class], **changes},
    )
    return rule


@dataclass
class HoldDetails:
    name: str
    reason: str
    requested_by: str
    record_classes: list[str]
    child_references: list[str]


def _references(text_or_list) -> list[str]:
    if isinstance(text_or_list, str):
        text_or_list = re.split(r"[\s,]+", text_or_list)
    return sorted({ref.strip().upper() for ref in text_or_list if ref.strip()})


@transaction.atomic
def legal_hold_place(*, actor, host_council: HostCouncil, details: HoldDetails) -> LegalHold:
    """Place a legal hold: nothing it covers is reviewed for disposal or disposed of until it is lifted.

    Public inquiries (the Independent Inquiry into Child Sexual Abuse, from 2015) ordered councils to
    suspend the destruction of relevant records; litigation and practice reviews do the same.
    """
    _administrator_check(actor, host_council)
    name, reason, requested_by = details.name.strip(), details.reason.strip(), details.requested_by.strip()
    classes = [c for c in RecordClass.values if c in set(details.record_classes)]
    references = _references(details.child_references)
    errors = {}
    if not name:
        errors["name"] = "Enter the hold's name, for example the inquiry's"
    elif LegalHold.objects.filter(host_council=host_council, name__iexact=name, lifted_at__isnull=True).exists():
        errors["name"] = f"A hold named {name} is already in force: choose another name"
    if not reason:
        errors["reason"] = "Enter why records are held"
    if not requested_by:
        errors["requested_by"] = "Enter who asked for the hold: the inquiry, court or review"
    if set(details.record_classes) - set(RecordClass.values):
        errors["record_classes"] = "Choose classes of record from the list"
    bad = [ref for ref in references if not CHILD_REFERENCE.match(ref)]
    unknown = [ref for ref in references if ref not in bad and not registry.child_reference_known(host_council, ref)]
    if bad:
        errors["child_references"] = f"Enter register references like SG123 (not {', '.join(bad)})"
    elif unknown:
        errors["child_references"] = f"No child on the register has the reference {', '.join(unknown)}"
    if not classes and not references and "child_references" not in errors:
        errors["record_classes"] = "Choose the classes of record held, or enter the children held, or both"
    if errors:
        raise ServiceRefusal(errors)
    hold = LegalHold.objects.create(
        host_council=host_council,
        name=name,
        reason=reason,
        requested_by=requested_by,
        record_classes=classes,
        child_references=references,
        placed_at=timezone.now(),
        placed_by=actor,
    )
    audit_event_record(
        actor=actor,
        action="records.hold_place",
        target=hold,
        host_council=host_council,
        changes={
            "name": [None, name],
            "reason": [None, reason],
            "requested_by": [None, requested_by],
            "record_classes": [None, classes],
            "child_references": [None, references],
        },
    )
    return hold


@transaction.atomic
def legal_hold_lift(*, actor, hold: LegalHold, reason: str) -> LegalHold:
    """Lift a hold, with the reason: what it covered may be reviewed for disposal again."""
    _administrator_check(actor, hold.host_council)
    hold = LegalHold.objects.select_for_update().get(pk=hold.pk)
    if not hold.in_force:
        raise ServiceRefusal({"__all__": "This hold has already been lifted"})
    if not reason.strip():
        raise ServiceRefusal({"lift_reason": "Enter why the hold is lifted"})
    hold.lifted_at, hold.lifted_by, hold.lift_reason = timezone.now(), actor, reason.strip()
    hold.save(update_fields=["lifted_at", "lifted_by", "lift_reason"])
    audit_event_record(
        actor=actor,
        action="records.hold_lift",
        target=hold,
        host_council=hold.host_council,
        changes={"lifted_at": [None, hold.lifted_at], "lift_reason": [None, hold.lift_reason]},
    )
    return hold
