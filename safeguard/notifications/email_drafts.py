"""E-mailed notifications (the way councils notify today): each message becomes a draft for SQA.

The original message and its attachments are kept with the notification; fields found in the text
are pre-filled (email_intake.parse_message); an officer completes and sends it with the same question
pages as the web form.
"""

from django.db import transaction

from safeguard.accounts.models import HostCouncil
from safeguard.reference.selectors import councils

from . import services
from .email_intake import EmailIntakeError, parse_message
from .models import Notification

__all__ = ["EmailIntakeError", "email_draft_create"]


@transaction.atomic
def email_draft_create(*, actor, raw: bytes, host_council: HostCouncil) -> Notification:
    """A draft notification from a received e-mail. Raises EmailIntakeError when it is not an e-mail."""
    # The host council's own name in a forwarded message is never the placing council.
    parsed = parse_message(
        raw, councils=[(c.dfe_code, c.name) for c in councils()], host_council=host_council.organisation.dfe_code
    )
    changes = dict(parsed.prefill)
    changes.setdefault("kind", "placement_start")
    return services.notification_draft_save(
        actor=actor,
        draft=None,
        changes=changes,
        channel=Notification.Channel.EMAIL,
        original_message=raw,
        attachments=[services.IncomingAttachment(a.filename, a.content_type, a.content) for a in parsed.attachments],
        sender_email=parsed.sender,
        host_council=host_council,
        received_at=parsed.received_at,
    )
