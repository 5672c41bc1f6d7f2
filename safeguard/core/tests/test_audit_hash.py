"""Every fact an audit event holds is sealed by its hash: change any one column and the chain names it.

The earlier tamper test changed only `changes`; an event's hash that left out who acted (the person,
their label, their address) would let someone rewrite who did a thing without the check noticing.
"""

from dataclasses import FrozenInstanceError
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection

from safeguard.accounts.models import Role
from safeguard.accounts.tests.factories import HostCouncilFactory, UserFactory
from safeguard.core import context
from safeguard.core.audit import TIMED_RULE, SystemActor, Target, audit_chain_verify, audit_event_record, event_hash
from safeguard.core.models import AuditEvent

# Columns that are the event's facts; `id` orders the chain and `hash` is the seal itself.
NOT_FACTS = {"id", "hash"}


@pytest.fixture
def chain(db):
    """Three events by a person, from an address, about a record of a host council; the middle one is tampered."""
    host, other_host = HostCouncilFactory(), HostCouncilFactory()
    person = UserFactory(role=Role.SQA_OFFICER, organisation=host.organisation, email="sam.sqa@luton.example")
    someone_else = UserFactory(role=Role.SQA_OFFICER, organisation=host.organisation, email="kim@luton.example")
    token = context.set_current(context.RequestContext(ip_address="192.0.2.10"))
    try:
        events = [
            audit_event_record(
                actor=person,
                action="child.view",
                kind=AuditEvent.Kind.ACCESS,
                target=Target("register.child", str(100 + i)),
                host_council=host,
                changes={"field": [i, i + 1]},
            )
            for i in range(3)
        ]
    finally:
        context.reset(token)
    assert audit_chain_verify().intact
    middle = events[1]
    # A different value for every column, of the column's own type.
    tampered = {
        "occurred_at": middle.occurred_at - timedelta(hours=1),
        "kind": AuditEvent.Kind.WRITE,
        "action": "child.edit",
        "actor_id": someone_else.pk,
        "actor_label": "kim@luton.example",
        "host_council_id": other_host.pk,
        "object_type": "register.placement",
        "object_id": "999",
        "changes": '{"field": [1, 999]}',
        "ip_address": "198.51.100.7",
        "confidential": True,
        "chain": str(other_host.pk),
        "prev_hash": "f" * 64,
    }
    return events, tampered


def _without_append_only_guard(sql, params=()):
    """Play an attacker with database access: switch the triggers off for one statement."""
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("ALTER TABLE core_auditevent DISABLE TRIGGER USER")
        cursor.execute(sql, params)
        cursor.execute("ALTER TABLE core_auditevent ENABLE TRIGGER USER")


def test_every_column_of_an_event_is_tried(chain):
    """A new column on AuditEvent must be added to the tampering below (and so to the hash)."""
    _, tampered = chain
    columns = {field.column for field in AuditEvent._meta.concrete_fields} - NOT_FACTS
    assert columns == set(tampered)


@pytest.mark.parametrize(
    "column",
    [
        "occurred_at",
        "kind",
        "action",
        "actor_id",
        "actor_label",
        "host_council_id",
        "object_type",
        "object_id",
        "changes",
        "ip_address",
        "chain",
        "prev_hash",
    ],
)
def test_changing_any_column_breaks_the_chain_at_that_event(chain, column):
    events, tampered = chain
    middle = events[1]
    _without_append_only_guard(
        f"UPDATE core_auditevent SET {connection.ops.quote_name(column)} = %s WHERE id = %s",
        [tampered[column], middle.id],
    )
    assert AuditEvent.objects.get(pk=middle.pk).hash == middle.hash  # the seal itself was left alone
    report = audit_chain_verify()
    assert not report.intact, f"changing {column} went unnoticed"
    assert report.broken_at == middle.id


def test_an_events_hash_is_stable_so_events_written_by_earlier_releases_still_verify(db):
    """The hash of fixed facts, written out: any change to how events are hashed (the fields, their
    order, the encoding) would break every chain already stored, so it must be a deliberate one."""
    event = AuditEvent(
        occurred_at=datetime(2026, 3, 1, 9, 30, tzinfo=UTC),
        kind=AuditEvent.Kind.WRITE,
        action="child.edit",
        actor_id=7,
        actor_label="sam.sqa@luton.example",
        host_council_id=3,
        object_type="register.child",
        object_id="42",
        changes={"last_name": ["Smith", "Smyth-Ó Briain"], "flags": [1, 2]},
        ip_address="192.0.2.10",
        prev_hash="a" * 64,
    )
    assert event_hash(event) == STABLE_HASH


# SHA-256 of the event's facts as canonical JSON (keys sorted, no spaces, UTF-8 unescaped, the time in
# UTC to the microsecond), worked out once with a few lines of plain Python outside the code.
STABLE_HASH = "667ffe46f85bf87d84f03fa41b5a275b3effbebad4cb8a5df0ab1af2b02a4f70"


def test_a_forged_newest_event_that_links_correctly_is_still_found(db):
    """Replace the newest event with a forgery chained to the one before: the chain's head, which
    records the last hash, no longer matches."""
    events = [
        audit_event_record(
            actor=SystemActor("Safeguard test suite"), action=f"test.action{i}", target=Target("test.thing", str(i))
        )
        for i in range(3)
    ]
    _without_append_only_guard("DELETE FROM core_auditevent WHERE id = %s", [events[-1].id])
    forged = AuditEvent(
        occurred_at=events[-1].occurred_at,
        kind=events[-1].kind,
        action="test.forged",
        actor_label="",
        object_type="test.thing",
        object_id="2",
        changes={},
        prev_hash=events[1].hash,
    )
    forged.hash = event_hash(forged)
    forged.save(force_insert=True)
    report = audit_chain_verify()
    assert not report.intact and report.broken_at == -1


def test_a_timed_rule_or_command_is_named_in_the_event(db):
    assert audit_event_record(actor=TIMED_RULE, action="test.sweep").actor_label == "Safeguard (a timed rule)"
    with context.acting_as("manage.py close_cases (run by ops)"):
        event = audit_event_record(actor=TIMED_RULE, action="test.sweep")
    assert event.actor_label == "manage.py close_cases (run by ops)" and event.actor is None


def test_a_system_actor_and_a_target_cannot_be_changed_once_made():
    with pytest.raises(FrozenInstanceError):
        TIMED_RULE.label = "someone else"
    with pytest.raises(FrozenInstanceError):
        Target("register.child", "1").object_id = "2"


def test_a_confidential_event_made_visible_is_found(db):
    """Clearing the flag that keeps a LADO event off the audit page breaks the chain at that event."""
    events = [
        audit_event_record(
            actor=SystemActor("Safeguard test suite"),
            action="lado_case.view",
            target=Target("allegations.ladocase", str(i)),
            confidential=True,
        )
        for i in range(3)
    ]
    assert audit_chain_verify().intact
    _without_append_only_guard("UPDATE core_auditevent SET confidential = false WHERE id = %s", [events[1].id])
    report = audit_chain_verify()
    assert report.broken_at == events[1].id and "changed" in report.reason
