"""The production settings for the two-server test (test_two_servers.py), with static files served from
the finders rather than a collected manifest, so that the test needs no `collectstatic`."""

from config.settings.production import *  # noqa: F403
from config.settings.production import STORAGES

STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
