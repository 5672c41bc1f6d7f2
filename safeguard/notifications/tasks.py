from celery import shared_task
from django.conf import settings

from safeguard.accounts.models import HostCouncil
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
    """The council's IMAP mailbox, at NOTIFICATIONS_MAILBOX_INTERVAL_MINUTES (nothing when none is set)."""
    config = services.imap_mailbox_configured()
    if config is None:
        return ""
    host_council = HostCouncil.objects.get(slug=settings.NOTIFICATIONS_MAILBOX_HOST)
    report = services.imap_mailbox_read(actor=TIMED_RULE, host_council=host_council, config=config)
    return report.summary if report.drafts or report.correspondence or report.refused else ""
