from django.core.management.base import BaseCommand

from safeguard.core.audit import SystemActor
from safeguard.core.models import OutboxMessage
from safeguard.core.outbox import outbox_failed_retry


class Command(BaseCommand):
    help = (
        "List the outbox's e-mails that failed for good (after OUTBOX_MAX_ATTEMPTS), with why. "
        "With --retry, send them again (all, or the ids given) once the cause is fixed. Audited."
    )

    def add_arguments(self, parser):
        parser.add_argument("--retry", action="store_true", help="queue them for sending again")
        parser.add_argument("ids", nargs="*", type=int, help="only these messages (ids from the list)")

    def handle(self, *args, retry=False, ids=(), **options):
        if retry:
            actor = SystemActor.command("outbox_failed --retry")
            count = outbox_failed_retry(actor=actor, message_ids=list(ids) or None)
            self.stdout.write(f"Queued {count} failed message(s) to be sent again.")
            return
        failed = OutboxMessage.objects.filter(status=OutboxMessage.Status.FAILED).order_by("created_at")
        if ids:
            failed = failed.filter(pk__in=ids)
        if not failed.exists():
            self.stdout.write("No failed messages.")
            return
        for message in failed:
            # The error's first line says what went wrong (the recipient's address may follow).
            error = (message.last_error.splitlines() or [""])[0][:120]
            self.stdout.write(
                f"{message.pk}  {message.created_at:%Y-%m-%d %H:%M}  {message.purpose}  "
                f"{message.attempts} attempts  {error}"
            )
