from celery import shared_task

from . import services


@shared_task(name="safeguard.education.tasks.education_sweep")
def education_sweep() -> dict[str, int]:
    return services.education_sweep()
