"""Rate limiting for the public referral form, in Django's cache (docs/adr: lado-public-form-abuse).

Per client address, fixed windows: a few accepted referrals and a few more attempts per window.
The address is REMOTE_ADDR. Behind a reverse proxy every client shares the proxy's address unless
the proxy sets REMOTE_ADDR to the client's (e.g. gunicorn's --forwarded-allow-ips with a trusted
proxy, or the proxy's real-ip module); X-Forwarded-For is not read here because a client can
forge it to escape the limit. The cache must be shared between application servers (Redis in
production) for the limit to hold across them.
"""

import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache


@dataclass(frozen=True)
class Limit:
    name: str
    count: int
    seconds: int


def _limits() -> list[Limit]:
    accepted, attempts, window = getattr(settings, "LADO_REFERRAL_RATE", (5, 20, 600))
    return [Limit("accepted", accepted, window), Limit("attempts", attempts, window)]


def _key(limit: Limit, address: str, window_start: int) -> str:
    return f"lado-refer:{limit.name}:{address}:{window_start}"


def client_address(request) -> str:
    return request.META.get("REMOTE_ADDR") or "unknown"


def retry_after(request) -> int | None:
    """Seconds until this client may send again, or None when it may send now."""
    address, now = client_address(request), int(time.time())
    for limit in _limits():
        window_start = now - now % limit.seconds
        if (cache.get(_key(limit, address, window_start)) or 0) >= limit.count:
            return window_start + limit.seconds - now
    return None


def note(request, name: str) -> None:
    """Count one attempt (every POST, "attempts") or one accepted referral ("accepted")."""
    address, now = client_address(request), int(time.time())
    for limit in _limits():
        if limit.name != name:
            continue
        window_start = now - now % limit.seconds
        key = _key(limit, address, window_start)
        cache.add(key, 0, limit.seconds + 5)
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, limit.seconds + 5)
