"""Writes to the register: a child's entry, their legal status history and their placements.

Every change to `Child`, `Placement` and `LegalStatusRecord` is made here, by a named actor, with its
audit event in the same transaction. Other apps (notifications, for one) call these services with
the facts they were given; the register imports none of them.

Rules and their sources:
- a placement starts on a date at an address; a new placement in the host area ends any earlier one
  still open (Care Planning, Placement and Case Review (England) Regulations 2010, reg 13: notice of
  each placement);
- a move within the host area starts a new placement at the new address; a move out of it only ends
  the current one (reg 13, change of address);
- a placement ends no earlier than it started (reg 14; the database refuses it too).
"""

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.gb import nhs, upn

from safeguard.accounts.models import HostCouncil, Organisation
from safeguard.core.audit import audit_event_record, changes_between, snapshot
from safeguard.core.edits import edit_conflict_check
from safeguard.core.errors import ServiceRefusal
from safeguard.reference.postcodes import district_in, postcode_district

from .extensions import placements_changed
from .models import Child, LegalStatusRecord, Placement
from .selectors import current_placement_of, register_changed

# What a placing council tells the register about a child (the rest of the entry is the register's own).
CHILD_FIELDS = frozenset(
    {
        "first_name",
        "last_name",
        "date_of_birth",
        "sex",
        "nhs_number",
        "upn",
        "local_id",
        "legal_status",
        "social_worker_name",
        "social_worker_email",
        "social_worker_phone",
        "social_worker_team",
        "iro_name",
        "iro_email",
        "iro_phone",
        "has_ehc_plan",
        "ehc_maintaining_authority",
        "missing_facts",
    }
)


class RegisterRefusal(ServiceRefusal):
    """{field: problem}; nothing on the register was changed."""


def _set(child: Child, facts: dict[str, Any]) -> None:
    unknown = set(facts) - CHILD_FIELDS
    if unknown:
        # A caller's mistake, not a person's: no form has these fields.
        raise TypeError(f"Not a fact of a register entry: {', '.join(sorted(unknown))}")
    for name, value in facts.items():
        setattr(child, name, value)


def _legal_status_note(child: Child, *, from_date: date | None, notification) -> None:
    """Add the child's legal status to its history when the history does not have it yet (the
    history is only ever added to)."""
    if from_date is None or not child.legal_status:
        return
    if not child.legal_statuses.filter(legal_status=child.legal_status).exists():
        LegalStatusRecord.objects.create(
            child=child, legal_status=child.legal_status, notification=notification, from_date=from_date
        )


@transaction.atomic
def child_register(
    *,
    actor,
    host_council: HostCouncil,
    placing_authority: Organisation,
    facts: dict[str, Any],
    legal_status_from: date | None = None,
    notification=None,
) -> Child:
    """A new register entry: a child placed in `host_council`'s area by `placing_authority`.

    `facts` are the entry's fields (CHILD_FIELDS). With `legal_status_from`, the child's legal status
    starts its history on that date; `notification` is the notice the facts came from.
    """
    child = Child(host_council=host_council, placing_authority=placing_authority)
    _set(child, facts)
    child.save()
    audit_event_record(
        actor=actor,
        action="child.register",
        target=child,
        host_council=child.host_council,
        changes=changes_between({}, snapshot(child)),
    )
    if "legal_status" in facts:
        _legal_status_note(child, from_date=legal_status_from, notification=notification)
    return child


@transaction.atomic
def child_update(
    *,
    actor,
    child: Child,
    facts: dict[str, Any],
    legal_status_from: date | None = None,
    notification=None,
    reason: str = "",
) -> Child:
    """The facts a placing council has notified again or newly given, over the entry's own.

    A legal status not yet in the child's history is added to it from `legal_status_from`. A correction
    by a person (`child_correct`) gives its `reason`, kept in the audit event.
    """
    before = snapshot(child)
    _set(child, facts)
    child.save()
    changes = changes_between(before, snapshot(child))
    if reason:
        changes["reason"] = [None, reason]
    audit_event_record(
        actor=actor,
        action="child.correct" if reason else "child.update",
        target=child,
        host_council=child.host_council,
        changes=changes,
    )
    if "legal_status" in facts:
        _legal_status_note(child, from_date=legal_status_from, notification=notification)
    return child


