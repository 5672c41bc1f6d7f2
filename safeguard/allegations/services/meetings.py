"""Evaluation and strategy meetings on an open referral."""

from datetime import date

from django.db import transaction
from django.utils import timezone

from ..confidential import audit_event_record
from ..models import LadoCase, LadoMeeting
from .common import CaseInvalid, _require_open_referral


@transaction.atomic
def lado_meeting_record(
    *, actor, case: LadoCase, kind: str, held_on: date | None, attendees: str, decisions: str
) -> LadoMeeting:
    """An evaluation or strategy meeting: date, who attended, what was decided."""
    case = LadoCase.objects.select_for_update().get(pk=case.pk)
    _require_open_referral(case, "kind")
    errors = {}
    if kind not in LadoMeeting.Kind.values:
        errors["kind"] = "Select the kind of meeting"
    if held_on is None:
        errors["held_on"] = "Enter the date of the meeting"
    elif held_on > timezone.localdate():
        errors["held_on"] = "The date of the meeting must be today or in the past: record it once it is held"
    elif held_on < timezone.localdate(case.received_at):
        errors["held_on"] = "The meeting cannot be before the case was received"
    if not attendees.strip():
        errors["attendees"] = "Enter who attended"
    if not decisions.strip():
        errors["decisions"] = "Enter what was decided"
    if errors:
        raise CaseInvalid(errors)
    meeting = LadoMeeting.objects.create(
        case=case,
        kind=kind,
        held_on=held_on,
        attendees=attendees.strip(),
        decisions=decisions.strip(),
        recorded_by=actor,
    )
    audit_event_record(
        actor=actor,
        action="lado_meeting.record",
        target=meeting,
        host_council=case.host_council,
        changes={"kind": [None, kind], "held_on": [None, held_on]},
    )
    return meeting
