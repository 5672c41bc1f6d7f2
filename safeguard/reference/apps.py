from django.apps import AppConfig


class ReferenceConfig(AppConfig):
    name = "safeguard.reference"
    label = "reference"
