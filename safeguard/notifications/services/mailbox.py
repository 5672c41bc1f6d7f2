"""The notifications mailbox (maildir or IMAP): each message taken in exactly once (docs/adr/0035).

A message's key (its Message-ID, or a digest of its bytes when it has none) is stored in the same
transaction as the draft or correspondence it gives. The reader marks the message on the server (moved
or flagged) only after that commits: a crash before the commit leaves nothing and the message is read
again; a crash after it leaves the key, and reading it again only marks it. Two readers at once collide
on the key's unique constraint and one of them rolls back whole.
"""

import hashlib
from dataclasses import dataclass, field
from email.parser import BytesHeaderParser
from email.policy import compat32

from django.conf import settings
from django.db import IntegrityError, transaction

from safeguard.accounts.models import HostCouncil
from safeguard.core.audit import audit_event_record

from ..email_intake import EmailIntakeError, ImapMailbox, read_imap
from ..models import Correspondence, MailboxMessage
from .email_drafts import email_receive


def mailbox_message_key(raw: bytes) -> str:
    """The Message-ID as sent (without its angle brackets), or "sha256:<digest>" of a message without one."""
    try:
        headers = BytesHeaderParser(policy=compat32).parsebytes(raw[:65536])
        message_id = " ".join(str(headers.get("Message-ID", "")).split()).strip("<>")
    except Exception:  # noqa: BLE001 - not an e-mail at all: the digest still keys it
        message_id = ""
    if message_id:
        return message_id[:300]
    return f"sha256:{hashlib.sha256(raw).hexdigest()}"


def mailbox_message_take(
    *, actor, raw: bytes, host_council: HostCouncil, mailbox: str, uid: str = ""
) -> tuple[MailboxMessage, bool]:
    """Take one message from the mailbox in: (its record, True) the first time, (the earlier record,
    False) when it was taken in before. A message that is not an e-mail is recorded as refused, so it
    is marked and not read again."""
    key = mailbox_message_key(raw)
    earlier = MailboxMessage.objects.filter(host_council=host_council, key=key).first()
    if earlier is not None:
        return earlier, False
    try:
        with transaction.atomic():
            record = MailboxMessage(host_council=host_council, key=key, mailbox=mailbox[:300], uid=uid[:40])
            try:
                taken = email_receive(actor=actor, raw=raw, host_council=host_council)
            except EmailIntakeError as problem:
                record.outcome, record.problem = MailboxMessage.Outcome.REFUSED, str(problem)[:300]
            else:
                if isinstance(taken, Correspondence):
                    record.outcome, record.correspondence = MailboxMessage.Outcome.CORRESPONDENCE, taken
                else:
                    record.outcome, record.notification = MailboxMessage.Outcome.DRAFT, taken
            record.save()
            audit_event_record(
                actor=actor,
                action="notification.mailbox_message_take",
                target=record,
                host_council=host_council,
                changes={"outcome": [None, record.outcome], "mailbox": [None, record.mailbox]},
            )
    except IntegrityError:  # another reader took it in at the same moment
        return MailboxMessage.objects.get(host_council=host_council, key=key), False
    return record, True


def imap_mailbox_configured() -> ImapMailbox | None:
    """The council's mailbox from the settings (NOTIFICATIONS_IMAP_*), or None when none is set."""
    if not settings.NOTIFICATIONS_IMAP_HOST:
        return None
    return ImapMailbox(
        host=settings.NOTIFICATIONS_IMAP_HOST,
        port=settings.NOTIFICATIONS_IMAP_PORT,
        username=settings.NOTIFICATIONS_IMAP_USER,
        password=settings.NOTIFICATIONS_IMAP_PASSWORD,
        folder=settings.NOTIFICATIONS_IMAP_FOLDER,
        done_folder=settings.NOTIFICATIONS_IMAP_DONE_FOLDER,
        ca_file=settings.NOTIFICATIONS_IMAP_CA_FILE,
    )


@dataclass
class MailboxReport:
    drafts: int = 0
    correspondence: int = 0
    refused: int = 0
    already_taken: int = 0
    lines: list[str] = field(default_factory=list)

    def add(self, where: str, record: MailboxMessage, new: bool) -> None:
        if not new:
            self.already_taken += 1
            self.lines.append(f"{where}: taken in before ({record.get_outcome_display().lower()})")
        elif record.outcome == MailboxMessage.Outcome.DRAFT:
            self.drafts += 1
            self.lines.append(f"{where}: draft {record.notification.reference}")
        elif record.outcome == MailboxMessage.Outcome.CORRESPONDENCE:
            self.correspondence += 1
            self.lines.append(f"{where}: filed as correspondence ({record.correspondence.reason})")
        else:
            self.refused += 1
            self.lines.append(f"{where}: not taken: {record.problem}")

    @property
    def summary(self) -> str:
        text = (
            f"{self.drafts} draft notification(s) made, {self.correspondence} filed as correspondence, "
            f"{self.refused} message(s) refused."
        )
        return text + (f" {self.already_taken} taken in before." if self.already_taken else "")


def imap_mailbox_read(*, actor, host_council: HostCouncil, config: ImapMailbox) -> MailboxReport:
    """Take in every message waiting in the council's IMAP mailbox, and move or flag each."""
    report = MailboxReport()

    def take(uid: str, raw: bytes) -> None:
        record, new = mailbox_message_take(
            actor=actor, raw=raw, host_council=host_council, mailbox=config.label, uid=uid
        )
        report.add(uid, record, new)

    read_imap(config, take)
    return report
