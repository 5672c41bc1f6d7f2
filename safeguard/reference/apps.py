from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class ReferenceConfig(AppConfig):
    name = "safeguard.reference"
    label = "reference"

    def ready(self) -> None:
        from safeguard.accounts.models import HostCouncil, Organisation

        from .selectors import reference_cache_clear

        # This process's copy of the councils and host councils is read afresh after any change here.
        for model in (Organisation, HostCouncil):
            post_save.connect(reference_cache_clear, sender=model, dispatch_uid=f"reference-cache-{model.__name__}")
            post_delete.connect(reference_cache_clear, sender=model, dispatch_uid=f"reference-cache-d-{model.__name__}")
