from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from safeguard.accounts.models import HostCouncil
from safeguard.allegations.services import lado_email_receive
from safeguard.core.audit import SystemActor
from safeguard.notifications.email_intake import read_maildir


class Command(BaseCommand):
    help = (
        "Turn the messages in a maildir folder (the host council's LADO mailbox) into draft referrals for "
        "the LADO to check, accept or reject. Every message is kept, even one that cannot be read. Each "
        "message read is moved to cur/ so it is read once."
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
        actor = SystemActor.command("read_lado_mailbox")
        drafts = hinted = 0
        for key, raw in read_maildir(str(folder)):
            email = lado_email_receive(actor=actor, raw=raw, host_council=host_council)
            drafts += 1
            # Only the number and any hint: the message's content is the LADO team's alone.
            if email.not_referral_hint:
                hinted += 1
                self.stdout.write(f"{key}: e-mail {email.pk} to check ({email.not_referral_hint})")
            else:
                self.stdout.write(f"{key}: e-mail {email.pk} to check")
            source = folder / "new" / key
            if source.exists():
                source.rename(folder / "cur" / f"{key}:2,S")
        self.stdout.write(f"{drafts} e-mail(s) for the LADO to check, {hinted} of them perhaps not a referral.")
