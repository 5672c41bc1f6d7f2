from celery import shared_task

from safeguard.core.audit import TIMED_RULE

from . import services


@shared_task(name="safeguard.notifications.tasks.work_items_escalate")
def work_items_escalate() -> int:
    return services.work_items_escalate(actor=TIMED_RULE)


@shared_task(name="safeguard.notifications.tasks.notifications_chase")
def notifications_chase() -> int:
    return services.notifications_chase(actor=TIMED_RULE)
