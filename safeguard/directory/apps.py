from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "safeguard.directory"
    label = "directory"
    verbose_name = "Services directory"
