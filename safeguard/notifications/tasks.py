from celery import shared_task

from . import services


@shared_task(name="safeguard.notifications.tasks.work_items_escalate")
def work_items_escalate() -> int:
    return services.work_items_escalate()


@shared_task(name="safeguard.notifications.tasks.notifications_chase")
def notifications_chase() -> int:
    return services.notifications_chase()
