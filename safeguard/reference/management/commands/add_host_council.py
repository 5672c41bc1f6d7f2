from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from safeguard.core.audit import SystemActor
from safeguard.core.context import acting_as
from safeguard.reference import services

from .load_reference_data import problems_text


class Command(BaseCommand):
    help = (
        "Add a host council: an English council (by DfE code) becomes a host under a slug, configured from a "
        "JSON file kept outside the source tree (the shape of reference/data/hosts/luton.json), or with the "
        "standard teams for its administrator to complete in Safeguard."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dfe-code", required=True, help="the council's 3-digit DfE code, e.g. 823")
        parser.add_argument("--slug", required=True, help="a short name in lower case, e.g. central-bedfordshire")
        parser.add_argument("--from-file", type=Path, help="the council's configuration file (JSON)")

    def handle(self, *args, dfe_code, slug, from_file=None, **options):
        actor = SystemActor.command("add_host_council")
        with acting_as("manage.py add_host_council"):
            # The councils list first (safe to run again), so this works on a new installation too.
            services.councils_load(actor=actor)
            try:
                config = services.host_config_read_file(from_file) if from_file else None
                seed = services.host_council_add(actor=actor, dfe_code=dfe_code, slug=slug, config=config)
            except services.ConfigurationInvalid as refusal:
                raise CommandError(f"The host council was not added:\n{problems_text(refusal)}") from None
        host = seed.host_council
        source = f"from {from_file}" if from_file else "with the standard teams"
        self.stdout.write(
            self.style.SUCCESS(f"Host council added: {host} ({host.slug}), {source}: {', '.join(seed.added)}")
        )
        self.stdout.write(
            f"Its administrator (role: host council administrator) completes its teams, contacts, opening hours, "
            f"police force, postcode districts and routing rules at {reverse('reference:settings_overview')}."
        )
