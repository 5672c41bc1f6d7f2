from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "safeguard.notifications"
    label = "notifications"
