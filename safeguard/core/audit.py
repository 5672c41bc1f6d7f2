"""The audit trail: every write and every read of a child's record, chained by hash.

docs/adr/0004-audit-trail.md. Services call `audit_event_record` inside their own transaction, so the
event and the change commit or roll back together.
"""

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone

from . import context
from .models import AuditChain, AuditEvent

GENESIS_HASH = "0" * 64


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_jsonable(v) for v in value]
    if hasattr(value, "name") and hasattr(value, "url"):  # a stored file
        return value.name or ""
    return value


def changes_between(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, list[Any]]:
    """{field: [before, after]} for each field whose value changed."""
    return {
        key: [_jsonable(before.get(key)), _jsonable(after.get(key))]
        for key in sorted(set(before) | set(after))
        if before.get(key) != after.get(key)
    }


def snapshot(instance: models.Model, fields: Iterable[str] | None = None) -> dict[str, Any]:
    """The concrete field values of a model instance, for `changes_between`."""
    names = fields or [f.attname for f in instance._meta.concrete_fields]
    return {name: getattr(instance, name) for name in names}


def event_hash(event: AuditEvent) -> str:
    """The hash that links `event` to the chain: the previous hash plus the event's own facts."""
    payload = {
        "prev": event.prev_hash,
        "at": event.occurred_at.astimezone(UTC).isoformat(timespec="microseconds"),
        "kind": event.kind,
        "action": event.action,
        "actor": event.actor_id,
        "actor_label": event.actor_label,
        "host": event.host_council_id,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "changes": event.changes,
        "ip": event.ip_address,
    }
    if event.confidential:  # only when set, so the events recorded before the flag keep their hashes
        payload["confidential"] = True
    if event.chain:  # likewise: the events of the one chain before the split keep theirs
        payload["chain"] = event.chain
    encoded = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(encoded.encode("utf-8")).hexdigest()


def chain_key(host_council) -> str:
    """The chain an event of `host_council` (a host council, its primary key, or None) links into."""
    pk = getattr(host_council, "pk", host_council)
    return "" if pk is None else str(pk)


@dataclass(frozen=True)
class SystemActor:
    """Who acts when no person does: a timed rule, a placing council's API client, an import, a
    management command. Services take it where they take a user; the audit trail records its label.

    It is never signed in and has no role, so a service's "may this person…" checks refuse it.
    """

    label: str
    is_authenticated: bool = False
    role: str = ""
    pk: None = None
    host_council: None = None
    organisation: None = None

    @classmethod
    def command(cls, name: str) -> "SystemActor":
        """A management command, named with the operating-system account that ran it."""
        return cls(context.command_actor_label(name))


TIMED_RULE = SystemActor("Safeguard (a timed rule)")
DEMO_LOADER = SystemActor("Safeguard (demo data)")


@dataclass(frozen=True)
class Target:
    """What an event is about, when it is not a model instance."""

    object_type: str
    object_id: str = ""


def audit_event_record(
    *,
    actor,
    action: str,
    kind: str = AuditEvent.Kind.WRITE,
    target: models.Model | Target | None = None,
    host_council=None,
    changes: Mapping[str, Any] | None = None,
    confidential: bool = False,
) -> AuditEvent:
    """Append an event to the audit chain, in the caller's transaction.

    `confidential` (the LADO's records) keeps the event from the audit page and the admin: only the
    app that records it shows it, to its own team.

    The event joins its host council's chain (or the chain of events with no host). That chain's head
    row is updated first: that takes its row lock (PostgreSQL) or the write lock (SQLite), so concurrent
    appends to one chain queue and each links to the one before, while other host councils' appends
    take other rows and do not wait.
    """
    entry = AuditEntry(
        action=action, kind=kind, target=target, host_council=host_council, changes=changes, confidential=confidential
    )
    return audit_events_record(actor=actor, entries=[entry])[0]


