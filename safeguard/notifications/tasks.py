from celery import shared_task

from safeguard.core.audit import TIMED_RULE

from . import services


@shared_task(name="safeguard.notifications.tasks.work_items_escalate")
def work_items_escalate() -> int:
    return services.work_items_escalate(actor=TIMED_RULE)


@shared_task(name="safeguard.notifications.tasks.notifications_chase")
def notifications_chase() -> int:
    return services.notifications_chase(actor=TIMED_RULE)


@shared_task(name="safeguard.notifications.tasks.notification_mailbox_read")
def notification_mailbox_read() -> str:
    """Each host council's IMAP mailbox that is switched on, when its interval has passed (the beat runs
    this every minute; NOTIFICATIONS_MAILBOX_INTERVAL_MINUTES for the settings' fallback mailbox)."""
    return "\n".join(services.council_mailboxes_read_due(actor=TIMED_RULE))
