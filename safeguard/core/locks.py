"""Serialising writers that would otherwise race past a check (docs/adr/0033-concurrent-writers-and-edit-conflicts.md).

`advisory_lock(*parts)` takes a PostgreSQL transaction-level advisory lock named by its parts (hashed
to the 64-bit key PostgreSQL wants), held until the surrounding transaction commits or rolls back. Two
requests that would both find "no such child yet" and both add one take the same lock first, so the
second looks only after the first has committed. On SQLite (the embedded default, one writer at a
time anyway) it does nothing.
"""

import hashlib

from django.db import connection, transaction


def lock_key(*parts) -> int:
    """A stable signed 64-bit key for the parts (the same in every process, unlike `hash`)."""
    digest = hashlib.blake2b("\x1f".join(str(part) for part in parts).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def advisory_lock(*parts) -> None:
    """Wait for, then hold until the transaction ends, the lock named by `parts`. Must be called
    inside a transaction (an error otherwise, since a lock outside one would be let go at once)."""
    if connection.vendor != "postgresql":
        return
    if not connection.in_atomic_block:
        raise transaction.TransactionManagementError("advisory_lock needs a transaction to hold it")
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [lock_key(*parts)])
