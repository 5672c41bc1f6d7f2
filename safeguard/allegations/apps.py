from django.apps import AppConfig


class AllegationsConfig(AppConfig):
    name = "safeguard.allegations"
    label = "allegations"
