from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from safeguard.core.audit import SystemActor
from safeguard.core.context import acting_as
from safeguard.reference import services
from safeguard.reference.selectors import host_councils

DEFAULT_HOST = "luton"


def problems_text(refusal: services.ConfigurationInvalid) -> str:
    return "\n".join(f"  {key}: {message}" for key, message in refusal.errors.items())


class Command(BaseCommand):
    help = (
        "Load the English councils list, and seed a host council from its shipped file when it is not a host yet "
        "(by default Luton, on an installation with no host council). An existing host is left as it is: its "
        "administrator keeps its configuration in Safeguard. Safe to run again, as every upgrade does."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--host",
            action="append",
            dest="hosts",
            help=f"shipped host configuration to seed (default: {DEFAULT_HOST}, when there is no host council yet)",
        )

    def handle(self, *args, hosts=None, **options):
        actor = SystemActor.command("load_reference_data")
        with acting_as("manage.py load_reference_data"):
            count = services.councils_load(actor=actor)
            self.stdout.write(f"Councils: {count}")
            existing = list(host_councils())
            if not hosts and existing:
                # Another council's installation (add_host_council) never gets Luton by an upgrade.
                for host in existing:
                    self._left_as_it_is(host)
                return
            for slug in hosts or [DEFAULT_HOST]:
                try:
                    config = services.host_config_read(slug)
                    seed = services.host_council_seed(actor=actor, config=config)
                except services.ConfigurationInvalid as refusal:
                    raise CommandError(
                        f"The shipped configuration {slug} cannot be used:\n{problems_text(refusal)}"
                    ) from None
                if seed.created:
                    host = seed.host_council
                    self.stdout.write(f"Host council configured: {host} ({host.slug}): {', '.join(seed.added)}")
                else:
                    self._left_as_it_is(seed.host_council)

    def _left_as_it_is(self, host) -> None:
        self.stdout.write(
            f"Host council {host} ({host.slug}) already exists: left as it is. Its administrator keeps its "
            f"configuration in Safeguard ({reverse('reference:settings_overview')}); the shipped file only seeds "
            "a new host."
        )
