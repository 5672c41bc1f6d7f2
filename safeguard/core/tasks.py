from celery import shared_task
from celery.signals import worker_ready

from . import health, housekeeping, jobs, outbox


@shared_task(name="safeguard.core.tasks.outbox_deliver")
def outbox_deliver(message_id: int) -> str:
    return outbox.outbox_message_deliver(message_id=message_id)


@shared_task(name="safeguard.core.tasks.outbox_deliver_due")
def outbox_deliver_due() -> int:
    return outbox.outbox_deliver_due()


@shared_task(
    name="safeguard.core.tasks.import_job_run",
    acks_late=True,
    # A worker killed mid-job gives the message back to the queue (the job resumes after its last batch).
    reject_on_worker_lost=True,
    autoretry_for=(Exception,),
    retry_backoff=10,
    max_retries=jobs.MAX_ATTEMPTS,
)
def import_job_run(job_id: int) -> str:
    return jobs.import_job_run(job_id=job_id)


@shared_task(name="safeguard.core.tasks.import_jobs_resume")
def import_jobs_resume() -> int:
    return jobs.import_jobs_resume()


@shared_task(name="safeguard.core.tasks.sessions_clear_expired")
def sessions_clear_expired() -> None:
    housekeeping.sessions_clear_expired()


@shared_task(name="safeguard.core.tasks.sign_in_records_clear_old")
def sign_in_records_clear_old() -> int:
    return housekeeping.sign_in_records_clear_old()


@shared_task(name="safeguard.core.tasks.worker_heartbeat")
def worker_heartbeat() -> None:
    """Run by the worker on the beat's schedule: /health/ready reports the worker down without it."""
    health.worker_heartbeat_record()


@worker_ready.connect
def _heartbeat_when_the_worker_starts(**kwargs) -> None:
    # Ready at once rather than at the beat's first heartbeat, a minute after a restart.
    health.worker_heartbeat_record()
