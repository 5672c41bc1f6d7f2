from django.apps import AppConfig


class HomeConfig(AppConfig):
    """The top floor: composes every domain app (role home pages, navigation, the child's page, the
    demo). No other app imports it."""

    name = "safeguard.home"
    label = "home"
