from django.apps import AppConfig


class AllegationsConfig(AppConfig):
    name = "safeguard.allegations"
    label = "allegations"

    def ready(self) -> None:
        from safeguard.records.registry import child_records_register, record_source_register

        from .records import LADO_SOURCES, children_named_in_cases

        # Closed cases, by outcome, reviewed and erased under the council's retention schedule (docs/adr/0041).
        for source in LADO_SOURCES:
            record_source_register(source)
        child_records_register(children_named_in_cases)  # a register entry goes after the cases naming the child
