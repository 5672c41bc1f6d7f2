"""Rate limiting for the public referral form, in Django's cache (docs/adr: lado-public-form-abuse).

Per client address, fixed windows: a few accepted referrals and a few more attempts per window.
The address is REMOTE_ADDR, or, behind SAFEGUARD_TRUSTED_PROXIES reverse proxies that each append
to X-Forwarded-For, the address the outermost trusted proxy saw (the entries further left can be
forged by the client, so they are never read). IPv6 clients are counted by their /64, which one
household or phone holds. The cache must be shared between application servers (Redis in
production) for the limit to hold across them. When the cache is unreachable the form stays open:
a referral must never be refused because the limiter is down.
"""

import ipaddress
import logging
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


logger = logging.getLogger(__name__)


def client_address(request) -> str:
    address = request.META.get("REMOTE_ADDR") or "unknown"
    proxies = getattr(settings, "SAFEGUARD_TRUSTED_PROXIES", 0)
    if proxies:
        hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
        if len(hops) >= proxies:
            address = hops[-proxies]
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address[:64]
    if parsed.version == 6:
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    return str(parsed)


def retry_after(request) -> int | None:
    """Seconds until this client may send again, or None when it may send now (or the cache is down)."""
    address, now = client_address(request), int(time.time())
    try:
        for limit in _limits():
            window_start = now - now % limit.seconds
            if (cache.get(_key(limit, address, window_start)) or 0) >= limit.count:
                return window_start + limit.seconds - now
    except Exception:  # the limiter must never stop a referral
        logger.exception("LADO form rate limit: the cache is unreachable; the form stays open")
    return None


def note(request, name: str) -> None:
    """Count one attempt (every POST, "attempts") or one accepted referral ("accepted")."""
    address, now = client_address(request), int(time.time())
    for limit in _limits():
        if limit.name != name:
            continue
        window_start = now - now % limit.seconds
        key = _key(limit, address, window_start)
        try:
            cache.add(key, 0, limit.seconds + 5)
            try:
                cache.incr(key)
            except ValueError:  # expired between add and incr
                cache.set(key, 1, limit.seconds + 5)
        except Exception:  # the referral is already saved: never turn it into an error page
            logger.exception("LADO form rate limit: the cache is unreachable; not counted")
