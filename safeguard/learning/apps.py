from django.apps import AppConfig


class LearningConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "safeguard.learning"
    label = "learning"
    verbose_name = "Learning and development"

    def ready(self) -> None:
        from wagtail.signals import published, unpublished

        from . import publishing

        published.connect(publishing.event_published_audit, dispatch_uid="learning.event_published_audit")
        unpublished.connect(publishing.event_unpublished_audit, dispatch_uid="learning.event_unpublished_audit")
