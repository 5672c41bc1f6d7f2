from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from safeguard.core.audit import audit_chain_verify, chain_key
from safeguard.core.models import AuditEvent


def _host_chain(code: str) -> str:
    """The chain key of the host council named by its DfE code (e.g. 821) or its slug (e.g. luton).

    The host council model is reached through the audit event's own link to it: core imports no app.
    """
    hosts = AuditEvent._meta.get_field("host_council").related_model._default_manager
    host = hosts.filter(Q(slug=code) | Q(organisation__dfe_code=code)).first()
    if host is None:
        raise CommandError(f"No host council has the code or slug {code!r}.")
    return chain_key(host)


class Command(BaseCommand):
    help = (
        "Check the audit trail's hash chains (one per host council and one for events of no host); name the "
        "first broken link. Exits non-zero when broken. --host CODE checks one host council's chain."
    )

    def add_arguments(self, parser):
        parser.add_argument("--host", metavar="CODE", help="only this host council's chain (DfE code or slug)")
        parser.add_argument("--no-host", action="store_true", help="only the chain of events that belong to no host")

    def handle(self, *args, **options):
        chain = _host_chain(options["host"]) if options["host"] else ("" if options["no_host"] else None)
        report = audit_chain_verify(chain=chain)
        if not report.intact:
            where = "at the end of the chain" if report.broken_at == -1 else f"at audit event {report.broken_at}"
            raise CommandError(
                f"Audit chain broken {where} ({self._name(report.chain)}): {report.reason}. "
                f"{report.checked} events before it are intact."
            )
        which = "1 chain" if report.chains == 1 else f"{report.chains} chains"
        if chain is not None:
            which = self._name(chain)
        self.stdout.write(self.style.SUCCESS(f"Audit chain intact: {report.checked} events checked ({which})."))

    @staticmethod
    def _name(chain: str | None) -> str:
        return "the chain of events with no host council" if chain == "" else f"host council chain {chain}"
