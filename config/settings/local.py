"""The embedded default: SQLite under var/, e-mail to files under var/mail, demo data and sign-ins."""

from .base import *  # noqa: F403
from .base import env

# The demo looks like production: GOV.UK error pages, never Django's debug pages (which list every
# address). DEBUG=true in .env turns them on for development. Static files do not need DEBUG: WhiteNoise
# serves them from the finders (below).
DEBUG = env.bool("DEBUG", default=False)
COUNCIL_SIGN_IN_ALLOW_HTTP_LOOPBACK = True  # the tests' OpenID Connect provider runs on http://127.0.0.1
SAFEGUARD_DEMO = env.bool("SAFEGUARD_DEMO", default=True)
# No broker on the embedded default: tasks run in-process when the change commits, and
# `manage.py outbox_worker` (started by `make run`) retries what failed.
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=True)

# No collected static files outside production: WhiteNoise serves from the finders.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
