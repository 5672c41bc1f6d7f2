from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from safeguard.accounts.models import HostCouncil
from safeguard.core.audit import SystemActor
from safeguard.notifications.email_intake import EmailIntakeError, read_maildir
from safeguard.notifications.services import (
    MailboxReport,
    imap_mailbox_read,
    mailbox_message_take,
    mailboxes_to_read,
)


class Command(BaseCommand):
    help = (
        "Turn the messages in the host councils' notifications mailboxes into draft notifications for SQA "
        "officers to complete (a message that is not a notification is filed as correspondence). Without "
        "a folder, reads over IMAP (TLS) every host council's mailbox that is switched on on its "
        "settings page (or only --host's), and for NOTIFICATIONS_MAILBOX_HOST without one, the mailbox of "
        "the NOTIFICATIONS_IMAP_* settings; each message taken in is moved or flagged, and its draft "
        "belongs to that mailbox's council. With a maildir folder, reads its new/ for --host (default "
        "NOTIFICATIONS_MAILBOX_HOST) and moves each to cur/. Each message is taken in once, however often "
        "it is read (docs/adr/0035)."
    )

    def add_arguments(self, parser):
        parser.add_argument("maildir", nargs="?", help="path of a maildir folder (with new/, cur/ and tmp/)")
        parser.add_argument(
            "--host", default=None, help="slug of one host council (all that are switched on if not given)"
        )

    def handle(self, *args, maildir, host, **options):
        actor = SystemActor.command("read_notification_mailbox")
        host_council = None
        if host or maildir:
            slug = host or settings.NOTIFICATIONS_MAILBOX_HOST
            host_council = HostCouncil.objects.filter(slug=slug).first()
            if host_council is None:
                raise CommandError(f"There is no host council {slug!r}")
        if maildir:
            self.write(self.read_maildir(Path(maildir), host_council, actor))
            return
        mailboxes = mailboxes_to_read(host_council=host_council)
        if not mailboxes:
            whose = f"{host_council}'s" if host_council else "any host council's"
            raise CommandError(
                f"No mailbox of {whose} is switched on: set it up on Configuration, Notifications mailbox "
                "(or set NOTIFICATIONS_IMAP_HOST for one council), or give a maildir folder (see the README)"
            )
        failed = []
        for mailbox in mailboxes:
            if len(mailboxes) > 1 or host_council is None:
                self.stdout.write(f"{mailbox.host_council} ({mailbox.config.label}):")
            try:
                report = imap_mailbox_read(
                    actor=actor, host_council=mailbox.host_council, config=mailbox.config, row=mailbox.row
                )
            except EmailIntakeError as problem:
                failed.append(f"{mailbox.host_council}: {problem}")
                continue
            self.write(report)
        if failed:
            raise CommandError("Not read: " + "; ".join(failed))

    def write(self, report: MailboxReport) -> None:
        for line in report.lines:
            (self.stderr if ": not taken:" in line else self.stdout).write(line)
        self.stdout.write(report.summary)

    def read_maildir(self, folder: Path, host_council, actor) -> MailboxReport:
        if not (folder / "new").is_dir():
            raise CommandError(f"{folder} is not a maildir folder: it has no new/ folder")
        report = MailboxReport()
        for key, raw in read_maildir(str(folder)):
            record, new = mailbox_message_take(
                actor=actor, raw=raw, host_council=host_council, mailbox=str(folder), uid=key
            )
            report.add(key, record, new)
            source = folder / "new" / key
            if source.exists():
                source.rename(folder / "cur" / f"{key}:2,S")
        return report
