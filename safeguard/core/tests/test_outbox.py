"""The outbox: a message is written with the change that caused it, and is delivered once, however
long the mail service is down (docs/adr/0003-outbox-and-queue.md)."""

import time
import uuid
from datetime import UTC, datetime, timedelta
from unittest import mock

import pytest
import time_machine
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend as LocmemEmailBackend
from django.db import transaction

from safeguard.core.models import OutboxMessage
from safeguard.core.outbox import outbox_deliver_due, outbox_email_enqueue

FLAKY_BACKEND = f"{__name__}.FlakyMailService"
MONDAY_MORNING = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)

# Whether the pretend mail service refuses connections; tests switch it with the `mail_service` fixture.
MAIL_SERVICE_DOWN = False


class FlakyMailService(LocmemEmailBackend):
    """Django's in-memory backend, refusing connections as an SMTP server that is down would."""

    def send_messages(self, email_messages):
        if MAIL_SERVICE_DOWN:
            raise ConnectionRefusedError(111, "Connection refused")
        return super().send_messages(email_messages)


class MailService:
    def down(self) -> None:
        global MAIL_SERVICE_DOWN
        MAIL_SERVICE_DOWN = True

    def up(self) -> None:
        global MAIL_SERVICE_DOWN
        MAIL_SERVICE_DOWN = False


@pytest.fixture
def mail_service(settings):
    settings.EMAIL_BACKEND = FLAKY_BACKEND
    settings.NOTIFY_API_KEY = ""
    service = MailService()
    yield service
    service.up()


def enqueue(to="sqa@luton.example", subject="Placement notification for A.P."):
    return outbox_email_enqueue(
        to=to, subject=subject, body="A child has been placed in Luton.", purpose="placement_notification"
    )


@pytest.mark.django_db
def test_a_message_written_in_a_change_that_rolls_back_is_never_stored_or_sent(
    mail_service, django_capture_on_commit_callbacks
):
    class ChangeFailed(Exception):
        pass

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(ChangeFailed),
        transaction.atomic(),
    ):
        enqueue(subject="Rolled back")
        raise ChangeFailed

    assert callbacks == []
    assert not OutboxMessage.objects.exists()
    assert outbox_deliver_due() == 0
    assert mail.outbox == []


@pytest.mark.django_db
def test_a_message_written_in_a_change_that_commits_is_stored_and_its_delivery_queued(
    mail_service, django_capture_on_commit_callbacks
):
    """The counterpart of the rollback test: the same steps, committed, leave a message to send."""
    with django_capture_on_commit_callbacks() as callbacks, transaction.atomic():
        enqueue(subject="Committed")

    assert len(callbacks) == 1
    assert OutboxMessage.objects.get().status == OutboxMessage.Status.PENDING
    assert outbox_deliver_due() == 1
    assert [m.subject for m in mail.outbox] == ["Committed"]


@pytest.mark.django_db
def test_a_message_survives_the_mail_service_being_down_and_is_sent_once_when_it_recovers(mail_service):
    with time_machine.travel(MONDAY_MORNING, tick=False) as clock:
        message = enqueue()
        mail_service.down()

        assert outbox_deliver_due() == 0

        message.refresh_from_db()
        assert message.status == OutboxMessage.Status.PENDING
        assert message.attempts == 1
        assert "ConnectionRefusedError" in message.last_error
        assert "Connection refused" in message.last_error
        assert message.next_attempt_at == MONDAY_MORNING + timedelta(minutes=1)
        assert message.sent_at is None
        assert mail.outbox == []

        # The service is back, but the message waits for its back-off before it is tried again.
        mail_service.up()
        clock.shift(timedelta(seconds=30))
        assert outbox_deliver_due() == 0
        message.refresh_from_db()
        assert message.attempts == 1
        assert mail.outbox == []

        clock.shift(timedelta(seconds=31))
        assert outbox_deliver_due() == 1

        message.refresh_from_db()
        assert message.status == OutboxMessage.Status.SENT
        assert message.sent_at == MONDAY_MORNING + timedelta(seconds=61)
        assert message.attempts == 2
        assert message.last_error == ""
        assert len(mail.outbox) == 1
        assert mail.outbox[0].to == ["sqa@luton.example"]
        assert mail.outbox[0].subject == "Placement notification for A.P."
        assert mail.outbox[0].body == "A child has been placed in Luton."

        # Later sweeps never send it again.
        clock.shift(timedelta(hours=2))
        assert outbox_deliver_due() == 0
        assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_retries_back_off_then_give_up_after_the_maximum_attempts(mail_service, settings):
    settings.OUTBOX_MAX_ATTEMPTS = 4
    mail_service.down()
    with time_machine.travel(MONDAY_MORNING, tick=False) as clock:
        message = enqueue()
        waits = []
        for _ in range(3):
            outbox_deliver_due()
            message.refresh_from_db()
            assert message.status == OutboxMessage.Status.PENDING
            wait = message.next_attempt_at - datetime.now(tz=UTC)
            waits.append(wait)
            clock.shift(wait)
        assert waits == [timedelta(minutes=1), timedelta(minutes=2), timedelta(minutes=4)]

        outbox_deliver_due()
        message.refresh_from_db()
        assert message.status == OutboxMessage.Status.FAILED
        assert message.attempts == 4
        assert "ConnectionRefusedError" in message.last_error

        # Given up: not tried again, even when the service comes back.
        mail_service.up()
        clock.shift(timedelta(days=1))
        assert outbox_deliver_due() == 0
        message.refresh_from_db()
        assert message.attempts == 4
        assert message.status == OutboxMessage.Status.FAILED
        assert mail.outbox == []


