from celery import shared_task

from . import housekeeping, outbox


@shared_task(name="safeguard.core.tasks.outbox_deliver")
def outbox_deliver(message_id: int) -> str:
    return outbox.outbox_message_deliver(message_id=message_id)


@shared_task(name="safeguard.core.tasks.outbox_deliver_due")
def outbox_deliver_due() -> int:
    return outbox.outbox_deliver_due()


@shared_task(name="safeguard.core.tasks.sessions_clear_expired")
def sessions_clear_expired() -> None:
    housekeeping.sessions_clear_expired()


@shared_task(name="safeguard.core.tasks.sign_in_records_clear_old")
def sign_in_records_clear_old() -> int:
    return housekeeping.sign_in_records_clear_old()
