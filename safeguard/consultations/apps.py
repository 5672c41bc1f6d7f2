from django.apps import AppConfig


class ConsultationsConfig(AppConfig):
    name = "safeguard.consultations"
    label = "consultations"
    verbose_name = "Register your views and feedback"

    def ready(self) -> None:
        from wagtail.signals import published, unpublished

        from . import publishing

        published.connect(
            publishing.consultation_published_audit, dispatch_uid="consultations.consultation_published_audit"
        )
        unpublished.connect(
            publishing.consultation_unpublished_audit, dispatch_uid="consultations.consultation_unpublished_audit"
        )
