"""E-mailed notifications (the way councils notify today): each message becomes a draft for SQA, or,
when it is not a notification at all (an out-of-office reply, a thank-you, a question), is filed as
correspondence.

The original message and its attachments are kept with the notification; fields found in the text
and in attached PDF and Word documents are pre-filled (email_intake.parse_message); an officer
completes and sends it with the same question pages as the web form. Filed correspondence is kept
whole, and an officer who finds it is a notification after all makes a draft from it.
"""

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from safeguard.accounts.models import HostCouncil
from safeguard.core.audit import audit_event_record
from safeguard.reference.selectors import councils

from ..email_intake import EmailIntakeError, ParsedEmail, parse_message
from ..models import Correspondence, Notification
from .common import IncomingAttachment
from .intake import notification_draft_save

__all__ = ["EmailIntakeError", "correspondence_make_draft", "email_draft_create", "email_receive"]


def _parse(raw: bytes, host_council: HostCouncil) -> ParsedEmail:
    # The host council's own name in a forwarded message is never the placing council.
    return parse_message(
        raw, councils=[(c.dfe_code, c.name) for c in councils()], host_council=host_council.organisation.dfe_code
    )


@transaction.atomic
def email_receive(*, actor, raw: bytes, host_council: HostCouncil) -> Notification | Correspondence:
    """A received e-mail: a draft notification, or filed correspondence when it is plainly not a
    notification (no fact about a child and no document attached: email_intake.correspondence).
    Raises EmailIntakeError when it is not an e-mail."""
    parsed = _parse(raw, host_council)
    if parsed.correspondence:
        return _correspondence_file(actor=actor, raw=raw, parsed=parsed, host_council=host_council)
    return _draft_create(actor=actor, raw=raw, parsed=parsed, host_council=host_council)


@transaction.atomic
def email_draft_create(*, actor, raw: bytes, host_council: HostCouncil) -> Notification:
    """A draft notification from a received e-mail, whatever it holds. Raises EmailIntakeError when it is
    not an e-mail."""
    return _draft_create(actor=actor, raw=raw, parsed=_parse(raw, host_council), host_council=host_council)


def _draft_create(*, actor, raw: bytes, parsed: ParsedEmail, host_council: HostCouncil) -> Notification:
    changes = dict(parsed.prefill)
    changes.setdefault("kind", "placement_start")
    return notification_draft_save(
        actor=actor,
        draft=None,
        changes=changes,
        channel=Notification.Channel.EMAIL,
        original_message=raw,
        attachments=[IncomingAttachment(a.filename, a.content_type, a.content, a.note) for a in parsed.attachments],
        sender_email=parsed.sender if len(parsed.sender) <= 254 else "",
        host_council=host_council,
        received_at=parsed.received_at,
    )


def _correspondence_file(*, actor, raw: bytes, parsed: ParsedEmail, host_council: HostCouncil) -> Correspondence:
    item = Correspondence(
        host_council=host_council,
        received_at=parsed.received_at or timezone.now(),
        sender_email=parsed.sender[:254],
        sender_name=parsed.sender_name[:200],
        subject=parsed.subject[:300],
        reason=parsed.correspondence[:200],
        attachments=[
            {"filename": a.filename, "content_type": a.content_type, "size": a.size} for a in parsed.attachments
        ],
        filed_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    item.original_message.save(f"correspondence-{timezone.now():%Y%m%d%H%M%S}.eml", ContentFile(raw), save=False)
    item.save()
    audit_event_record(
        actor=actor,
        action="correspondence.file",
        target=item,
        host_council=host_council,
        changes={"reason": [None, item.reason]},
    )
    return item


@transaction.atomic
def correspondence_make_draft(*, actor, correspondence: Correspondence) -> Notification:
    """An officer finds that filed correspondence is a notification after all: a draft from its original
    message, pre-filled as any e-mail is. Once made, the same draft is returned again."""
    item = Correspondence.objects.select_for_update().get(pk=correspondence.pk)
    if item.notification_id:
        return item.notification
    with item.original_message.open("rb") as message:
        raw = message.read()
    draft = email_draft_create(actor=actor, raw=raw, host_council=item.host_council)
    item.notification = draft
    item.save(update_fields=["notification"])
    audit_event_record(
        actor=actor,
        action="correspondence.make_draft",
        target=item,
        host_council=item.host_council,
        changes={"notification": [None, draft.reference]},
    )
    return draft
