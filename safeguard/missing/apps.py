from django.apps import AppConfig


class MissingConfig(AppConfig):
    name = "safeguard.missing"
    label = "missing"

    def ready(self) -> None:
        from safeguard.core.metrics import metric_source_register

        from .metrics import missing_metrics

        metric_source_register("missing", missing_metrics)
