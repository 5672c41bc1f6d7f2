"""Every fact an audit event holds is sealed by its hash: change any one column and the chain names it.

The earlier tamper test changed only `changes`; an event's hash that left out who acted (the person,
their label, their address) would let someone rewrite who did a thing without the check noticing.
"""

from datetime import timedelta

import pytest
from django.db import connection

from safeguard.accounts.models import Role
from safeguard.accounts.tests.factories import HostCouncilFactory, UserFactory
from safeguard.core import context
from safeguard.core.audit import Target, audit_chain_verify, audit_event_record
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
