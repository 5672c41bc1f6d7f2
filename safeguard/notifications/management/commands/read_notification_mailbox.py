from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from safeguard.accounts.models import HostCouncil
from safeguard.core.audit import SystemActor
from safeguard.notifications.email_intake import EmailIntakeError, read_maildir
from safeguard.notifications.services import (
    MailboxReport,
    imap_mailbox_configured,
    imap_mailbox_read,
    mailbox_message_take,
)


class Command(BaseCommand):
    help = (
        "Turn the messages in the host council's notifications mailbox into draft notifications for SQA "
        "officers to complete (a message that is not a notification is filed as correspondence). Without "
        "a folder, reads the IMAP mailbox of the NOTIFICATIONS_IMAP_* settings (over TLS) and moves or "
        "flags each message taken in; with a maildir folder, reads its new/ and moves each to cur/. "
        "Each message is taken in once, however often it is read (docs/adr/0035)."
    )

    def add_arguments(self, parser):
        parser.add_argument("maildir", nargs="?", help="path of a maildir folder (with new/, cur/ and tmp/)")
        parser.add_argument("--host", default=None, help="slug of the host council the mailbox belongs to")

    def handle(self, *args, maildir, host, **options):
        from django.conf import settings

        slug = host or settings.NOTIFICATIONS_MAILBOX_HOST
        host_council = HostCouncil.objects.filter(slug=slug).first()
        if host_council is None:
            raise CommandError(f"There is no host council {slug!r}")
        actor = SystemActor.command("read_notification_mailbox")
        if maildir:
            report = self.read_maildir(Path(maildir), host_council, actor)
        else:
            config = imap_mailbox_configured()
            if config is None:
                raise CommandError("Give a maildir folder, or set NOTIFICATIONS_IMAP_HOST (see the README)")
            try:
                report = imap_mailbox_read(actor=actor, host_council=host_council, config=config)
            except EmailIntakeError as problem:
                raise CommandError(str(problem)) from None
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
