from django.core.management.base import BaseCommand, CommandError

from safeguard.core.audit import audit_chain_verify


class Command(BaseCommand):
    help = "Check the audit trail's hash chain; name the first broken link. Exits non-zero when broken."

    def handle(self, *args, **options):
        report = audit_chain_verify()
        if not report.intact:
            where = "at the end of the chain" if report.broken_at == -1 else f"at audit event {report.broken_at}"
            raise CommandError(
                f"Audit chain broken {where}: {report.reason}. {report.checked} events before it are intact."
            )
        self.stdout.write(self.style.SUCCESS(f"Audit chain intact: {report.checked} events checked."))
