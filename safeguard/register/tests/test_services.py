"""The register's own writes: each by a named actor, each with its audit event."""

from datetime import date

import pytest

from safeguard.core.audit import SystemActor
from safeguard.core.models import AuditEvent
from safeguard.register import services
from safeguard.register.models import Child, LegalStatusRecord

CASE_SYSTEM = SystemActor("API token sg_test… of Hertfordshire County Council")


@pytest.fixture
def child(host, placing_council, sqa_officer):
    return services.child_register(
        actor=sqa_officer,
        host_council=host,
        placing_authority=placing_council,
        facts={"first_name": "Ava", "last_name": "Smith", "date_of_birth": date(2012, 5, 1), "legal_status": "C2"},
        legal_status_from=date(2026, 3, 1),
    )


def _event(action: str, target) -> AuditEvent:
    return AuditEvent.objects.get(action=action, object_type=target._meta.label_lower, object_id=str(target.pk))


def test_a_child_is_registered_with_their_legal_status_history_by_the_person_who_acts(child, sqa_officer):
    assert _event("child.register", child).actor == sqa_officer
    assert list(LegalStatusRecord.objects.filter(child=child).values_list("legal_status", "from_date")) == [
        ("C2", date(2026, 3, 1))
    ]


def test_an_update_adds_a_new_legal_status_to_the_history_and_names_the_actor(child):
    services.child_update(
        actor=CASE_SYSTEM, child=child, facts={"legal_status": "V2"}, legal_status_from=date(2026, 4, 1)
    )
    event = AuditEvent.objects.filter(action="child.update").get()
    assert event.actor is None and event.actor_label == CASE_SYSTEM.label
    assert event.changes["legal_status"] == ["C2", "V2"]
    assert set(child.legal_statuses.values_list("legal_status", flat=True)) == {"C2", "V2"}


def test_a_fact_the_register_does_not_hold_is_a_mistake(child):
    with pytest.raises(TypeError):
        services.child_update(actor=CASE_SYSTEM, child=child, facts={"placing_authority": None})


def test_a_new_placement_ends_the_open_one_and_the_same_one_notified_again_is_updated(child):
    first, started = services.placement_start(
        actor=CASE_SYSTEM, child=child, start_date=date(2026, 3, 1), postcode="LU1 2BQ"
    )
    assert started and _event("placement.start", first).actor_label == CASE_SYSTEM.label
    second, started = services.placement_start(
        actor=CASE_SYSTEM, child=child, start_date=date(2026, 4, 1), postcode="LU2 7AA", carer_name="Browns"
    )
    first.refresh_from_db()
    assert started and first.end_date == date(2026, 4, 1)
    again, started = services.placement_start(
        actor=CASE_SYSTEM, child=child, start_date=date(2026, 4, 1), postcode="LU2 7AA", town="Luton"
    )
    assert again == second and not started
    assert again.town == "Luton" and again.carer_name == "Browns"
    assert _event("placement.update", again).actor_label == CASE_SYSTEM.label


def test_a_move_within_the_area_starts_a_placement_and_a_move_out_only_ends_one(child, sqa_officer):
    services.placement_start(actor=sqa_officer, child=child, start_date=date(2026, 3, 1), postcode="LU1 2BQ")
    moved = services.placement_move(actor=sqa_officer, child=child, moved_on=date(2026, 4, 1), postcode="LU2 7AA")
    assert moved is not None and moved.start_date == date(2026, 4, 1)
    assert (
        services.placement_move(actor=sqa_officer, child=child, moved_on=date(2026, 5, 1), postcode="SW1A 1AA") is None
    )
    assert not child.placements.filter(end_date__isnull=True).exists()
    assert {e.actor for e in AuditEvent.objects.filter(action__startswith="placement.")} == {sqa_officer}


def test_a_placement_ends_no_earlier_than_it_started(child, sqa_officer):
    placement, _ = services.placement_start(
        actor=sqa_officer, child=child, start_date=date(2026, 3, 1), postcode="LU1 2BQ"
    )
    ended = services.placement_end(actor=sqa_officer, child=child, end_date=date(2026, 2, 1), end_reason="E11")
    assert ended == placement and (ended.end_date, ended.end_reason) == (date(2026, 3, 1), "E11")
    assert _event("placement.end", ended).actor == sqa_officer
    assert services.placement_end(actor=sqa_officer, child=child, end_date=date(2026, 6, 1), end_reason="E11") is None


def test_a_split_gives_the_child_their_own_entry_with_the_placements_of_that_notice(host, sqa_officer):
    from safeguard.notifications.models import Notification, WorkItem
    from safeguard.notifications.services import match_review_decide, notification_receive
    from safeguard.notifications.tests.payloads import start_payload

    def receive(**changes):
        payload = start_payload(child__nhs_number=None, child__local_id=None, **changes)
        return notification_receive(actor=CASE_SYSTEM, channel=Notification.Channel.API, payload=payload)[0]

    first = receive(start=date(2026, 3, 1))
    second = receive(start=date(2026, 4, 1), child__last_name="Smyth", placement__address__postcode="LU2 7AA")
    match_review_decide(actor=sqa_officer, review=second.match_reviews.get(), same_child=True)
    child = first.child
    assert child.placements.count() == 2

    new_child, moved = services.child_split(
        actor=sqa_officer,
        child=child,
        placing_authority=second.placing_authority,
        facts={"first_name": "Ava", "last_name": "Smyth", "date_of_birth": date(2012, 5, 1)},
        notification=second,
    )
    assert moved == 1 and Child.objects.count() == 2
    assert list(new_child.placements.values_list("notification", flat=True)) == [second.pk]
    assert list(child.placements.values_list("notification", flat=True)) == [first.pk]
    assert WorkItem.objects.filter(child=new_child).count() == 0  # the notifications app moves its own
    event = _event("child.split", new_child)
    assert event.actor == sqa_officer and event.changes["split_from"] == [None, child.pk]