@pytest.mark.django_db
def test_one_failing_message_does_not_hold_up_the_others(mail_service, monkeypatch):
    enqueue(to="nobody@invalid.example", subject="Bounces")
    enqueue(to="sqa@luton.example", subject="Goes through")
    real_send = FlakyMailService.send_messages

    def refuse_one_address(self, email_messages):
        if any("nobody@invalid.example" in m.to for m in email_messages):
            raise ConnectionRefusedError(111, "Connection refused")
        return real_send(self, email_messages)

    monkeypatch.setattr(FlakyMailService, "send_messages", refuse_one_address)

    assert outbox_deliver_due() == 1
    assert [m.subject for m in mail.outbox] == ["Goes through"]
    assert OutboxMessage.objects.get(subject="Bounces").status == OutboxMessage.Status.PENDING


@pytest.mark.django_db(transaction=True)
def test_a_committed_message_is_delivered_by_a_real_worker_through_redis(mail_service):
    from celery.contrib.testing.worker import start_worker

    import safeguard.core.tasks  # noqa: F401  the worker must know the outbox task
    from config.celery import app

    # The test broker is shared with earlier runs and other transactional tests: start from an empty queue.
    app.control.purge()
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        with transaction.atomic():
            message = enqueue(subject="Through the queue")
            # Not before the change commits: the worker could not see the row yet.
            assert not OutboxMessage.objects.filter(status=OutboxMessage.Status.SENT).exists()

        deadline = time.monotonic() + 10
        message.refresh_from_db()
        while message.status != OutboxMessage.Status.SENT and time.monotonic() < deadline:
            time.sleep(0.1)
            message.refresh_from_db()

    assert message.status == OutboxMessage.Status.SENT, message.last_error
    assert message.attempts == 1
    assert [m.subject for m in mail.outbox] == ["Through the queue"]


@pytest.mark.django_db
def test_with_gov_uk_notify_configured_the_message_goes_to_notify(settings):
    settings.NOTIFY_API_KEY = f"safeguard_test-{uuid.uuid4()}-{uuid.uuid4()}"
    settings.NOTIFY_EMAIL_TEMPLATE_ID = "f33517ff-2a88-4f6e-b855-c550268ce08a"
    message = enqueue()

    with mock.patch(
        "notifications_python_client.notifications.NotificationsAPIClient.send_email_notification",
        autospec=True,
        return_value={"id": str(uuid.uuid4())},
    ) as send_email_notification:
        assert outbox_deliver_due() == 1

    send_email_notification.assert_called_once()
    kwargs = send_email_notification.call_args.kwargs
    assert kwargs["email_address"] == "sqa@luton.example"
    assert kwargs["template_id"] == "f33517ff-2a88-4f6e-b855-c550268ce08a"
    assert kwargs["personalisation"] == {
        "subject": "Placement notification for A.P.",
        "body": "A child has been placed in Luton.",
    }
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.SENT
    # Notify sent it: nothing went through Django's own mail backend as well.
    assert mail.outbox == []


@pytest.mark.django_db
def test_when_notify_refuses_the_message_is_kept_for_a_retry(settings):
    from notifications_python_client.errors import HTTPError

    settings.NOTIFY_API_KEY = f"safeguard_test-{uuid.uuid4()}-{uuid.uuid4()}"
    settings.NOTIFY_EMAIL_TEMPLATE_ID = "f33517ff-2a88-4f6e-b855-c550268ce08a"
    message = enqueue()
    with mock.patch(
        "notifications_python_client.notifications.NotificationsAPIClient.send_email_notification",
        autospec=True,
        side_effect=HTTPError(message="Service unavailable"),
    ):
        assert outbox_deliver_due() == 0

    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.PENDING
    assert message.attempts == 1
    assert "HTTPError" in message.last_error


@pytest.mark.django_db(transaction=True)
def test_when_the_queue_is_down_the_change_still_commits_and_the_sweep_delivers_later(
    mail_service, caplog, monkeypatch
):
    from celery import Celery

    from config.celery import app

    # A queue nobody is listening on: nothing answers on port 1. (Celery prefers the environment's
    # CELERY_BROKER_URL to the one it is given, so that is put aside for this test.)
    monkeypatch.delenv("CELERY_BROKER_URL", raising=False)
    unreachable = Celery("unreachable", broker="redis://127.0.0.1:1/0", set_as_current=False)
    unreachable.conf.broker_connection_timeout = 1
    unreachable.set_current()
    try:
        started = time.monotonic()
        with transaction.atomic():
            message = enqueue(subject="Queue was down")
        took = time.monotonic() - started
    finally:
        app.set_current()

    assert took < 15  # the person saving the change is not kept waiting for long
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.PENDING
    assert "the sweep will deliver it" in caplog.text
    assert any(record.exc_info for record in caplog.records)  # with the broker's error, for whoever looks
    assert mail.outbox == []

    assert outbox_deliver_due() == 1
    assert [m.subject for m in mail.outbox] == ["Queue was down"]


@pytest.mark.django_db
def test_every_attempt_at_a_message_carries_the_same_message_id(mail_service):
    """A delivery retried after the mail service failed (or a worker died mid-send) is recognisably the
    same e-mail: the Message-ID is the outbox row's, and another row's differs."""
    from safeguard.core.outbox import DjangoEmailSender

    first, second = enqueue(), enqueue()
    for message in (first, first, second):
        DjangoEmailSender().send(message)
    ids = [message.extra_headers["Message-ID"] for message in mail.outbox]
    assert ids[0] == ids[1] and ids[0].startswith(f"<outbox-{first.pk}@")
    assert ids[2].startswith(f"<outbox-{second.pk}@") and ids[2] != ids[0]
