from django.apps import AppConfig


class AllegationsConfig(AppConfig):
    name = "safeguard.allegations"
    label = "allegations"

    def ready(self) -> None:
        from safeguard.records.registry import record_source_register

        from .records import LADO_SOURCES

        # Closed cases, by outcome, reviewed and erased under the council's retention schedule (docs/adr/0041).
        for source in LADO_SOURCES:
            record_source_register(source)
