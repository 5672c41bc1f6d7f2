"""Notifications' figures for /metrics (safeguard.core.metrics): counts only, never a child."""

from collections.abc import Iterable

from django.db.models import Count, Q
from django.utils import timezone
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from prometheus_client.metrics_core import Metric

from safeguard.records.schedule import RecordClass
from safeguard.records.selectors import tombstone_counts

from .models import Notification, WorkItem


def notification_metrics() -> Iterable[Metric]:
    received = dict.fromkeys(Notification.Channel.values, 0)
    rows = (
        Notification.objects.exclude(status=Notification.Status.DRAFT)  # a draft has not been sent yet
        .values("channel")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in rows:
        received[row["channel"]] = row["n"]
    # A notification disposed of under the retention schedule is still counted, from its tombstone: a
    # counter never goes down (docs/adr/0041).
    for category, n in tombstone_counts(RecordClass.NOTIFICATION).items():
        channel = category.partition("/")[0]
        received[channel] = received.get(channel, 0) + n
    family = CounterMetricFamily(
        "safeguard_notifications_received",
        "Notifications received from placing councils, by way in (web, api, email, ssda903)",
        labels=["channel"],
    )
    for channel, n in received.items():
        family.add_metric([channel], n)
    yield family


def work_item_metrics() -> Iterable[Metric]:
    overdue = WorkItem.objects.filter(status=WorkItem.Status.OPEN, escalate_at__lt=timezone.now()).aggregate(
        new_placement=Count("pk", filter=Q(exploitation_concern__isnull=True)),
        exploitation_concern=Count("pk", filter=Q(exploitation_concern__isnull=False)),
    )
    family = GaugeMetricFamily(
        "safeguard_work_items_overdue",
        "Host teams' work not acknowledged by its escalation time, by kind",
        labels=["kind"],
    )
    for kind, n in overdue.items():
        family.add_metric([kind], n)
    yield family
