"""Prometheus metrics at /metrics: django-prometheus's request figures and Safeguard's own.

docs/adr/0013-logs-errors-and-metrics.md. Safeguard's figures are counted from the database when
Prometheus asks, so every application server gives the same answer. Core knows no domain app: each
app registers a source of figures from its AppConfig.ready (`metric_source_register`), and core adds
the outbox's. No figure names a person; labels are fixed lists (ways in, statuses, kinds).

/metrics answers only addresses in METRICS_ALLOWED_ADDRESSES, with no sign-in, and 404 to any other.
"""

import functools
import ipaddress
import logging
import os
from collections.abc import Callable, Iterable

from django.conf import settings
from django.db.models import Count, Min
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.utils import timezone
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.metrics_core import Metric

from .models import OutboxMessage

logger = logging.getLogger(__name__)

MetricSource = Callable[[], Iterable[Metric]]
_sources: dict[str, MetricSource] = {}


def metric_source_register(name: str, source: MetricSource) -> None:
    """Add a source of figures, called at each scrape. Registering a name again replaces it."""
    _sources[name] = source


class SafeguardCollector:
    """Every registered source's figures, and whether each could be counted (a failing source must not
    hide the others)."""

    def collect(self) -> Iterable[Metric]:
        up = GaugeMetricFamily(
            "safeguard_metrics_source_up", "1 when the source's figures could be counted", labels=["source"]
        )
        for name, source in sorted(_sources.items()):
            try:
                families = list(source())
            except Exception:
                logger.exception("Metrics source %s failed", name)
                up.add_metric([name], 0)
                continue
            up.add_metric([name], 1)
            yield from families
        yield up


def outbox_metrics() -> Iterable[Metric]:
    counts = {
        row["status"]: row["n"]
        for row in OutboxMessage.objects.filter(status__in=[OutboxMessage.Status.PENDING, OutboxMessage.Status.FAILED])
        .values("status")
        .annotate(n=Count("pk"))
        .order_by()
    }
    messages = GaugeMetricFamily(
        "safeguard_outbox_messages", "Outbox e-mails waiting to be sent, and given up on", labels=["status"]
    )
    messages.add_metric(["waiting"], counts.get(OutboxMessage.Status.PENDING, 0))
    messages.add_metric(["failed"], counts.get(OutboxMessage.Status.FAILED, 0))
    yield messages
    oldest = OutboxMessage.objects.filter(status=OutboxMessage.Status.PENDING).aggregate(at=Min("created_at"))["at"]
    yield GaugeMetricFamily(
        "safeguard_outbox_oldest_waiting_seconds",
        "How long the oldest e-mail still waiting has waited (0 when none is)",
        value=(timezone.now() - oldest).total_seconds() if oldest else 0,
    )


class _Exposition:
    """What one scrape answers: the process's (or, under gunicorn with PROMETHEUS_MULTIPROC_DIR, every
    worker's) request figures, and Safeguard's."""

    def collect(self) -> Iterable[Metric]:
        if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
            from prometheus_client import multiprocess

            registry = CollectorRegistry()
            multiprocess.MultiProcessCollector(registry)
            yield from registry.collect()
        else:
            yield from REGISTRY.collect()
        yield from SafeguardCollector().collect()


@functools.lru_cache(maxsize=8)
def _networks(addresses: tuple[str, ...]) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    return tuple(ipaddress.ip_network(a, strict=False) for a in addresses)


def _client_address(request: HttpRequest) -> str | None:
    """REMOTE_ADDR, or behind SAFEGUARD_TRUSTED_PROXIES proxies the address the outermost of them saw.

    None when the request came through more proxies than are trusted: a scrape comes straight from
    Prometheus, and a request relayed from the internet by a proxy on this machine would otherwise
    appear to come from 127.0.0.1.
    """
    proxies = settings.SAFEGUARD_TRUSTED_PROXIES
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    if len(hops) > proxies:
        return None
    return hops[-proxies] if proxies and len(hops) == proxies else request.META.get("REMOTE_ADDR")


def metrics_address_allowed(request: HttpRequest) -> bool:
    try:
        address = ipaddress.ip_address(_client_address(request) or "")
    except ValueError:
        return False
    if address.version == 6 and address.ipv4_mapped:
        address = address.ipv4_mapped
    return any(address in network for network in _networks(tuple(settings.METRICS_ALLOWED_ADDRESSES)))


def metrics_view(request: HttpRequest) -> HttpResponse:
    # Elsewhere the address is not there at all: 404 before anything else, whatever the method.
    if not metrics_address_allowed(request):
        raise Http404
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    return HttpResponse(generate_latest(_Exposition()), content_type=CONTENT_TYPE_LATEST)
