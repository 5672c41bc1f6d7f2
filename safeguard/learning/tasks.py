"""The learning programme's timed rule, run by Celery beat (or `outbox_worker` on the embedded default)."""

from celery import shared_task

from safeguard.core.audit import TIMED_RULE

from .services import learning_sweep as sweep


@shared_task(name="safeguard.learning.tasks.learning_sweep")
def learning_sweep() -> str:
    """Give places that came free to the waiting list; send the reminders that are due."""
    promoted, reminded = sweep(actor=TIMED_RULE)
    return f"{promoted} promoted, {reminded} reminded" if promoted or reminded else ""
