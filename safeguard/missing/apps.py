from django.apps import AppConfig


class MissingConfig(AppConfig):
    name = "safeguard.missing"
    label = "missing"

    def ready(self) -> None:
        from safeguard.core.metrics import metric_source_register
        from safeguard.records.registry import child_records_register, record_source_register

        from .metrics import missing_metrics
        from .records import MISSING_SOURCES, children_with_missing_records
        from .summary import signals_connect

        metric_source_register("missing", missing_metrics)
        # The figures kept per day follow every save and delete of an episode or interview (docs/adr/0031).
        signals_connect()
        # The child's photographs, profile, risk plans, episodes and return home interviews, reviewed and
        # disposed of under the retention schedule (docs/adr/0041).
        for source in MISSING_SOURCES:
            record_source_register(source)
        child_records_register(children_with_missing_records)  # so the register entry goes last