@transaction.atomic
def child_split(
    *, actor, child: Child, placing_authority: Organisation | None, facts: dict[str, Any], notification
) -> tuple[Child, int]:
    """Undo a wrong match: the child that `notification` was about gets a register entry of their
    own again (placed by `placing_authority`, with `facts`), and the placements that notification
    started or moved move from `child` to it. Returns the new entry and how many placements moved.
    """
    if notification is None:
        raise TypeError("Name the notification whose child is split off")
    new_child = Child(host_council=child.host_council, placing_authority=placing_authority)
    _set(new_child, facts)
    new_child.save()
    moved = Placement.objects.filter(child=child, notification=notification).update(child=new_child)
    register_changed()  # an update() sends no signal
    audit_event_record(
        actor=actor,
        action="child.split",
        target=new_child,
        host_council=new_child.host_council,
        changes={"split_from": [None, child.pk], "placements_moved": [None, moved]},
    )
    placements_changed(child)
    placements_changed(new_child)
    return new_child, moved


def _known_provider(host: HostCouncil, name: str) -> Organisation | None:
    """The carer or provider in the host area with exactly this name, so its staff see the child."""
    if not name:
        return None
    return Organisation.objects.filter(kind=Organisation.Kind.PROVIDER, located_in=host, name__iexact=name).first()


@transaction.atomic
def placement_start(
    *,
    actor,
    child: Child,
    start_date: date,
    postcode: str,
    placement_type: str = "",
    address_line1: str = "",
    address_line2: str = "",
    town: str = "",
    carer_name: str = "",
    emergency: bool = False,
    end_date: date | None = None,
    end_reason: str = "",
    notification=None,
) -> tuple[Placement, bool]:
    """A placement starts in the host area (reg 13). Returns the placement and whether it is new.

    The same placement notified again (same start date and postcode) is updated with what is given,
    and is not new. A new placement ends any earlier one still open on its start date. A carer whose
    name is a provider's in the host area is linked to it, so the provider's staff see the child.
    """
    values = {
        "placement_type": placement_type,
        "address_line1": address_line1,
        "address_line2": address_line2,
        "town": town,
        "carer_name": carer_name,
        "emergency": bool(emergency),
        "end_date": end_date,
        "end_reason": end_reason,
    }
    if end_date is not None and end_date < start_date:
        raise RegisterRefusal({"end_date": "Placement end date must be on or after the placement start date"})
    existing = child.placements.filter(start_date=start_date, postcode=postcode).first()
    if existing is not None:
        before = snapshot(existing)
        for key, value in values.items():
            if value not in ("", None):
                setattr(existing, key, value)
        existing.save()
        audit_event_record(
            actor=actor,
            action="placement.update",
            target=existing,
            host_council=child.host_council,
            changes=changes_between(before, snapshot(existing)),
        )
        placements_changed(child)
        return existing, False
    for open_placement in child.placements.filter(end_date__isnull=True, start_date__lt=start_date):
        open_placement.end_date = start_date
        open_placement.save(update_fields=["end_date"])
    placement = Placement.objects.create(
        child=child,
        notification=notification,
        start_date=start_date,
        postcode=postcode,
        carer=_known_provider(child.host_council, carer_name),
        **values,
    )
    audit_event_record(
        actor=actor,
        action="placement.start",
        target=placement,
        host_council=child.host_council,
        changes={"start_date": [None, start_date], "postcode": [None, postcode]},
    )
    placements_changed(child)
    return placement, True


