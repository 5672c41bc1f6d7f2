"""The notification's status workflow (Notification.TRANSITIONS), walked step by step through the services."""

import pytest

from safeguard.core.errors import TransitionRefused
from safeguard.notifications import services
from safeguard.notifications.models import MatchReview, Notification
from safeguard.notifications.services.common import _transition

from .payloads import CASE_SYSTEM, DELETE, start_payload

Status = Notification.Status


def _receive(payload):
    return services.notification_receive(actor=CASE_SYSTEM, channel=Notification.Channel.API, payload=payload)[0]


def _submit_a_draft(sqa_officer):
    draft = services.notification_draft_save(actor=sqa_officer, draft=None, changes=start_payload())
    return services.notification_submit(actor=sqa_officer, draft=draft)[0]


def _receive_with_a_fact_missing(sqa_officer):
    return _receive(start_payload(child__first_name=DELETE))


def _receive_a_likeness(sqa_officer):
    _receive(start_payload(child__nhs_number=None, child__local_id=None))
    return _receive(start_payload(child__nhs_number=None, child__local_id=None, child__last_name="Smyth"))


def _receive_complete(sqa_officer):
    return _receive(start_payload())


def _decide_a_match(sqa_officer):
    notification = _receive_a_likeness(sqa_officer)
    review = MatchReview.objects.get(notification=notification)
    return services.match_review_decide(actor=sqa_officer, review=review, same_child=True)


# Each allowed step, and the service journey that takes it (with the status it ends in).
JOURNEYS = {
    (Status.DRAFT, Status.INCOMPLETE): (_submit_a_draft, Status.REGISTERED),
    (Status.INCOMPLETE, Status.INCOMPLETE): (_receive_with_a_fact_missing, Status.INCOMPLETE),
    (Status.INCOMPLETE, Status.AWAITING_MATCH): (_receive_a_likeness, Status.AWAITING_MATCH),
    (Status.INCOMPLETE, Status.REGISTERED): (_receive_complete, Status.REGISTERED),
    (Status.AWAITING_MATCH, Status.REGISTERED): (_decide_a_match, Status.REGISTERED),
}
ALLOWED = sorted((state, to) for state in Status.values for to in Notification.TRANSITIONS.targets(state))
REFUSED = sorted(
    (state, to) for state in Status.values for to in Status.values if not Notification.TRANSITIONS.may(state, to)
)


class _Recording:
    """The workflow, noting each step the services check."""

    def __init__(self, workflow):
        self.workflow, self.steps = workflow, []

    def check(self, state, to, **kwargs):
        self.workflow.check(state, to, **kwargs)
        self.steps.append((str(state), str(to)))


def test_every_allowed_step_has_a_journey():
    assert sorted(JOURNEYS) == ALLOWED


@pytest.mark.parametrize("step", ALLOWED)
def test_each_allowed_step_is_taken_by_a_service(step, host, sqa_officer, monkeypatch):
    recording = _Recording(Notification.TRANSITIONS)
    monkeypatch.setattr(Notification, "TRANSITIONS", recording)
    journey, ends_in = JOURNEYS[step]
    notification = journey(sqa_officer)
    assert step in recording.steps
    notification.refresh_from_db()
    assert notification.status == ends_in


@pytest.mark.parametrize("step", REFUSED)
def test_each_other_step_is_refused(step):
    state, to = step
    notification = Notification(status=state)
    with pytest.raises(TransitionRefused) as refused:
        _transition(notification, to)
    assert notification.status == state
    assert (refused.value.state, refused.value.to) == (state, to)
    assert refused.value.errors["__all__"].startswith("This notification is ")


def test_a_registered_notification_is_not_registered_again(host):
    notification = _receive(start_payload())
    with pytest.raises(TransitionRefused) as refused:
        _transition(notification, Status.REGISTERED)
    assert str(refused.value) == "This notification is registered: it cannot become registered"