@dataclass(frozen=True)
class AuditEntry:
    """One event of several that one actor's change records at once (`audit_events_record`)."""

    action: str
    target: models.Model | Target | None = None
    host_council: Any = None
    changes: Mapping[str, Any] | None = None
    kind: str = AuditEvent.Kind.WRITE
    confidential: bool = False


def audit_events_record(*, actor, entries: Sequence[AuditEntry]) -> list[AuditEvent]:
    """Append several events by one actor to their chains in the caller's transaction, in order, with as
    few statements as the chains allow (docs/adr/0031): each chain's head is locked and moved on once,
    and on PostgreSQL a chain's events and its head's new hash are written in one statement."""
    if actor is None:
        # Every event says who acted: the person, or a SystemActor naming the rule, client or command.
        action = entries[0].action if entries else "?"
        raise TypeError(f"audit_event_record({action!r}) needs an actor: a user or a SystemActor")
    actor_obj = actor if getattr(actor, "is_authenticated", False) else None
    request_context = context.current()
    if actor_obj is not None:
        label = actor_obj.email
    elif isinstance(actor, SystemActor):
        label = request_context.actor_label or actor.label
    else:
        label = request_context.actor_label
    events = []
    for entry in entries:
        target = entry.target
        if isinstance(target, models.Model):
            object_type, object_id = target._meta.label_lower, str(target.pk)
        elif isinstance(target, Target):
            object_type, object_id = target.object_type, target.object_id
        else:
            object_type, object_id = "", ""
        events.append(
            AuditEvent(
                occurred_at=timezone.now(),
                kind=entry.kind,
                action=entry.action,
                actor=actor_obj,
                actor_label=label,
                host_council=entry.host_council,
                object_type=object_type,
                object_id=object_id,
                changes=_jsonable(dict(entry.changes or {})),
                ip_address=request_context.ip_address,
                confidential=entry.confidential,
                chain=chain_key(entry.host_council),
            )
        )
    by_chain: dict[str, list[AuditEvent]] = {}
    for event in events:
        by_chain.setdefault(event.chain, []).append(event)
    # Chains are locked in the order of their keys, so two writers touching the same two never deadlock.
    for key in sorted(by_chain):
        _chain_append(key, by_chain[key])
    return events


_CHAINS = AuditChain._meta.db_table
_EVENTS = AuditEvent._meta.db_table


def _chain_advance(cursor, key: str, count: int) -> str:
    """Lock chain `key`'s head row (created at genesis the first time), count `count` new events in, and
    return the hash the first of them links to. One statement when the chain exists."""
    column = connection.ops.quote_name("key")
    sql = f"UPDATE {_CHAINS} SET length = length + %s WHERE {column} = %s RETURNING last_hash"  # noqa: S608
    cursor.execute(sql, [count, key])
    row = cursor.fetchone()
    if row is None:
        # A new chain; a concurrent first append of the same chain waits here for the other's row.
        AuditChain.objects.bulk_create([AuditChain(key=key, last_hash=GENESIS_HASH)], ignore_conflicts=True)
        cursor.execute(sql, [count, key])
        row = cursor.fetchone()
    return row[0]


def _chain_append(key: str, events: list[AuditEvent]) -> None:
    """Link `events` to chain `key` and write them. No savepoint: an append that fails fails the
    caller's transaction, as its change must not commit without its events."""
    with transaction.atomic(savepoint=False), connection.cursor() as cursor:
        # The head's row lock queues concurrent appends; RETURNING reads the hash under that lock.
        # Table and column names come from the models, values are parameters.
        prev = _chain_advance(cursor, key, len(events))
        for event in events:
            event.prev_hash = prev
            event.hash = prev = event_hash(event)
        if connection.vendor != "postgresql":
            AuditEvent.objects.bulk_create(events)
            AuditChain.objects.filter(key=key).update(last_hash=prev)
            return
        fields = [f for f in AuditEvent._meta.concrete_fields if not f.primary_key]
        columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
        row_sql = "(" + ", ".join(["%s"] * len(fields)) + ")"
        params = [prev, key]
        for event in events:
            params.extend(f.get_db_prep_save(getattr(event, f.attname), connection) for f in fields)
        # One statement: the head's new hash (a data-modifying WITH) and the events.
        key_column = connection.ops.quote_name("key")
        cursor.execute(
            f"WITH head AS (UPDATE {_CHAINS} SET last_hash = %s WHERE {key_column} = %s) "  # noqa: S608
            f"INSERT INTO {_EVENTS} ({columns}) VALUES {', '.join([row_sql] * len(events))} RETURNING id",
            params,
        )
        for event, (pk,) in zip(events, cursor.fetchall(), strict=True):
            event.pk = pk
            event._state.adding = False
            event._state.db = connection.alias


