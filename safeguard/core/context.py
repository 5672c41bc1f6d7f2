"""Who is asking, from where: set by RequestContextMiddleware, read by the audit trail."""

import getpass
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True)
class RequestContext:
    ip_address: str | None = None
    # Who acts when no person is signed in (e.g. a placing council's API token).
    actor_label: str = ""


_EMPTY = RequestContext()
_current: ContextVar[RequestContext | None] = ContextVar("safeguard_request_context", default=None)


def current() -> RequestContext:
    return _current.get() or _EMPTY


def set_current(context: RequestContext):
    return _current.set(context)


def reset(token) -> None:
    _current.reset(token)


@contextmanager
def acting_as(actor_label: str):
    """Name who acts where no person is signed in (a management command, a timed rule), for the audit
    trail's `actor_label`."""
    token = set_current(RequestContext(actor_label=actor_label))
    try:
        yield
    finally:
        reset(token)


def command_actor_label(command: str) -> str:
    """`manage.py <command> (run by <login>)`: the operating-system account that ran a command."""
    try:
        who = getpass.getuser()
    except Exception:  # no login name in a bare container
        who = "unknown"
    return f"manage.py {command} (run by {who})"
