"""Health for the load balancer and the operations team: /health/live and /health/ready.

Both answer without sign-in, over plain HTTP and whatever the Host header says (a load balancer
probes each server by its address), so HealthMiddleware answers them before the Host check and the
HTTPS redirect. Neither says anything about people: only which service is down. The checks are
django-health-check's (PostgreSQL, the cache, the broker, file storage) and our own worker heartbeat.
"""

import asyncio
import dataclasses
import json
import time

import redis.asyncio
from asgiref.sync import async_to_sync
from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from health_check.base import HealthCheck
from health_check.checks import Cache, Database, Storage
from health_check.contrib.redis import Redis
from health_check.exceptions import ServiceUnavailable

HEARTBEAT_KEY = "safeguard:worker-heartbeat"


def worker_heartbeat_record() -> None:
    """Called by the worker from a beat task: the time it last ran one."""
    cache.set(HEARTBEAT_KEY, time.time(), timeout=None)


@dataclasses.dataclass
class WorkerHeartbeat(HealthCheck):
    """The Celery worker ran the beat's heartbeat task recently (so the worker and the beat both run)."""

    def run(self) -> None:
        beat = cache.get(HEARTBEAT_KEY)
        if beat is None:
            raise ServiceUnavailable("no heartbeat from the worker yet")
        age = time.time() - float(beat)
        if age > settings.WORKER_HEARTBEAT_MAX_AGE_SECONDS:
            raise ServiceUnavailable(f"the worker's last heartbeat was {int(age)} seconds ago")


def readiness_checks() -> dict[str, HealthCheck]:
    checks: dict[str, HealthCheck] = {"database": Database(), "cache": Cache(), "storage": Storage()}
    if not settings.CELERY_TASK_ALWAYS_EAGER:
        # On the embedded default there is no broker and no separate worker.
        broker = settings.CELERY_BROKER_URL
        checks["broker"] = Redis(client_factory=lambda: redis.asyncio.Redis.from_url(broker, socket_timeout=3))
        checks["worker"] = WorkerHeartbeat()
    return checks


def readiness() -> dict[str, str]:
    """Each check's name and "ok", or what is wrong with it."""
    checks = readiness_checks()

    async def gather():
        return await asyncio.gather(*(check.get_result() for check in checks.values()))

    results = async_to_sync(gather)()
    return {
        name: "ok" if not result.error else result.error.message for name, result in zip(checks, results, strict=True)
    }


def _json(body: dict, status: int) -> HttpResponse:
    response = HttpResponse(json.dumps(body, indent=1), content_type="application/json", status=status)
    response["Cache-Control"] = "no-store"
    return response


def health_live(request: HttpRequest) -> HttpResponse:
    """The process answers. Nothing else is checked: a restart would not mend a database."""
    return _json({"status": "ok"}, 200)


def health_ready(request: HttpRequest) -> HttpResponse:
    """Ready for traffic: 200, or 503 naming what is down."""
    checks = readiness()
    down = sorted(name for name, result in checks.items() if result != "ok")
    body = {"status": "ok" if not down else "unavailable", "down": down, "checks": checks}
    return _json(body, 503 if down else 200)


HEALTH_PATHS = {"/health/live": health_live, "/health/ready": health_ready}


class HealthMiddleware:
    """First in the chain: answers the health paths before the Host check and the HTTPS redirect."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        view = HEALTH_PATHS.get(request.path_info.rstrip("/"))
        if view is not None and request.method in ("GET", "HEAD"):
            return view(request)
        return self.get_response(request)
