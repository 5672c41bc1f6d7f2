"""Rate limits and the honeypot for the public forms (the LADO referral form, the manual's
subscriptions, the partnership's feedback and consultations), in Django's cache
(docs/adr/0009-lado-public-referral-form.md).

Per client address, fixed windows: a few accepted requests and a few more attempts per window, read
from a setting `(accepted, attempts, window seconds)` such as `LADO_REFERRAL_RATE`. The address is
REMOTE_ADDR, or, behind SAFEGUARD_TRUSTED_PROXIES reverse proxies that each append to X-Forwarded-For,
the address the outermost trusted proxy saw (the entries further left can be forged by the client, so
they are never read). IPv6 clients are counted by their /64, which one household or phone holds. The
cache must be shared between application servers (Redis in production) for the limit to hold across
them. When the cache is unreachable the form stays open: a referral must never be refused because the
limiter is down.
"""

import ipaddress
import logging
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Limit:
    name: str
    count: int
    seconds: int


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


@dataclass(frozen=True)
class RateLimit:
    """One public form's limit: its cache keys start with `key`; `setting` names its (accepted, attempts,
    window) setting, `default` applies without one."""

    key: str
    setting: str
    default: tuple[int, int, int] = (5, 20, 600)

    def limits(self) -> list[Limit]:
        accepted, attempts, window = getattr(settings, self.setting, self.default)
        return [Limit("accepted", accepted, window), Limit("attempts", attempts, window)]

    def _key(self, limit: Limit, address: str, window_start: int) -> str:
        return f"{self.key}:{limit.name}:{address}:{window_start}"

    def _window(self, limit: Limit, now: int) -> int:
        return now - now % limit.seconds

    def _count(self, key: str, seconds: int, by: int = 1) -> int:
        """Add `by` to the counter and return its new value, in one step of the cache (Redis INCRBY,
        or the local cache's lock), so that parallel requests each see a different count."""
        cache.add(key, 0, seconds + 5)
        try:
            return cache.incr(key, by)
        except ValueError:  # expired between add and incr: this request starts the window again
            cache.add(key, 0, seconds + 5)
            return cache.incr(key, by)

    def admit(self, request) -> int | None:
        """Count this request and reserve it a place among those accepted, atomically: seconds until
        this client may send again, or None when it may send now (or the cache is down).

        Counting first and reading the count it returns is what makes the limit hold under parallel
        requests (checking, then counting, let a burst all pass the check). A request refused here
        gives its place back, so a refused burst does not extend itself; one admitted but then not
        accepted (the form had mistakes) gives back its accepted place with `release`."""
        address, now = client_address(request), int(time.time())
        taken: list[str] = []
        try:
            for limit in self.limits():
                window_start = self._window(limit, now)
                key = self._key(limit, address, window_start)
                taken.append(key)
                if self._count(key, limit.seconds) > limit.count:
                    for key_taken in taken:
                        cache.decr(key_taken)
                    return window_start + limit.seconds - now
        except Exception:  # the limiter must never stop a referral
            logger.exception("%s rate limit: the cache is unreachable; the form stays open", self.key)
            return None
        request._throttle_admitted = getattr(request, "_throttle_admitted", {}) | {self.key: now}
        return None

    def release(self, request) -> None:
        """Give back the accepted place `admit` reserved, when nothing was accepted after all."""
        admitted = getattr(request, "_throttle_admitted", {}).pop(self.key, None)
        if admitted is None:
            return
        address = client_address(request)
        for limit in self.limits():
            if limit.name != "accepted":
                continue
            try:
                cache.decr(self._key(limit, address, self._window(limit, admitted)))
            except Exception:  # expired, or the cache is down: the place is given back by the window's end
                logger.info("%s rate limit: nothing to give back", self.key)

    def retry_after(self, request) -> int | None:
        """Seconds until this client may send again, or None when it may send now (or the cache is
        down). A look only: it counts nothing (`admit` counts)."""
        address, now = client_address(request), int(time.time())
        try:
            for limit in self.limits():
                window_start = self._window(limit, now)
                if (cache.get(self._key(limit, address, window_start)) or 0) >= limit.count:
                    return window_start + limit.seconds - now
        except Exception:  # the limiter must never stop a referral
            logger.exception("%s rate limit: the cache is unreachable; the form stays open", self.key)
        return None

    def note(self, request, name: str) -> None:
        """Count one attempt (every POST, "attempts") or one accepted request ("accepted")."""
        address, now = client_address(request), int(time.time())
        for limit in self.limits():
            if limit.name != name:
                continue
            window_start = now - now % limit.seconds
            key = self._key(limit, address, window_start)
            try:
                cache.add(key, 0, limit.seconds + 5)
                try:
                    cache.incr(key)
                except ValueError:  # expired between add and incr
                    cache.set(key, 1, limit.seconds + 5)
            except Exception:  # what was sent is already saved: never turn it into an error page
                logger.exception("%s rate limit: the cache is unreachable; not counted", self.key)


# The honeypot: a field people never see (hidden from screen readers and skipped by the Tab key; drawn by
# core/_honeypot.html), which bots fill. A form with it filled that is otherwise complete is kept and
# flagged, never e-mailed; one that is not complete is answered as if sent and stored nowhere.
HONEYPOT_FIELD = "website"


def honeypot_filled(data) -> bool:
    """Whether the hidden field came back filled (`data`: the request's POST)."""
    return bool((data.get(HONEYPOT_FIELD) or "").strip())
