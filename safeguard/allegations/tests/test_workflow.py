"""The LADO case's workflow, walked from its table: every step the table allows succeeds through its
service, every step it refuses is a TransitionRefused a person can read, and the page shows it."""

import html
from datetime import timedelta

import pytest
from django.utils import timezone

from safeguard.allegations import services
from safeguard.allegations.models import LadoCase, Outcome
from safeguard.allegations.tests.factories import LadoCaseFactory
from safeguard.core.errors import TransitionRefused

Status = LadoCase.Status
STATES = list(Status)


def case_in(host, status: str) -> LadoCase:
    closed = status == Status.CLOSED
    return LadoCaseFactory(
        host_council=host,
        received_at=timezone.now() - timedelta(days=3),
        status=status,
        outcome=Outcome.UNSUBSTANTIATED if closed else "",
        closed_on=timezone.localdate() if closed else None,
    )


# The service that makes each step. No service moves a case back to "received": a case starts there.
STEPS = {
    Status.CONSULTATION: lambda lado, case: services.lado_case_triage(
        actor=lado, case=case, decision=Status.CONSULTATION, advice_given="Advice given to the employer"
    ),
    Status.REFERRAL: lambda lado, case: services.lado_case_triage(
        actor=lado, case=case, decision=Status.REFERRAL, reason="Harm to a child alleged"
    ),
    Status.CLOSED: lambda lado, case: services.lado_case_close(
        actor=lado, case=case, outcome=Outcome.UNSUBSTANTIATED, dbs_referral_made=False
    ),
}


def test_the_table_names_every_status_and_only_them():
    assert LadoCase.TRANSITIONS.states() == set(Status.values)
    assert LadoCase.TRANSITIONS.targets(Status.RECEIVED) == {Status.CONSULTATION, Status.REFERRAL}
    assert LadoCase.TRANSITIONS.targets(Status.REFERRAL) == {Status.CLOSED}
    assert not LadoCase.TRANSITIONS.targets(Status.CONSULTATION)
    assert LadoCase.TRANSITIONS.targets(Status.CLOSED) == {Status.ERASED}
    assert not LadoCase.TRANSITIONS.targets(Status.ERASED)


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("to", [s for s in STATES if s in STEPS])
def test_each_step_the_table_allows_succeeds_and_each_it_refuses_is_explained(host, lado, state, to):
    case = case_in(host, state)
    if LadoCase.TRANSITIONS.may(state, to):
        assert STEPS[to](lado, case).status == to
        case.refresh_from_db()
        assert case.status == to
    else:
        with pytest.raises(TransitionRefused) as refused:
            STEPS[to](lado, case)
        message = " ".join(refused.value.errors.values())
        assert message in ("This case has already been considered", services.OPEN_REFERRALS_ONLY)
        case.refresh_from_db()
        assert case.status == state


def test_no_service_moves_a_case_back_to_received():
    assert not any(LadoCase.TRANSITIONS.may(state, Status.RECEIVED) for state in STATES)


def text(response) -> str:
    return html.unescape(response.content.decode())


def test_a_refused_step_is_an_error_on_the_page_not_a_failure(client, sign_in, host, lado):
    sign_in(lado)
    consultation = case_in(host, Status.CONSULTATION)
    response = client.post(
        f"/lado/cases/{consultation.pk}/consider/", {"decision": "referral", "reason": "Harm to a child alleged"}
    )
    assert response.status_code == 200
    assert "This case has already been considered" in text(response)
    received = case_in(host, Status.RECEIVED)
    response = client.post(
        f"/lado/cases/{received.pk}/close/", {"outcome": Outcome.UNSUBSTANTIATED, "dbs_referral_made": "no"}
    )
    assert response.status_code == 200
    assert services.OPEN_REFERRALS_ONLY in text(response)
    consultation.refresh_from_db()
    received.refresh_from_db()
    assert (consultation.status, received.status) == (Status.CONSULTATION, Status.RECEIVED)
