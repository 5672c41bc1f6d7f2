"""LADO cases on the records management mechanism: a closed case's date follows the council's rule
for its outcome; the LADO disposes of it from the review list (the case's erasure to a tombstone),
and the annual figures and the audit chain stay whole."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from safeguard.allegations import selectors as lado_selectors
from safeguard.allegations.models import LadoCase
from safeguard.allegations.tests.factories import LadoCaseFactory
from safeguard.core.audit import audit_chain_verify
from safeguard.core.errors import ServiceRefusal
from safeguard.core.models import AuditEvent
from safeguard.records import disposal, services
from safeguard.records.models import ReviewItem, Tombstone
from safeguard.records.schedule import RecordClass

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


def closed_case(host, outcome: str, *, received: date, closed: date, dob: date | None = None) -> LadoCase:
    return LadoCaseFactory(
        host_council=host,
        status=LadoCase.Status.CLOSED,
        outcome=outcome,
        received_at=datetime(received.year, received.month, received.day, 10, tzinfo=LONDON),
        closed_on=closed,
        person_date_of_birth=dob,
        person_name="Pat Teacher",
    )


def test_a_closed_case_is_listed_by_its_outcomes_rule_and_erased_by_the_lado(host, lado, sqa_officer, host_admin):
    unfounded = closed_case(host, "unfounded", received=date(2014, 5, 1), closed=date(2015, 2, 1))
    substantiated = closed_case(
        host, "substantiated", received=date(2014, 5, 1), closed=date(2015, 2, 1), dob=date(1960, 1, 1)
    )
    figures_before = lado_selectors.annual_figures(host, 2014)
    # Unfounded: 10 years from closure (1 February 2025). Substantiated: State Pension age (2027) is later.
    assert disposal.records_review_sweep(today=date(2025, 1, 31))["listed"] == 0
    assert disposal.records_review_sweep(today=date(2025, 2, 1))["listed"] == 1
    item = ReviewItem.objects.get()
    assert (item.reference, item.owner, item.due_on) == (unfounded.reference, "lado", date(2025, 2, 1))
    # The council keeps substantiated allegations 10 years from the allegation only (its own rule).
    services.retention_rule_set(
        actor=host_admin,
        host_council=host,
        record_class=RecordClass.LADO_SUBSTANTIATED,
        details=services.RuleDetails(120, "creation", False, "review", 30, "Our rule"),
    )
    assert disposal.records_review_sweep(today=date(2025, 2, 1))["listed"] == 1
    assert ReviewItem.objects.get(object_id=str(substantiated.pk)).due_on == date(2024, 5, 1)
    with pytest.raises(ServiceRefusal):
        disposal.review_item_dispose(actor=sqa_officer, item=item, confirmed=True)
    disposal.review_item_dispose(actor=lado, item=item, confirmed=True)
    unfounded.refresh_from_db()
    assert unfounded.status == "erased" and unfounded.person_name == "" and unfounded.erased_at
    tombstone = Tombstone.objects.get()
    assert (tombstone.reference, tombstone.outcome_category) == (unfounded.reference, "unfounded")
    figures_after = lado_selectors.annual_figures(host, 2014)
    assert (figures_after.received, figures_after.outcomes) == (figures_before.received, figures_before.outcomes)
    # The LADO's records stay off the audit page: the events about them are confidential.
    events = AuditEvent.objects.filter(action__startswith="records.").exclude(action="records.rule_set")
    assert events.exists() and not events.filter(confidential=False).exists()
    assert AuditEvent.objects.filter(action="lado_case.erase", actor=lado).exists()
    assert audit_chain_verify().intact
