from django.apps import AppConfig


class MissingConfig(AppConfig):
    name = "safeguard.missing"
    label = "missing"

    def ready(self) -> None:
        from safeguard.core.metrics import metric_source_register
        from safeguard.records.registry import record_source_register

        from .metrics import missing_metrics
        from .records import PHOTOGRAPHS, REPLACED_PHOTOGRAPHS
        from .summary import signals_connect

        metric_source_register("missing", missing_metrics)
        # The figures kept per day follow every save and delete of an episode or interview (docs/adr/0031).
        signals_connect()
        # The child's photographs, reviewed and disposed of under the retention schedule (docs/adr/0041).
        record_source_register(PHOTOGRAPHS)
        record_source_register(REPLACED_PHOTOGRAPHS)
