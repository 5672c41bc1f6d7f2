"""The queue: Celery on Redis in production, eager (in-process) on the embedded default.

See docs/adr/0003-outbox-and-queue.md.
"""

from celery import Celery

from config.environment import settings_module_choose

settings_module_choose("config.settings.local")

app = Celery("safeguard")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
