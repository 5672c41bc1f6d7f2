"""The return-home interview after each return: due, then held or offered and declined (`ReturnHomeInterview.TRANSITIONS`)."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from safeguard.core.audit import audit_event_record
from safeguard.core.outbox import outbox_email_enqueue

from ..models import ReturnHomeInterview
from .common import EpisodeInvalid, child_link


def _interview_transition_check(interview: ReturnHomeInterview, to: str) -> None:
    """Refuse (TransitionRefused) unless `ReturnHomeInterview.TRANSITIONS` lets the interview move to `to`."""
    ReturnHomeInterview.TRANSITIONS.check(
        interview.outcome, to, noun="interview", message="This interview has already been recorded", field="outcome"
    )


def _interview_transition(interview: ReturnHomeInterview, to: str) -> None:
    """The one place an interview's outcome changes, checked against `ReturnHomeInterview.TRANSITIONS`."""
    _interview_transition_check(interview, to)
    interview.outcome = to


@transaction.atomic
def return_interview_record(
    *,
    actor,
    interview: ReturnHomeInterview,
    outcome: str,
    held_at: datetime,
    interviewer: str,
    interviewer_organisation: str,
    independent: bool,
    learned: str = "",
    shared_with_placing_council: bool = False,
) -> ReturnHomeInterview:
    """Record the interview (or that it was offered and declined), by someone independent of the placement."""
    interview = ReturnHomeInterview.objects.select_for_update().select_related("episode").get(pk=interview.pk)
    errors = {}
    if outcome not in ReturnHomeInterview.TRANSITIONS.targets(ReturnHomeInterview.Outcome.DUE):
        errors["outcome"] = "Select whether the interview was held or offered and declined"
    else:
        _interview_transition_check(interview, outcome)  # a recorded interview is refused before its answers are read
    if held_at > timezone.now():
        errors["held_at"] = "The date and time must be in the past"
    elif held_at < interview.episode.returned_at:
        errors["held_at"] = "The interview must be after the child returned"
    if not interviewer.strip():
        errors["interviewer"] = "Enter who held or offered the interview"
    if not independent:
        errors["independent"] = "The interview must be by someone independent of the placement: confirm that it was"
    if errors:
        raise EpisodeInvalid(errors)
    _interview_transition(interview, outcome)
    interview.held_at = held_at
    interview.interviewer, interview.interviewer_organisation = interviewer.strip(), interviewer_organisation.strip()
    interview.learned, interview.shared_with_placing_council = learned, shared_with_placing_council
    interview.recorded_by, interview.recorded_at = actor, timezone.now()
    interview.save()
    child = interview.episode.child
    audit_event_record(
        actor=actor,
        action="return_interview.record",
        target=interview,
        host_council=child.host_council,
        changes={"outcome": ["due", outcome], "on_time": [None, interview.on_time]},
    )
    if shared_with_placing_council and child.social_worker_email:
        outbox_email_enqueue(
            to=child.social_worker_email,
            subject=f"Return-home interview recorded: {child.initials_and_reference}",
            body=f"A return-home interview has been recorded. Open Safeguard to read it (sign in first): {child_link(child)}",
            purpose="return_interview.share",
            host_council=child.host_council,
        )
    return interview
