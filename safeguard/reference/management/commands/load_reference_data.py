from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from safeguard.core.context import acting_as
from safeguard.reference import services


def problems_text(refusal: services.ConfigurationInvalid) -> str:
    return "\n".join(f"  {key}: {message}" for key, message in refusal.errors.items())


class Command(BaseCommand):
    help = (
        "Load the English councils list, and seed each host council from its shipped file (Luton by default) "
        "when it is not a host yet. An existing host is left as it is: its administrator keeps its configuration "
        "in Safeguard. Safe to run again, as every upgrade does."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--host", action="append", dest="hosts", help="shipped host configuration to seed (default: luton)"
        )

    def handle(self, *args, hosts=None, **options):
        with acting_as("manage.py load_reference_data"):
            count = services.councils_load(actor=None)
            self.stdout.write(f"Councils: {count}")
            for slug in hosts or ["luton"]:
                try:
                    config = services.host_config_read(slug)
                    seed = services.host_council_seed(actor=None, config=config)
                except services.ConfigurationInvalid as refusal:
                    raise CommandError(
                        f"The shipped configuration {slug} cannot be used:\n{problems_text(refusal)}"
                    ) from None
                host = seed.host_council
                if seed.created:
                    self.stdout.write(f"Host council configured: {host} ({host.slug}): {', '.join(seed.added)}")
                else:
                    self.stdout.write(
                        f"Host council {host} ({host.slug}) already exists: left as it is. Its administrator "
                        f"keeps its configuration in Safeguard ({reverse('reference:settings_overview')}); "
                        "the shipped file only seeds a new host."
                    )
