from django.apps import AppConfig


class InclusionConfig(AppConfig):
    """The council's education inclusion service: children missing education (CME), elective home
    education (EHE) and, when a host switches it on, children not in school (CNIS). Above education,
    whose schools and school days it uses. docs/adr/0029-education-inclusion-cme-ehe-cnis.md."""

    name = "safeguard.inclusion"
    label = "inclusion"
    verbose_name = "Education inclusion"

    def ready(self) -> None:
        # Schools send their returns with their own API token, on the routes of /api/v1/.
        from . import api  # noqa: F401
