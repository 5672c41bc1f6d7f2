"""E-mails to the people who sent a notification: the acknowledgement and requests for missing facts."""

from django.conf import settings
from django.urls import reverse

from safeguard.core.outbox import outbox_email_enqueue

from ..models import Notification


def _acknowledge(notification: Notification) -> None:
    """Tell the sender we have it, with the reference (and what is missing, when it is incomplete)."""
    if not notification.sender_email:
        return
    lines = [f"Safeguard has received your notification. Its reference is {notification.reference}."]
    if notification.status == Notification.Status.REGISTERED:
        lines.append("The child is on the host council's register.")
    elif notification.status == Notification.Status.AWAITING_MATCH:
        lines.append("An officer is checking whether the child is already on the register.")
    if notification.late_working_days:
        lines.append(f"It arrived {notification.late_working_days} working day(s) after it was due.")
    outbox_email_enqueue(
        to=notification.sender_email,
        subject=f"Notification received: {notification.reference}",
        body="\n\n".join(lines),
        purpose="notification.acknowledge",
        host_council=notification.host_council,
    )


def _complete_link(notification: Notification) -> str:
    return f"{settings.SAFEGUARD_BASE_URL}{reverse('notifications:notification_complete', args=[notification.pk])}"


def _ask_sender_to_complete(notification: Notification) -> None:
    if not notification.sender_email:
        return
    needed = "\n".join(f"- {item['message']}" for item in notification.missing)
    outbox_email_enqueue(
        to=notification.sender_email,
        subject=f"More information needed: {notification.reference}",
        body=(
            f"Notification {notification.reference} is missing facts the host council needs:\n\n{needed}\n\n"
            f"Complete it here (sign in first): {_complete_link(notification)}"
        ),
        purpose="notification.incomplete",
        host_council=notification.host_council,
    )
