"""Messages that must not be lost: written with the change, delivered after commit, retried.

docs/adr/0003-outbox-and-queue.md.
"""

import logging
from dataclasses import dataclass
from datetime import timedelta

from celery import current_app
from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.utils import timezone

from .models import OutboxMessage

logger = logging.getLogger(__name__)

# Back-off between attempts: 1, 2, 4, 8 … minutes (OUTBOX_BACKOFF_BASE_SECONDS), at most an hour.
BACKOFF_MAX_SECONDS = 3600


def backoff(attempts: int) -> timedelta:
    base = settings.OUTBOX_BACKOFF_BASE_SECONDS
    return timedelta(seconds=min(base * 2 ** max(attempts - 1, 0), BACKOFF_MAX_SECONDS))


def outbox_email_enqueue(
    *,
    to: str,
    subject: str,
    body: str,
    purpose: str,
    host_council=None,
    confidential: bool = False,
    html_body: str = "",
    unsubscribe_url: str = "",
    calendar: str = "",
) -> OutboxMessage:
    """Write an e-mail to the outbox in the caller's transaction; queue its delivery after commit.

    `confidential`: the text is for its recipient alone (a LADO referral): hidden in the admin, removed
    once sent. `html_body`: an HTML alternative to `body`. `unsubscribe_url`: where the recipient stops
    messages like this (a mailing list's), sent as the List-Unsubscribe header. `calendar`: an iCalendar
    invitation attached as invite.ics (Django's backend)."""
    message = OutboxMessage.objects.create(
        to=to,
        subject=subject,
        body=body,
        html_body=html_body,
        unsubscribe_url=unsubscribe_url,
        calendar=calendar,
        purpose=purpose,
        confidential=confidential,
        host_council=host_council,
        next_attempt_at=timezone.now(),
    )
    transaction.on_commit(lambda: _queue_delivery(message.pk))
    return message


@dataclass(frozen=True)
class OutboxEmail:
    """One e-mail of several written at once (`outbox_emails_enqueue`)."""

    to: str
    subject: str
    body: str
    purpose: str
    host_council: object = None


def outbox_emails_enqueue(emails: list[OutboxEmail]) -> list[OutboxMessage]:
    """Write several e-mails to the outbox in one statement, in the caller's transaction; queue their
    delivery after commit (as `outbox_email_enqueue` does for one)."""
    if not emails:
        return []
    now = timezone.now()
    messages = OutboxMessage.objects.bulk_create(
        OutboxMessage(
            to=email.to,
            subject=email.subject,
            body=email.body,
            purpose=email.purpose,
            host_council=email.host_council,
            next_attempt_at=now,
        )
        for email in emails
    )
    ids = [message.pk for message in messages]
    transaction.on_commit(lambda: [_queue_delivery(pk) for pk in ids])
    return messages


def outbox_messages_forget(*, to: str, purposes: list[str], host_council=None) -> int:
    """Delete the messages of these purposes to this address from this host council, sent or not: for
    an app that deletes the address itself (the manual's subscriber who unsubscribes, docs/adr/0020),
    so no copy stays here. Returns how many."""
    deleted, _ = OutboxMessage.objects.filter(to=to, purpose__in=purposes, host_council=host_council).delete()
    return deleted


DELIVER_TASK = "safeguard.core.tasks.outbox_deliver"


def _queue_delivery(message_id: int) -> None:
    try:
        # By name from Celery's registry: the task module calls this one, never the other way round.
        current_app.tasks[DELIVER_TASK].delay(message_id)
    except Exception:  # the broker is down: the periodic sweep will deliver it
        logger.warning("Could not queue outbox message %s; the sweep will deliver it", message_id, exc_info=True)


class NotifyEmailSender:
    """GOV.UK Notify, used when NOTIFY_API_KEY is set. Its servers are the edge of our world."""

    def __init__(self, api_key: str, template_id: str):
        from notifications_python_client.notifications import NotificationsAPIClient

        self.client = NotificationsAPIClient(api_key)
        self.template_id = template_id

    def send(self, message: OutboxMessage) -> None:
        self.client.send_email_notification(
            email_address=message.to,
            template_id=self.template_id,
            personalisation={"subject": message.subject, "body": message.body},
            reference=f"outbox-{message.pk}",
            # Notify adds the List-Unsubscribe headers itself from this (its API's one-click unsubscribe).
            one_click_unsubscribe_url=message.unsubscribe_url or None,
        )


def outbox_message_id(message: OutboxMessage) -> str:
    """The e-mail's Message-ID: the outbox row's, so every attempt to send it carries the same one."""
    domain = (settings.DEFAULT_FROM_EMAIL.rpartition("@")[2] or "safeguard.invalid").strip(">")
    return f"<outbox-{message.pk}@{domain}>"