@transaction.atomic
def placement_move(
    *,
    actor,
    child: Child,
    moved_on: date,
    postcode: str,
    address_line1: str = "",
    address_line2: str = "",
    town: str = "",
    carer_name: str | None = None,
    placement_type: str | None = None,
    notification=None,
) -> Placement | None:
    """The child moved on `moved_on` (reg 13, change of address): the current placement ends; a move
    within the host area starts a new placement at the new address. `carer_name` and `placement_type`
    are the new carer and type when they changed, None when the placing council said they did not
    (the current placement's carry over). Returns the new placement, or None for a move out of the area."""
    current = current_placement_of(child)
    if current is not None:
        current.end_date = moved_on
        current.save(update_fields=["end_date"])
        audit_event_record(
            actor=actor,
            action="placement.end",
            target=current,
            host_council=child.host_council,
            changes={"end_date": [None, moved_on], "reason": [None, "change of address"]},
        )
    district = postcode_district(postcode)
    if not (district and district_in(district, child.host_council.postcode_districts)):
        placements_changed(child)
        return None
    placement = Placement.objects.create(
        child=child,
        notification=notification,
        start_date=moved_on,
        postcode=postcode,
        address_line1=address_line1,
        address_line2=address_line2,
        town=town,
        placement_type=placement_type if placement_type is not None else (current.placement_type if current else ""),
        carer=(
            _known_provider(child.host_council, carer_name)
            if carer_name is not None
            else (current.carer if current else None)
        ),
        carer_name=carer_name if carer_name is not None else (current.carer_name if current else ""),
    )
    audit_event_record(
        actor=actor,
        action="placement.start",
        target=placement,
        host_council=child.host_council,
        changes={"start_date": [None, moved_on], "postcode": [None, postcode]},
    )
    placements_changed(child)
    return placement


@transaction.atomic
def placement_end(*, actor, child: Child, end_date: date, end_reason: str) -> Placement | None:
    """The child's current placement ends (reg 14), with its SSDA903 reason. An end date before the
    start is taken as the start date (the notice is checked against the start before it gets here).
    Returns the ended placement, or None when the child has no current placement."""
    current = current_placement_of(child)
    if current is None:
        return None
    before = snapshot(current)
    current.end_date = max(end_date, current.start_date)
    current.end_reason = end_reason
    current.save(update_fields=["end_date", "end_reason"])
    audit_event_record(
        actor=actor,
        action="placement.end",
        target=current,
        host_council=child.host_council,
        changes=changes_between(before, snapshot(current)),
    )
    placements_changed(child)
    return current


# What a person may correct on a child's entry (the rest comes with notifications).
CORRECTABLE_FIELDS = ("first_name", "last_name", "date_of_birth", "sex", "nhs_number", "upn", "local_id")


@transaction.atomic
def child_correct(*, actor, child: Child, facts: dict[str, Any], reason: str, opened: str | None = None) -> Child:
    """A placing social worker of the child's council, or the host's SQA officers, correct the child's
    details (a misspelt name, a wrong date of birth) through `child_update`, with the reason, which the
    audit keeps. Refused without a reason, or with a name left blank or a date of birth not in the past;
    refused (EditConflict) when the entry changed since the form was opened at version `opened`."""
    from .selectors import child_correctable_by

    if not child_correctable_by(actor).filter(pk=child.pk).exists():
        raise PermissionDenied
    edit_conflict_check(anchor=child, opened=opened, noun="child's entry")
    child.refresh_from_db()
    facts = {name: value for name, value in facts.items() if name in CORRECTABLE_FIELDS}
    errors = {}
    for name, label in (("first_name", "first name"), ("last_name", "last name")):
        if name in facts and not str(facts[name] or "").strip():
            errors[name] = f"Enter the child's {label}"
    born = facts.get("date_of_birth")
    if "date_of_birth" in facts and born is None:
        errors["date_of_birth"] = "Enter the child's date of birth"
    elif born is not None and born >= timezone.localdate():
        errors["date_of_birth"] = "The child's date of birth must be in the past"
    if facts.get("nhs_number"):
        try:
            facts["nhs_number"] = nhs.validate(facts["nhs_number"])
        except StdnumError:
            errors["nhs_number"] = "Enter a real NHS number, like 943 476 5919"
    if facts.get("upn"):
        try:
            facts["upn"] = upn.validate(facts["upn"])
        except StdnumError:
            errors["upn"] = "Enter a real unique pupil number (UPN), like A123456789012"
    if not reason.strip():
        errors["reason"] = "Enter why you are correcting the child's details"
    if errors:
        raise RegisterRefusal(errors)
    facts = {name: (value.strip() if isinstance(value, str) else value) for name, value in facts.items()}
    changed = {name: value for name, value in facts.items() if getattr(child, name) != value}
    if not changed:
        raise RegisterRefusal({"__all__": "Nothing was changed: change a detail, or go back"})
    return child_update(actor=actor, child=child, facts=changed, reason=reason.strip())
