"""One council's problem does not stop the daily sweep: a record that cannot be disposed of
automatically (here a register entry whose child was placed here again after it was listed) is
logged and its problem recorded on the review item, naming no one; the sweep goes on to the
council's other records and to the other councils, and tries the record again the next day."""

import logging
from datetime import date

import pytest

from safeguard.accounts.tests.factories import HostCouncilFactory
from safeguard.records import disposal
from safeguard.records.models import RetentionRule, ReviewItem, Tombstone
from safeguard.records.schedule import RecordClass
from safeguard.register.models import Child
from safeguard.register.tests.factories import ChildFactory, PlacementFactory

pytestmark = pytest.mark.django_db


def automatic_register_rule(host) -> None:
    RetentionRule.objects.create(
        host_council=host,
        record_class=RecordClass.REGISTER_ENTRY,
        period_months=6,
        runs_from="placement_end",
        disposal="automatic",
        grace_days=1,
        source="Our decision",
    )


def former_child(host, placing_council, first_name: str) -> Child:
    child = ChildFactory(host_council=host, placing_authority=placing_council, first_name=first_name)
    PlacementFactory(child=child, start_date=date(2023, 1, 1), end_date=date(2024, 1, 31))
    return child


def test_a_disposal_that_fails_is_recorded_and_the_sweep_goes_on(
    host, placing_council, caplog, client, sign_in, sqa_officer
):
    other_host = HostCouncilFactory()
    for council in (host, other_host):
        automatic_register_rule(council)
    back = former_child(host, placing_council, "Bea")  # listed first, then placed here again
    gone = former_child(host, placing_council, "Gus")
    elsewhere = former_child(other_host, placing_council, "Eli")
    assert disposal.records_review_sweep(today=date(2024, 8, 1)) == {"listed": 3, "disposed": 0, "failed": 0}
    PlacementFactory(child=back, start_date=date(2024, 8, 1))
    with caplog.at_level(logging.ERROR, logger="safeguard.records.disposal"):
        assert disposal.records_review_sweep(today=date(2024, 8, 2)) == {"listed": 0, "disposed": 2, "failed": 1}
    assert set(Child.objects.values_list("pk", flat=True)) == {back.pk}
    assert set(Tombstone.objects.values_list("object_id", flat=True)) == {str(gone.pk), str(elsewhere.pk)}
    item = ReviewItem.objects.get(object_id=str(back.pk))
    assert item.status == "due" and item.problem_at is not None
    assert item.problem == "The child is placed here again: their register entry is in use"
    assert "Bea" not in item.problem
    assert f"Disposing of review item {item.pk}" in caplog.text
    # Tried again the next day: still refused, still recorded, nothing else stops.
    assert disposal.records_review_sweep(today=date(2024, 8, 3))["failed"] == 1
    sign_in(sqa_officer)
    page = client.get("/records/review/").content.decode()
    assert "Automatic disposal failed on" in page and "their register entry is in use" in page
    assert "Automatic disposal failed" in client.get(f"/records/review/{item.pk}/").content.decode()
