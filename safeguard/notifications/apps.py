from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "safeguard.notifications"
    label = "notifications"

    def ready(self) -> None:
        from safeguard.core.metrics import metric_source_register

        from .metrics import notification_metrics, work_item_metrics

        metric_source_register("notifications", notification_metrics)
        metric_source_register("work_items", work_item_metrics)
