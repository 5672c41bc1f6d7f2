"""The notifications mailbox (maildir or IMAP): each message taken in exactly once (docs/adr/0035).

A message's key (its Message-ID, or a digest of its bytes when it has none) is stored in the same
transaction as the draft or correspondence it gives. The reader marks the message on the server (moved
or flagged) only after that commits: a crash before the commit leaves nothing and the message is read
again; a crash after it leaves the key, and reading it again only marks it. Two readers at once collide
on the key's unique constraint and one of them rolls back whole.
"""

import hashlib
import re
from dataclasses import dataclass, field
from datetime import timedelta
from email.parser import BytesHeaderParser
from email.policy import compat32
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.utils import timezone

from safeguard.accounts.models import HostCouncil
from safeguard.core.audit import audit_event_record
from safeguard.core.errors import ServiceRefusal
from safeguard.core.models import AuditEvent
from safeguard.core.secrets import SecretUnreadable, secret_decrypt, secret_encrypt

from ..email_intake import EmailIntakeError, ImapMailbox, check_imap, read_imap
from ..models import Correspondence, CouncilMailbox, MailboxMessage
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
    """The mailbox of the NOTIFICATIONS_IMAP_* settings (the one-council fallback), or None when unset."""
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


def council_mailbox_imap(mailbox: CouncilMailbox, password: str | None = None) -> ImapMailbox:
    """The IMAP settings of a council's mailbox row (its password decrypted, or the one given)."""
    return ImapMailbox(
        host=mailbox.server,
        port=mailbox.port,
        username=mailbox.username,
        password=secret_decrypt(mailbox.password) if password is None else password,
        folder=mailbox.folder,
        done_folder=mailbox.done_folder,
        ca_file=mailbox.ca_file,
    )


@dataclass(frozen=True)
class MailboxToRead:
    host_council: HostCouncil
    config: ImapMailbox
    row: CouncilMailbox | None  # None: the NOTIFICATIONS_IMAP_* settings (one council)
    interval_minutes: float


def mailboxes_to_read(*, host_council: HostCouncil | None = None) -> list[MailboxToRead]:
    """Every host council's mailbox that is switched on (or that one host's): its own row, or, for
    NOTIFICATIONS_MAILBOX_HOST without a row, the NOTIFICATIONS_IMAP_* settings. A row switched off
    wins over the settings. A password no key opens leaves that mailbox out (its row says why)."""
    found = []
    rows = CouncilMailbox.objects.select_related("host_council__organisation").filter(enabled=True)
    if host_council is not None:
        rows = rows.filter(host_council=host_council)
    for row in rows.order_by("host_council__slug"):
        try:
            config = council_mailbox_imap(row)
        except SecretUnreadable:
            CouncilMailbox.objects.filter(pk=row.pk).update(
                last_outcome="Safeguard cannot read the password (SAFEGUARD_SECRETS_KEY changed): enter it again"
            )
            continue
        found.append(MailboxToRead(row.host_council, config, row, row.interval_minutes))
    fallback = imap_mailbox_configured()
    if fallback is not None:
        host = HostCouncil.objects.filter(slug=settings.NOTIFICATIONS_MAILBOX_HOST).first()
        wanted = host is not None and (host_council is None or host == host_council)
        if wanted and not CouncilMailbox.objects.filter(host_council=host).exists():
            found.append(MailboxToRead(host, fallback, None, settings.NOTIFICATIONS_MAILBOX_INTERVAL_MINUTES))
    return found


MAILBOX_FIELDS = ["server", "port", "username", "folder", "done_folder", "ca_file", "enabled", "interval_minutes"]


def council_mailbox_errors(
    *, server: str, port: int, username: str, password_needed: bool, folder: str, ca_file: str, interval_minutes: int
) -> dict[str, str]:
    errors = {}
    if not server.strip():
        errors["server"] = "Enter the mailbox's IMAP server, like outlook.office365.com"
    elif not re.match(r"^[A-Za-z0-9.-]+$|^\[?[0-9a-fA-F:.]+\]?$", server.strip()):
        errors["server"] = "Enter the server's name only, like outlook.office365.com (no https:// and no slashes)"
    if not 1 <= port <= 65535:
        errors["port"] = "Enter the port as a number from 1 to 65535 (993 for IMAP over TLS)"
    if not username.strip():
        errors["username"] = "Enter the mailbox's user name, like notifications@luton.gov.uk"
    if password_needed:
        errors["password"] = "Enter the mailbox's password (or app password)"
    if not folder.strip():
        errors["folder"] = "Enter the folder where the messages arrive, like INBOX"
    if ca_file.strip():
        path = Path(ca_file.strip())
        if not path.is_absolute():
            errors["ca_file"] = "Enter the full path of the CA file on Safeguard's server, like /etc/ssl/council-ca.pem"
        elif not path.is_file():
            errors["ca_file"] = f"There is no file at {ca_file.strip()} on Safeguard's server: check the path"
    if not 1 <= interval_minutes <= 1440:
        errors["interval_minutes"] = "Enter how often to read the mailbox, from 1 to 1440 minutes"
    return errors


