from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class ReferenceConfig(AppConfig):
    name = "safeguard.reference"
    label = "reference"

    def ready(self) -> None:
        from safeguard.accounts.models import HostCouncil, Organisation

        from .models import Contact, OpeningHours
        from .selectors import host_contacts_changed, reference_cache_clear

        # This process's copy of the councils and host councils is read afresh after any change here.
        for model in (Organisation, HostCouncil):
            post_save.connect(reference_cache_clear, sender=model, dispatch_uid=f"reference-cache-{model.__name__}")
            post_delete.connect(reference_cache_clear, sender=model, dispatch_uid=f"reference-cache-d-{model.__name__}")
        # The host's contacts kept in the shared cache ("who to call now") are forgotten on any change.
        for model in (Contact, OpeningHours):
            post_save.connect(host_contacts_changed, sender=model, dispatch_uid=f"contacts-cache-{model.__name__}")
            post_delete.connect(host_contacts_changed, sender=model, dispatch_uid=f"contacts-cache-d-{model.__name__}")
