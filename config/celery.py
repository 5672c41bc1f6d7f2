"""The queue: Celery on Redis in production, eager (in-process) on the embedded default.

See docs/adr/0003-outbox-and-queue.md.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

app = Celery("safeguard")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