@transaction.atomic
def council_mailbox_configure(
    *,
    actor,
    host_council: HostCouncil,
    server: str,
    port: int,
    username: str,
    password: str,
    folder: str = "INBOX",
    done_folder: str = "Taken into Safeguard",
    ca_file: str = "",
    enabled: bool = False,
    interval_minutes: int = 5,
) -> CouncilMailbox:
    """Set (or change) the host council's notifications mailbox. An empty `password` keeps the one
    stored; the password is kept encrypted (core.secrets) and never written to the audit trail."""
    mailbox = CouncilMailbox.objects.filter(host_council=host_council).first() or CouncilMailbox(
        host_council=host_council
    )
    errors = council_mailbox_errors(
        server=server,
        port=port,
        username=username,
        password_needed=not password and not mailbox.password,
        folder=folder,
        ca_file=ca_file,
        interval_minutes=interval_minutes,
    )
    if errors:
        raise ServiceRefusal(errors)
    before = {name: getattr(mailbox, name) for name in MAILBOX_FIELDS} if mailbox.pk else dict.fromkeys(MAILBOX_FIELDS)
    password_changed = False
    if password:
        try:
            password_changed = secret_decrypt(mailbox.password) != password
        except SecretUnreadable:
            password_changed = True
        if password_changed:
            mailbox.password = secret_encrypt(password)
    mailbox.server, mailbox.port, mailbox.username = server.strip(), port, username.strip()
    mailbox.folder, mailbox.done_folder, mailbox.ca_file = folder.strip(), done_folder.strip(), ca_file.strip()
    mailbox.enabled, mailbox.interval_minutes = enabled, interval_minutes
    mailbox.save()
    changes = {n: [before[n], getattr(mailbox, n)] for n in MAILBOX_FIELDS if before[n] != getattr(mailbox, n)}
    if password_changed:
        changes["password"] = ["(hidden)", "(changed)"]
    audit_event_record(
        actor=actor,
        kind=AuditEvent.Kind.SECURITY,
        action="host_council.mailbox_configure",
        target=mailbox,
        host_council=host_council,
        changes=changes,
    )
    return mailbox


def council_mailbox_check(*, actor, host_council: HostCouncil, config: ImapMailbox) -> dict:
    """The settings page's "check the connection": connect over TLS, sign in and open the folder as a
    reading would, taking nothing. {"ok": True, "waiting": n} or {"ok": False, "problem": …}; audited."""
    try:
        waiting = check_imap(config)
    except EmailIntakeError as problem:
        result = {"ok": False, "problem": str(problem)}
    else:
        result = {"ok": True, "waiting": waiting}
    audit_event_record(
        actor=actor,
        kind=AuditEvent.Kind.SECURITY,
        action="host_council.mailbox_check",
        target=host_council,
        host_council=host_council,
        changes={
            "mailbox": [None, config.label[:300]],
            "outcome": [None, f"{result['waiting']} waiting" if result["ok"] else result["problem"][:300]],
        },
    )
    return result


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


def imap_mailbox_read(
    *, actor, host_council: HostCouncil, config: ImapMailbox, row: CouncilMailbox | None = None
) -> MailboxReport:
    """Take in every message waiting in the council's IMAP mailbox, and move or flag each; each draft
    belongs to `host_council`. The council's row (when there is one) keeps when it was read and how."""
    report = MailboxReport()

    def take(uid: str, raw: bytes) -> None:
        record, new = mailbox_message_take(
            actor=actor, raw=raw, host_council=host_council, mailbox=config.label, uid=uid
        )
        report.add(uid, record, new)

    try:
        read_imap(config, take)
    except EmailIntakeError as problem:
        if row is not None:
            CouncilMailbox.objects.filter(pk=row.pk).update(
                last_read_at=timezone.now(), last_outcome=str(problem)[:300]
            )
        raise
    if row is not None:
        CouncilMailbox.objects.filter(pk=row.pk).update(last_read_at=timezone.now(), last_outcome=report.summary[:300])
    return report


def council_mailboxes_read_due(*, actor, now=None) -> list[str]:
    """The timed rule: read each mailbox switched on whose interval has passed since it was last read
    (the settings' fallback mailbox at NOTIFICATIONS_MAILBOX_INTERVAL_MINUTES, kept in the cache). One
    council's mailbox failing does not stop the others: its row says why. Returns a line a mailbox."""
    now = now or timezone.now()
    lines = []
    for mailbox in mailboxes_to_read():
        interval = timedelta(minutes=mailbox.interval_minutes)
        last = mailbox.row.last_read_at if mailbox.row is not None else cache.get(FALLBACK_LAST_READ)
        if last is not None and now - last < interval - timedelta(seconds=5):
            continue
        if mailbox.row is None:
            cache.set(FALLBACK_LAST_READ, now, None)
        try:
            report = imap_mailbox_read(
                actor=actor, host_council=mailbox.host_council, config=mailbox.config, row=mailbox.row
            )
        except EmailIntakeError as problem:
            lines.append(f"{mailbox.host_council.slug}: {problem}")
        else:
            lines.append(f"{mailbox.host_council.slug}: {report.summary}")
    return lines


FALLBACK_LAST_READ = "notifications-mailbox-fallback-last-read"
