"""Log lines that say when, how bad, where from and which request or task, and nothing about a person.

docs/adr/0013-logs-errors-and-metrics.md. JSON lines in production (`LOG_FORMAT=json`), readable text
on the embedded default. Every line carries the request id (RequestIdMiddleware) or the Celery task id.
A log line must never hold a child's name or other personal data: messages name records by id, and
only the fields listed in `JsonFormatter.FIELDS` leave a record, so an object passed as `extra` (Django
passes the whole request, whose query string may hold a searched name) is never written out.

This module is loaded by gunicorn's master before Django is set up: it imports nothing from Django at
module level.
"""

import logging
import re
import secrets
import sys
from contextvars import ContextVar
from datetime import UTC, datetime

from pythonjsonlogger.json import JsonFormatter as _BaseJsonFormatter

REQUEST_ID_HEADER = "X-Request-ID"
# Accepted as given: what proxies and load balancers generate (UUIDs, hex, AWS's Root=1-…), nothing
# that could break a log line or carry much text.
_WELL_FORMED = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:=+/-]{7,127}")

_request_id: ContextVar[str | None] = ContextVar("safeguard_request_id", default=None)


def request_id_is_well_formed(value: str | None) -> bool:
    return bool(value) and _WELL_FORMED.fullmatch(value) is not None


def request_id_new() -> str:
    return secrets.token_hex(16)


def request_id_current() -> str | None:
    return _request_id.get()


def request_id_set(value: str | None):
    return _request_id.set(value)


def request_id_reset(token) -> None:
    _request_id.reset(token)


def _current_task_id() -> str | None:
    if "celery" not in sys.modules:  # not a worker, and nothing queued from here yet
        return None
    from celery import current_task

    if not current_task:
        return None
    return getattr(current_task.request, "id", None)


class ContextFilter(logging.Filter):
    """Adds `request_id` and `task_id` to every record a handler writes (None when there is none)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "request_id", None) is None:
            # Django logs a 4xx or 5xx answer after the middleware has returned, with the request attached.
            record.request_id = getattr(getattr(record, "request", None), "request_id", None) or request_id_current()
        if getattr(record, "task_id", None) is None:
            record.task_id = _current_task_id()
        return True


_QUERY = re.compile(r"\?[^\s\"]*")


class QueryStringFilter(logging.Filter):
    """Drops query strings from request lines logged by Django's development server (`make run`).

    A register search puts a child's name in the query string.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if record.name == "django.server" and record.args and isinstance(record.args, tuple):
            record.args = tuple(_QUERY.sub("", arg) if isinstance(arg, str) else arg for arg in record.args)
        return True


_EMAIL = re.compile(r"[\w.+'-]+@[\w-]+(\.[\w-]+)+")
# psycopg: 'duplicate key value violates unique constraint "x"\nDETAIL:  Key (email)=(a@b.example) already exists.'
_PG_DETAIL = re.compile(r"^DETAIL:.*$", re.MULTILINE)
REMOVED = "[removed]"


def personal_data_removed(text: str) -> str:
    """An exception's text without e-mail addresses or PostgreSQL's DETAIL line (the values that clashed)."""
    return _EMAIL.sub(REMOVED, _PG_DETAIL.sub("DETAIL: " + REMOVED, text))


def _timestamp(record: logging.LogRecord) -> str:
    return datetime.fromtimestamp(record.created, tz=UTC).isoformat(timespec="milliseconds")


class JsonFormatter(_BaseJsonFormatter):
    """One JSON object a line: time, level, logger, message, request_id or task_id, and listed fields."""

    # Fields a record may add through `extra`. Anything else a library attaches is left out.
    FIELDS = frozenset(
        {
            "request_id",
            "task_id",
            "status_code",
            # gunicorn's access log (config/gunicorn_logger.py)
            "method",
            "path",
            "status",
            "bytes",
            "duration_ms",
            "remote_addr",
            "user_agent",
        }
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("reserved_attrs", ())
        super().__init__(*args, **kwargs)

    def add_fields(self, log_data, record, message_dict) -> None:
        log_data["time"] = _timestamp(record)
        log_data["level"] = record.levelname
        log_data["logger"] = record.name
        log_data["message"] = record.message
        for name in sorted(self.FIELDS):
            value = record.__dict__.get(name)
            if value is not None:
                log_data[name] = value
        if message_dict.get("exc_info"):
            log_data["exc_info"] = personal_data_removed(message_dict["exc_info"])
        if message_dict.get("stack_info"):
            log_data["stack_info"] = message_dict["stack_info"]


class TextFormatter(logging.Formatter):
    """Readable lines for a terminal: `2026-11-30 18:40:01,123 INFO [request 3f2a…] logger: message`."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("fmt", "%(asctime)s %(levelname)s [%(context)s] %(name)s: %(message)s")
        super().__init__(*args, **kwargs)

    def formatException(self, ei) -> str:
        return personal_data_removed(super().formatException(ei))

    def format(self, record: logging.LogRecord) -> str:
        request_id, task_id = getattr(record, "request_id", None), getattr(record, "task_id", None)
        parts = [f"request {request_id}" if request_id else "", f"task {task_id}" if task_id else ""]
        record.context = " ".join(p for p in parts if p) or "-"
        return super().format(record)


def logging_config(*, log_format: str, level: str) -> dict:
    """Django's LOGGING (and the Celery worker's, through config/celery.py)."""
    formatter = "json" if log_format == "json" else "text"
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {
            "context": {"()": "safeguard.core.logs.ContextFilter"},
            "no_query_strings": {"()": "safeguard.core.logs.QueryStringFilter"},
        },
        "formatters": {
            "json": {"()": "safeguard.core.logs.JsonFormatter"},
            "text": {"()": "safeguard.core.logs.TextFormatter"},
        },
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "stream": "ext://sys.stderr",
                "formatter": formatter,
                "filters": ["context", "no_query_strings"],
            }
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            # Django's own loggers carry handlers of their own (mail_admins, django.server): ours only.
            "django": {"handlers": ["console"], "level": level, "propagate": False},
            "django.server": {"handlers": ["console"], "level": level, "propagate": False},
            "axes": {"level": "WARNING"},
            "celery.app.trace": {"level": "WARNING"},
            "weasyprint": {"level": "WARNING"},
            "fontTools": {"level": "WARNING"},
            # "no .env file" is normal where the environment holds the settings (systemd, the embedded default).
            "environ": {"level": "WARNING"},
            # A request for a name the service does not answer to is answered 400 and is not an error
            # worth waking anyone for (scanners send them all day).
            "django.security.DisallowedHost": {"level": "CRITICAL", "propagate": False},
        },
    }


def axes_client_str(username, ip_address, user_agent, path_info, request) -> str:
    """What django-axes writes in its log lines about a failed sign-in: a keyed digest of the account,
    never the e-mail address, so repeated failures on one account can still be followed."""
    from django.utils.crypto import salted_hmac

    account = salted_hmac("safeguard.logs.account", username or "").hexdigest()[:12] if username else "-"
    if isinstance(path_info, tuple | list):
        path_info = path_info[0] if path_info else ""
    return f"{{account: {account}, path: {path_info or '-'}}}"
