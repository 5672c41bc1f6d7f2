"""What the LADO services share: the refusal, the clock, references, the team's alert, and the case's
workflow (`LadoCase.TRANSITIONS`), moved only by `_transition`."""

import secrets
from datetime import datetime, time

from django.utils import timezone

from safeguard.accounts.models import Team
from safeguard.core.errors import ServiceRefusal
from safeguard.core.working_days import WORKDAY_END_HOUR, add_working_days
from safeguard.reference.selectors import team_email

from ..confidential import outbox_email_enqueue
from ..models import LadoCase


class CaseInvalid(ServiceRefusal):
    """Field-by-field problems; nothing was saved."""


def initial_consideration_due(received_at: datetime) -> datetime:
    """The end (17:00) of the next working day after receipt: the LADO considers within one working day.

    Received on a Friday before a bank-holiday Monday: due on the Tuesday. English bank holidays.
    """
    day = add_working_days(timezone.localtime(received_at).date(), 1)
    return timezone.make_aware(datetime.combine(day, time(WORKDAY_END_HOUR)))


def _new_reference(received_at: datetime) -> str:
    """LADO-<year>-<six random digits>: short, and says nothing about the case or how many there are."""
    year = timezone.localtime(received_at).year
    for _ in range(20):
        reference = f"LADO-{year}-{secrets.randbelow(1_000_000):06d}"
        if not LadoCase.objects.filter(reference=reference).exists():
            return reference
    raise RuntimeError("Could not find a free LADO reference")


def _alert_lado(case: LadoCase) -> None:
    """The LADO team hears that a referral arrived; its details stay in Safeguard."""
    address = team_email(case.host_council, Team.Kind.LADO)
    if address:
        outbox_email_enqueue(
            to=address,
            subject=f"New LADO referral {case.reference}",
            body=f"A new referral, {case.reference}, arrived. Open Safeguard to read it: the initial "
            f"consideration is due by {timezone.localtime(case.initial_consideration_due_at):%-I:%M%p on %A %-d %B %Y}.",
            purpose="lado.alert",
            host_council=case.host_council,
        )


TRIAGE_DECISIONS = (LadoCase.Status.CONSULTATION, LadoCase.Status.REFERRAL)


OPEN_REFERRALS_ONLY = "Meetings, actions and closure are for open referrals: consider the case first"


def _transition_check(case: LadoCase, to: str, *, field: str, message: str) -> None:
    """Refuse (TransitionRefused, its message on `field`) unless `LadoCase.TRANSITIONS` lets the case move to `to`."""
    LadoCase.TRANSITIONS.check(case.status, to, noun="case", message=message, field=field)


def _transition(case: LadoCase, to: str, *, field: str, message: str) -> None:
    """The one place a case's status changes: checked against `LadoCase.TRANSITIONS`, saved by the caller."""
    _transition_check(case, to, field=field, message=message)
    case.status = to


def _require_open_referral(case: LadoCase, field: str) -> None:
    """Meetings and actions belong to a referral still open: one that may yet be closed."""
    if not LadoCase.TRANSITIONS.may(case.status, LadoCase.Status.CLOSED):
        raise CaseInvalid({field: OPEN_REFERRALS_ONLY})
