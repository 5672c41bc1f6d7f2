from celery import shared_task

from . import outbox


@shared_task(name="safeguard.core.tasks.outbox_deliver")
def outbox_deliver(message_id: int) -> str:
    return outbox.outbox_message_deliver(message_id=message_id)


@shared_task(name="safeguard.core.tasks.outbox_deliver_due")
def outbox_deliver_due() -> int:
    return outbox.outbox_deliver_due()