class DjangoEmailSender:
    """Django's e-mail backend: SMTP in production, files under var/mail on the embedded default.

    The connection is opened by `send` and closed by `finish`, after the outbox row is recorded as sent:
    the mail service's "accepted" and our record of it are then milliseconds apart, not a QUIT's round
    trip (a worker killed between the two sends the message again, with the same Message-ID)."""

    def __init__(self):
        self.connection = None

    def finish(self) -> None:
        if self.connection is not None:
            try:
                self.connection.close()
            except Exception:  # the message is sent and recorded; a failed goodbye changes nothing
                logger.info("The mail connection did not close cleanly", exc_info=True)
            self.connection = None

    def send(self, message: OutboxMessage) -> None:
        # One Message-ID per outbox row, the same on every attempt: a delivery retried after a worker
        # died mid-send is recognisably the same message to the mail service and to `make faults`.
        headers = {"Message-ID": outbox_message_id(message)}
        if message.unsubscribe_url:
            # RFC 2369 and RFC 8058: mail programs offer "unsubscribe", which POSTs to the address.
            headers |= {
                "List-Unsubscribe": f"<{message.unsubscribe_url}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            }
        self.connection = get_connection(fail_silently=False)
        self.connection.open()
        email = EmailMultiAlternatives(
            subject=message.subject,
            body=message.body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[message.to],
            headers=headers,
            connection=self.connection,
        )
        if message.html_body:
            email.attach_alternative(message.html_body, "text/html")
        if message.calendar:
            email.attach("invite.ics", message.calendar, "text/calendar; method=REQUEST")
        email.send(fail_silently=False)


def email_sender():
    if settings.NOTIFY_API_KEY:
        return NotifyEmailSender(settings.NOTIFY_API_KEY, settings.NOTIFY_EMAIL_TEMPLATE_ID)
    return DjangoEmailSender()


# A confidential message's text is for its recipient alone: not kept after sending, never shown in the admin.
REMOVED_AFTER_SENDING = "[The text was removed after sending: it was for its recipient alone.]"


def outbox_message_deliver(*, message_id: int) -> str:
    """Try to send one message, if it is due. Returns its status afterwards.

    The row is locked while sending so two workers never send it twice; a failure records the error
    and schedules the next attempt with back-off, giving up after OUTBOX_MAX_ATTEMPTS.
    """
    sender = email_sender()
    try:
        return _deliver(message_id, sender)
    finally:
        if hasattr(sender, "finish"):
            sender.finish()  # after the commit: the row says "sent" before the mail session ends


def _deliver(message_id: int, sender) -> str:
    with transaction.atomic():
        message = (
            OutboxMessage.objects.select_for_update(skip_locked=True)
            .filter(pk=message_id, status=OutboxMessage.Status.PENDING, next_attempt_at__lte=timezone.now())
            .first()
        )
        if message is None:
            return "not_due"
        message.attempts += 1
        try:
            sender.send(message)
        except Exception as exc:  # any failure of the mail service: keep the message, try later
            message.last_error = f"{type(exc).__name__}: {exc}"[:2000]
            if message.attempts >= settings.OUTBOX_MAX_ATTEMPTS:
                message.status = OutboxMessage.Status.FAILED
                # The error's text stays on the row (the admin shows it): a mail server's refusal quotes the
                # recipient's address, which is not for the logs.
                logger.error(
                    "Outbox message %s failed for good after %s attempts: %s",
                    message.pk,
                    message.attempts,
                    type(exc).__name__,
                )
            else:
                message.next_attempt_at = timezone.now() + backoff(message.attempts)
                logger.warning(
                    "Outbox message %s failed (attempt %s): %s", message.pk, message.attempts, type(exc).__name__
                )
        else:
            message.status = OutboxMessage.Status.SENT
            message.sent_at = timezone.now()
            message.last_error = ""
            if message.confidential:
                # For its recipient alone (a LADO referral): once sent, the copy kept here goes.
                message.body = REMOVED_AFTER_SENDING
                message.html_body = ""
        message.save(
            update_fields=["attempts", "status", "next_attempt_at", "last_error", "sent_at", "body", "html_body"]
        )
        return message.status


def outbox_deliver_due(*, limit: int = 500) -> int:
    """Send every pending message whose time has come. Returns how many were sent."""
    due = list(
        OutboxMessage.objects.filter(status=OutboxMessage.Status.PENDING, next_attempt_at__lte=timezone.now())
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )
    return sum(1 for pk in due if outbox_message_deliver(message_id=pk) == OutboxMessage.Status.SENT)


def outbox_failed_retry(*, actor, message_ids: list[int] | None = None) -> int:
    """Give messages that failed for good (OUTBOX_MAX_ATTEMPTS) a fresh set of attempts, once the cause
    is fixed (docs/runbook.md). All failed messages, or those named. Audited. Returns how many."""
    from .audit import audit_event_record

    with transaction.atomic():
        failed = OutboxMessage.objects.select_for_update().filter(status=OutboxMessage.Status.FAILED)
        if message_ids is not None:
            failed = failed.filter(pk__in=message_ids)
        messages = list(failed)
        for message in messages:
            message.status = OutboxMessage.Status.PENDING
            message.attempts = 0
            message.next_attempt_at = timezone.now()
            message.save(update_fields=["status", "attempts", "next_attempt_at"])
            audit_event_record(
                actor=actor,
                action="outbox.retry",
                target=message,
                host_council=message.host_council,
                changes={"status": [OutboxMessage.Status.FAILED, OutboxMessage.Status.PENDING]},
            )
            transaction.on_commit(lambda pk=message.pk: _queue_delivery(pk))
    return len(messages)
