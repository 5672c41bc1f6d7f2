from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class RegisterConfig(AppConfig):
    name = "safeguard.register"
    label = "register"

    def ready(self) -> None:
        from safeguard.records.registry import child_lookup_register, record_source_register

        from .models import Child, Placement
        from .records import REGISTER_ENTRIES
        from .selectors import child_reference_known, register_changed

        # Records management names children by register reference (a legal hold on a child, SG123).
        child_lookup_register(child_reference_known)
        # The child's register entry, disposed of last under the retention schedule (docs/adr/0041).
        record_source_register(REGISTER_ENTRIES)

        # The register's cached counts (selectors.register_count) are out of date after any change here.
        for model in (Child, Placement):
            post_save.connect(register_changed, sender=model, dispatch_uid=f"register-changed-{model.__name__}")
            post_delete.connect(register_changed, sender=model, dispatch_uid=f"register-changed-d-{model.__name__}")
