"""The outbox under two workers at once, and the back-off's one-hour cap (docs/adr/0003-outbox-and-queue.md)."""

import threading
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.mail.backends.base import BaseEmailBackend
from django.db import connection, connections

from safeguard.core import outbox
from safeguard.core.models import OutboxMessage
from safeguard.core.outbox import backoff, outbox_deliver_due, outbox_email_enqueue, outbox_message_deliver
from safeguard.core.tests.factories import OutboxMessageFactory

MONDAY_MORNING = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def enqueue():
    return outbox_email_enqueue(
        to="sqa@luton.example", subject="Placement notification", body="A child has been placed.", purpose="test"
    )


class SlowMailService:
    """A mail service whose first delivery hangs until released, as a slow SMTP server would."""

    def __init__(self):
        self.sent: list[int] = []
        self.first_started = threading.Event()
        self.release = threading.Event()
        self._lock = threading.Lock()

    def send(self, message):
        with self._lock:
            self.sent.append(message.pk)
            first = len(self.sent) == 1
        if first:
            self.first_started.set()
            self.release.wait(timeout=20)


@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_send_a_message_once(monkeypatch):
    """Worker A is in the middle of sending (its row locked, not yet committed) when worker B picks up
    the same message. Each worker is a thread with its own database connection."""
    assert connection.vendor == "postgresql", "row locks are PostgreSQL's; the suite runs on it"
    message = OutboxMessageFactory()  # pending and due, committed; no delivery queued to a broker
    service = SlowMailService()
    monkeypatch.setattr(outbox, "email_sender", lambda: service)
    results: dict[str, str] = {}

    def worker(name):
        try:
            results[name] = outbox_message_deliver(message_id=message.pk)
        except Exception as exc:  # shown in the assertion below rather than lost in the thread
            results[name] = repr(exc)
        finally:
            connections.close_all()

    a = threading.Thread(target=worker, args=("a",))
    a.start()
    assert service.first_started.wait(timeout=20), "worker A never reached the mail service"
    b = threading.Thread(target=worker, args=("b",))
    b.start()
    b.join(timeout=10)
    # B neither sends nor waits behind A's slow delivery: it moves on while A is still sending.
    assert not b.is_alive() and results.get("b") == "not_due", "worker B waited for worker A's lock"
    service.release.set()
    a.join(timeout=20)
    b.join(timeout=20)
    assert not a.is_alive() and not b.is_alive()
    assert results == {"a": OutboxMessage.Status.SENT, "b": "not_due"}
    assert service.sent == [message.pk]
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.SENT and message.attempts == 1


def test_the_back_off_doubles_from_a_minute_and_stops_at_an_hour():
    minutes = [backoff(attempt) / timedelta(minutes=1) for attempt in range(1, 13)]
    assert minutes == [1, 2, 4, 8, 16, 32, 60, 60, 60, 60, 60, 60]
    assert backoff(40) == timedelta(hours=1)
    assert backoff(0) == timedelta(minutes=1)  # never less than a minute, even before a first failure


class RefusingMailService:
    def send(self, message):
        raise ConnectionRefusedError(111, "Connection refused")


@pytest.mark.django_db
def test_a_failing_address_is_retried_at_most_an_hour_apart_until_it_gives_up(monkeypatch, settings):
    settings.OUTBOX_MAX_ATTEMPTS = 12
    monkeypatch.setattr(outbox, "email_sender", RefusingMailService)
    with time_machine.travel(MONDAY_MORNING, tick=False) as clock:
        message = enqueue()
        waits = []
        for _ in range(11):
            outbox_deliver_due()
            message.refresh_from_db()
            assert message.status == OutboxMessage.Status.PENDING
            wait = message.next_attempt_at - datetime.now(tz=UTC)
            waits.append(wait / timedelta(minutes=1))
            clock.shift(wait)
        assert waits == [1, 2, 4, 8, 16, 32, 60, 60, 60, 60, 60]
        outbox_deliver_due()
        message.refresh_from_db()
        assert message.status == OutboxMessage.Status.FAILED and message.attempts == 12
        # Twelve tries within about six hours, not spread over days.
        assert datetime.now(tz=UTC) - MONDAY_MORNING == timedelta(minutes=1 + 2 + 4 + 8 + 16 + 32 + 5 * 60)


class StrictMailService(BaseEmailBackend):
    """Refuses as an SMTP server that is down does, and, like Django's SMTP backend, says nothing when
    told to fail silently."""

    def send_messages(self, email_messages):
        if self.fail_silently:
            return 0
        raise ConnectionRefusedError(111, "Connection refused")


@pytest.mark.django_db
def test_a_refusal_of_the_mail_server_is_never_taken_for_a_sent_message(settings):
    settings.EMAIL_BACKEND = f"{__name__}.StrictMailService"
    settings.NOTIFY_API_KEY = ""
    message = OutboxMessageFactory()
    assert outbox_message_deliver(message_id=message.pk) == OutboxMessage.Status.PENDING
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.PENDING and "ConnectionRefusedError" in message.last_error


class LongWindedRefusal:
    def send(self, message):
        raise ConnectionError("x" * 5000)


@pytest.mark.django_db
def test_the_error_kept_is_cut_to_two_thousand_characters(monkeypatch):
    monkeypatch.setattr(outbox, "email_sender", LongWindedRefusal)
    message = OutboxMessageFactory()
    outbox_message_deliver(message_id=message.pk)
    message.refresh_from_db()
    assert len(message.last_error) == 2000 and message.last_error.startswith("ConnectionError: xxx")


@pytest.mark.django_db
def test_lowering_the_maximum_below_a_messages_attempts_stops_it_at_its_next_failure(monkeypatch, settings):
    settings.OUTBOX_MAX_ATTEMPTS = 4
    monkeypatch.setattr(outbox, "email_sender", RefusingMailService)
    message = OutboxMessageFactory(attempts=6)  # tried six times under a higher maximum
    assert outbox_message_deliver(message_id=message.pk) == OutboxMessage.Status.FAILED


@pytest.mark.django_db
def test_only_a_confidential_messages_text_is_removed_once_sent(monkeypatch):
    sent = []
    monkeypatch.setattr(outbox, "email_sender", lambda: type("Sender", (), {"send": lambda self, m: sent.append(m)})())
    lado = OutboxMessageFactory(purpose="lado.referrer_copy", body="About Pat Teacher", confidential=True)
    other = OutboxMessageFactory(purpose="missing.tell", body="Milo is missing")
    outbox_deliver_due()
    lado.refresh_from_db()
    other.refresh_from_db()
    assert len(sent) == 2
    assert lado.body == outbox.REMOVED_AFTER_SENDING and other.body == "Milo is missing"