def audit_access_record(
    *, actor, action: str, target: models.Model | Target, host_council=None, confidential: bool = False
) -> AuditEvent:
    """Record that `actor` read personal data (a page, an export, a PDF)."""
    return audit_event_record(
        actor=actor,
        action=action,
        kind=AuditEvent.Kind.ACCESS,
        target=target,
        host_council=host_council,
        confidential=confidential,
    )


def audit_list_record(
    *, actor, action: str, object_type: str, host_council=None, listing: str = "", confidential: bool = False
) -> AuditEvent:
    """Record that `actor` read a list of records (names on a page, an export, figures): the event is
    about the list, not one record, so its target is the kind of record (`object_type`, e.g.
    "register.child") and which list (`listing`, e.g. "queue" or a year). List selectors call this."""
    return audit_access_record(
        actor=actor,
        action=action,
        target=Target(object_type, listing),
        host_council=host_council,
        confidential=confidential,
    )


@dataclass(frozen=True)
class ChainReport:
    checked: int
    broken_at: int | None = None
    reason: str = ""
    chain: str | None = None  # the chain that is broken (or checked, when one was asked for)
    chains: int = 0

    @property
    def intact(self) -> bool:
        return self.broken_at is None


def audit_chain_keys() -> list[str]:
    """Every chain: those with a head row and those with events (a head removed is still checked)."""
    keys = set(AuditChain.objects.values_list("key", flat=True))
    keys |= set(AuditEvent.objects.order_by().values_list("chain", flat=True).distinct())
    return sorted(keys)


def _one_chain_verify(key: str, chunk_size: int) -> ChainReport:
    expected_prev = GENESIS_HASH
    checked = 0
    events = AuditEvent.objects.filter(chain=key).order_by("id").iterator(chunk_size=chunk_size)
    for event in events:
        if event.prev_hash != expected_prev:
            reason = "its link to the event before does not match (an event was removed)"
            return ChainReport(checked, event.id, reason, chain=key)
        if event_hash(event) != event.hash:
            return ChainReport(
                checked, event.id, "its contents do not match its hash (the event was changed)", chain=key
            )
        expected_prev = event.hash
        checked += 1
    head = AuditChain.objects.filter(key=key).first()
    if (head is None and checked) or (head and (head.length != checked or head.last_hash != expected_prev)):
        reason = "the chain is shorter than its head records (the newest events were removed)"
        if head is None:
            reason = "the chain's head is missing (it was removed)"
        return ChainReport(checked, -1, reason, chain=key)
    return ChainReport(checked, chain=key, chains=1)


def audit_chain_verify(chunk_size: int = 5000, *, chain: str | None = None) -> ChainReport:
    """Walk each chain (or only `chain`, a key from `chain_key`) in order; name the first event whose
    link or contents do not match, or a chain shorter than its head."""
    keys = [chain] if chain is not None else audit_chain_keys()
    reports = [_one_chain_verify(key, chunk_size) for key in keys]
    checked = sum(report.checked for report in reports)
    broken = [report for report in reports if not report.intact]
    if broken:
        # The earliest broken event of all the chains; a chain shorter than its head after those.
        first = min(broken, key=lambda report: (report.broken_at == -1, report.broken_at))
        return ChainReport(checked, first.broken_at, first.reason, chain=first.chain, chains=len(keys))
    return ChainReport(checked, chain=chain, chains=len(keys))
