"""The queue: Celery on Redis in production, eager (in-process) on the embedded default.

See docs/adr/0003-outbox-and-queue.md.
"""

import logging.config

from celery import Celery, signals

from config.environment import settings_module_choose

settings_module_choose("config.settings.local")

app = Celery("safeguard")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@signals.setup_logging.connect
def _logging_from_settings(**kwargs) -> None:
    """The worker and beat log as the web application does (settings.LOGGING), not in Celery's format."""
    from django.conf import settings

    logging.config.dictConfig(settings.LOGGING)


@signals.before_task_publish.connect
def _request_id_to_task(headers=None, **kwargs) -> None:
    """A task queued while answering a request carries the request's id, so the worker's lines can be
    followed back to the request that caused them."""
    from safeguard.core.logs import request_id_current

    request_id = request_id_current()
    if request_id and headers is not None:
        headers.setdefault("request_id", request_id)


@signals.task_prerun.connect
def _request_id_from_task(task=None, **kwargs) -> None:
    from safeguard.core.logs import request_id_is_well_formed, request_id_set

    request_id = getattr(task.request, "request_id", None) if task else None
    if request_id_is_well_formed(request_id):
        task.request._safeguard_request_id_token = request_id_set(request_id)


@signals.task_postrun.connect
def _request_id_forget(task=None, **kwargs) -> None:
    from safeguard.core.logs import request_id_reset

    token = getattr(task.request, "_safeguard_request_id_token", None) if task else None
    if token is not None:
        request_id_reset(token)
