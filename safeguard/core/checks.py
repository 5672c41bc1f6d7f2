"""Start-up checks of the e-mail configuration: a wrong setting fails at start, not at the first e-mail."""

import uuid

from django.conf import settings
from django.core.checks import Error, register


@register("safeguard")
def email_configuration_check(app_configs=None, **kwargs) -> list[Error]:
    errors = []
    if settings.NOTIFY_API_KEY:
        try:
            uuid.UUID(settings.NOTIFY_EMAIL_TEMPLATE_ID)
        except ValueError:
            errors.append(
                Error(
                    "NOTIFY_API_KEY is set but NOTIFY_EMAIL_TEMPLATE_ID is not a template id.",
                    hint=(
                        "In GOV.UK Notify, make an e-mail template whose subject is ((subject)) and whose "
                        "message is ((body)), and set NOTIFY_EMAIL_TEMPLATE_ID to its id (README, E-mail)."
                    ),
                    id="safeguard.E001",
                )
            )
    if settings.EMAIL_USE_TLS and settings.EMAIL_USE_SSL:
        errors.append(
            Error(
                "EMAIL_USE_TLS and EMAIL_USE_SSL are both true.",
                hint="Set EMAIL_USE_TLS for STARTTLS (usually port 587) or EMAIL_USE_SSL for TLS (port 465), not both.",
                id="safeguard.E002",
            )
        )
    return errors
