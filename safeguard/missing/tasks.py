from celery import shared_task

from . import services


@shared_task(name="safeguard.missing.tasks.missing_sweep")
def missing_sweep() -> dict[str, int]:
    return services.missing_sweep()
