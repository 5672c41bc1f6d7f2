"""Shared pieces of the notification services: errors, the status workflow, timeliness (reg 13 and 14),
references."""

from dataclasses import dataclass, field
from datetime import date

from safeguard.accounts.models import HostCouncil
from safeguard.core.errors import ServiceRefusal
from safeguard.core.working_days import add_working_days, working_days_between

from ..models import Notification
from ..validation import FieldError, ValidationResult

START_NOTICE_EMERGENCY_WORKING_DAYS = 5  # reg 13
END_NOTICE_WORKING_DAYS = 10  # reg 14


class NotificationRejected(ServiceRefusal):
    """The notification has values that cannot be right; nothing was stored.

    `errors` is {field path: message} (the first message for each path), as every refusal has;
    `field_errors` keeps each FieldError in order, for the API's problem document.
    """

    def __init__(self, errors: list[FieldError]):
        by_field: dict[str, str] = {}
        for error in errors:
            by_field.setdefault(error.field, error.message)
        super().__init__(by_field)
        self.args = ("; ".join(f"{e.field}: {e.message}" for e in errors),)
        self.field_errors = list(errors)


def _transition(notification: Notification, to: str) -> None:
    """Move the notification's status, if its workflow (Notification.TRANSITIONS) allows the step;
    the caller saves it. Otherwise TransitionRefused, and nothing changes."""
    Notification.TRANSITIONS.check(notification.status, to, noun="notification")
    notification.status = to


@dataclass
class IncomingAttachment:
    filename: str
    content_type: str
    content: bytes
    note: str = ""  # what reading it for facts gave, shown to the officer


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
    # E-mail and SSDA903 intake keep a notification whose values cannot be right, to put right;
    # every other way in refuses it.
    keep_invalid: bool = False
