"""The advisory lock that serialises writers who would race past a check (docs/adr/0033-concurrent-writers-and-edit-conflicts.md)."""

import threading
import time

import pytest
from django.db import connection, transaction

from safeguard.core.locks import advisory_lock, lock_key
from safeguard.core.tests.concurrency import run_together

pytestmark = pytest.mark.django_db(transaction=True)


def holder(parts, held: threading.Event, release: threading.Event):
    def call():
        with transaction.atomic():
            advisory_lock(*parts)
            held.set()
            release.wait(timeout=10)
        return time.monotonic()

    return call


def waiter(parts, held: threading.Event):
    def call():
        held.wait(timeout=10)
        with transaction.atomic():
            advisory_lock(*parts)
            return time.monotonic()

    return call


def test_a_second_writer_waits_for_the_first_to_commit_and_another_key_does_not():
    assert connection.vendor == "postgresql"
    held, release = threading.Event(), threading.Event()
    threading.Timer(1.5, release.set).start()
    first_done, same_key_got, other_key_got = run_together(
        holder(("child-match", 1, "2012-05-01"), held, release),
        waiter(("child-match", 1, "2012-05-01"), held),
        waiter(("child-match", 1, "2013-01-09"), held),
    )
    assert same_key_got >= first_done, "the second writer got the lock while the first still held it"
    assert other_key_got < first_done, "a lock on another child waited for this one"


def test_the_lock_needs_a_transaction_and_its_key_is_stable():
    assert lock_key("missing-episode-open", 42) == lock_key("missing-episode-open", "42")
    assert lock_key("a", 1) != lock_key("a", 2)
    with pytest.raises(transaction.TransactionManagementError):
        advisory_lock("outside", 1)
