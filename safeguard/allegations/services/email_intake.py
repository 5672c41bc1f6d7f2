"""An e-mailed referral, uploaded by the LADO team as the message file; the original is kept."""

from datetime import timedelta

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from safeguard.notifications.email_intake.message import EmailIntakeError, parse_message

from ..confidential import audit_event_record
from ..models import LadoCase
from .common import CaseInvalid, _new_reference, initial_consideration_due

# An e-mailed referral's own Date: header is believed when it is at most this old.
EMAIL_DATE_TRUSTED_DAYS = 30
# An e-mailed referral is a letter, not an archive: refuse anything larger.
MAX_EMAIL_BYTES = 10 * 1024 * 1024


@transaction.atomic
def lado_email_record(*, actor, raw: bytes) -> LadoCase:
    """An e-mailed referral, recorded by the LADO team with the original message kept as it came.

    The sender, subject, date and text pre-fill the case; the LADO completes the rest. Raises
    CaseInvalid (with a message for the LADO, on the `message` field) when the file is not a readable
    e-mail message.
    """
    try:
        parsed = parse_message(raw, max_bytes=MAX_EMAIL_BYTES, read_documents=False)  # kept, not pre-filled from
    except EmailIntakeError as problem:
        raise CaseInvalid({"message": str(problem)}) from None
    now = timezone.now()
    # The message's Date: header starts the clock only when it is plausible: not in the future and
    # not more than EMAIL_DATE_TRUSTED_DAYS old (a wrong or forged date must not make a case overdue).
    sent = parsed.received_at
    received_at = sent if sent and now - timedelta(days=EMAIL_DATE_TRUSTED_DAYS) <= sent <= now else now

    def clean(value: str) -> str:
        return (value or "").replace("\x00", "")

    text = clean(parsed.text).strip()
    sender, sender_name, subject = clean(parsed.sender), clean(parsed.sender_name), clean(parsed.subject)
    case = LadoCase(
        host_council=actor.host_council,
        channel=LadoCase.Channel.EMAIL,
        received_at=received_at,
        initial_consideration_due_at=initial_consideration_due(received_at),
        reference=_new_reference(received_at),
        referrer_name=sender_name[:200],
        referrer_email=sender[:254] if "@" in sender else "",
        email_sender=f"{sender_name} <{sender}>"[:300] if sender_name else sender[:300],
        email_subject=subject[:500],
        email_attachments=[
            {"filename": clean(a.filename), "content_type": clean(a.content_type), "size": a.size}
            for a in parsed.attachments
        ],
        what_happened=text[:20000],
        summary=(subject or text)[:300],
    )
    case.save()
    # The file after the row: a refused row leaves no personal data on disk.
    case.original_message.save(f"{case.reference}.eml", ContentFile(raw), save=True)
    audit_event_record(
        actor=actor,
        action="lado_case.email_record",
        target=case,
        host_council=case.host_council,
        changes={"channel": [None, case.channel], "attachments": [None, len(parsed.attachments)]},
    )
    return case
