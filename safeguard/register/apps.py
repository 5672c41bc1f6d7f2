from django.apps import AppConfig


class RegisterConfig(AppConfig):
    name = "safeguard.register"
    label = "register"
