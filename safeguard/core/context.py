"""Who is asking, from where: set by RequestContextMiddleware, read by the audit trail."""

from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True)
class RequestContext:
    ip_address: str | None = None


_current: ContextVar[RequestContext] = ContextVar("safeguard_request_context", default=RequestContext())


def current() -> RequestContext:
    return _current.get()


def set_current(context: RequestContext):
    return _current.set(context)


def reset(token) -> None:
    _current.reset(token)
