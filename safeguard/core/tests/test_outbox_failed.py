"""Operators see the e-mails that failed for good, and send them again once the cause is fixed."""

import io

from django.core.management import call_command

from safeguard.core.models import AuditEvent, OutboxMessage
from safeguard.core.outbox import outbox_email_enqueue


def run(*args) -> str:
    out = io.StringIO()
    call_command("outbox_failed", *args, stdout=out)
    return out.getvalue()


def _failed(purpose: str) -> OutboxMessage:
    message = outbox_email_enqueue(to="iro@herts.example", subject="s", body="b", purpose=purpose)
    OutboxMessage.objects.filter(pk=message.pk).update(
        status=OutboxMessage.Status.FAILED,
        attempts=12,
        last_error="SMTPServerDisconnected: Connection unexpectedly closed",
    )
    return message


def test_failed_messages_are_listed_then_sent_again(db, mailoutbox, django_capture_on_commit_callbacks, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    assert run() == "No failed messages.\n"
    first, second = _failed("missing.tell"), _failed("notification.chase")
    listing = run()
    assert f"{first.pk}  " in listing and "missing.tell  12 attempts  SMTPServerDisconnected" in listing
    assert "notification.chase" in listing

    with django_capture_on_commit_callbacks(execute=True):
        assert run("--retry", str(first.pk)) == "Queued 1 failed message(s) to be sent again.\n"
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == OutboxMessage.Status.SENT and len(mailoutbox) == 1
    assert first.attempts == 1  # a fresh set of attempts: this was the first of them
    assert second.status == OutboxMessage.Status.FAILED
    event = AuditEvent.objects.get(action="outbox.retry")
    assert event.object_id == str(first.pk) and event.actor_label.startswith("manage.py outbox_failed --retry")

    with django_capture_on_commit_callbacks(execute=True):
        run("--retry")
    second.refresh_from_db()
    assert second.status == OutboxMessage.Status.SENT and len(mailoutbox) == 2
