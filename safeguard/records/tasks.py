from celery import shared_task

from .disposal import records_review_sweep as _sweep


@shared_task(name="safeguard.records.tasks.records_review_sweep")
def records_review_sweep() -> dict[str, int]:
    return _sweep()
