"""Which settings module a process uses, the same way for manage.py, gunicorn and Celery.

The process environment wins; then DJANGO_SETTINGS_MODULE in the `.env` file beside manage.py;
then the caller's default (local settings for manage.py and Celery, production for the WSGI and
ASGI applications). The `.env` file is read here, before Django starts, so that every variable in it
(not only the settings module) is seen the same way by every process.
"""

import os
from pathlib import Path

import environ

ENV_FILE = Path(__file__).resolve().parent.parent / ".env"


def env_file_read() -> None:
    """Variables from the `.env` file (or SAFEGUARD_ENV_FILE) that the environment does not set."""
    environ.Env.read_env(os.environ.get("SAFEGUARD_ENV_FILE", ENV_FILE), overwrite=False)


def settings_module_choose(default: str) -> str:
    env_file_read()
    return os.environ.setdefault("DJANGO_SETTINGS_MODULE", default)
