from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from safeguard.accounts.models import HostCouncil
from safeguard.core.audit import SystemActor
from safeguard.notifications.email_intake import read_maildir
from safeguard.notifications.models import Correspondence
from safeguard.notifications.services import EmailIntakeError, email_receive


class Command(BaseCommand):
    help = (
        "Turn the messages in a maildir folder (the host council's notifications mailbox) into draft "
        "notifications for SQA officers to complete (a message that is not a notification is filed as "
        "correspondence). Each message read is moved to cur/ so it is read once."
    )

    def add_arguments(self, parser):
        parser.add_argument("maildir", help="path of the maildir folder (with new/, cur/ and tmp/)")
        parser.add_argument("--host", default="luton", help="slug of the host council the mailbox belongs to")

    def handle(self, *args, maildir, host, **options):
        folder = Path(maildir)
        if not (folder / "new").is_dir():
            raise CommandError(f"{maildir} is not a maildir folder: it has no new/ folder")
        host_council = HostCouncil.objects.filter(slug=host).first()
        if host_council is None:
            raise CommandError(f"There is no host council {host!r}")
        actor = SystemActor.command("read_notification_mailbox")
        created = refused = filed = 0
        for key, raw in read_maildir(str(folder)):
            try:
                draft = email_receive(actor=actor, raw=raw, host_council=host_council)
            except EmailIntakeError as problem:
                refused += 1
                self.stderr.write(f"{key}: not taken: {problem}")
            else:
                if isinstance(draft, Correspondence):
                    filed += 1
                    self.stdout.write(f"{key}: filed as correspondence ({draft.reason})")
                else:
                    created += 1
                    self.stdout.write(f"{key}: draft {draft.reference}")
            source = folder / "new" / key
            if source.exists():
                source.rename(folder / "cur" / f"{key}:2,S")
        self.stdout.write(
            f"{created} draft notification(s) made, {filed} filed as correspondence, {refused} message(s) refused."
        )
