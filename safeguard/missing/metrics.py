"""Missing from care's figures for /metrics (safeguard.core.metrics): counts only, never a child."""

from collections.abc import Iterable

from django.db.models import Count
from django.utils import timezone
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.metrics_core import Metric

from .models import MissingEpisode, ReturnHomeInterview


def missing_metrics() -> Iterable[Metric]:
    now_missing = {MissingEpisode.Kind.MISSING: 0, MissingEpisode.Kind.AWAY: 0}
    rows = MissingEpisode.objects.filter(returned_at__isnull=True).values("kind").annotate(n=Count("pk")).order_by()
    for row in rows:
        now_missing[row["kind"]] = row["n"]
    family = GaugeMetricFamily(
        "safeguard_children_missing",
        "Children missing or away from placement now (episodes not yet ended)",
        labels=["kind"],
    )
    family.add_metric(["missing"], now_missing[MissingEpisode.Kind.MISSING])
    family.add_metric(["away"], now_missing[MissingEpisode.Kind.AWAY])
    yield family
    yield GaugeMetricFamily(
        "safeguard_return_home_interviews_overdue",
        "Return-home interviews not yet held past their 72 hours",
        value=ReturnHomeInterview.objects.filter(
            outcome=ReturnHomeInterview.Outcome.DUE, due_at__lt=timezone.now()
        ).count(),
    )
