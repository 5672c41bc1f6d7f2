from django.core.management.base import BaseCommand, CommandError

from safeguard.core.audit import SystemActor
from safeguard.notifications.services import api_token_create
from safeguard.reference.selectors import council_by_dfe_code


class Command(BaseCommand):
    help = "Create an API token for a placing council's case system. The token is printed once and not stored."

    def add_arguments(self, parser):
        parser.add_argument("dfe_code", help="the placing council's 3-digit DfE code, e.g. 823")
        parser.add_argument("--name", default="Case system", help="what the token is for")

    def handle(self, *args, dfe_code, name, **options):
        council = council_by_dfe_code(dfe_code)
        if council is None:
            raise CommandError(f"There is no English council with DfE code {dfe_code!r}. Check the code and try again.")
        record, token = api_token_create(
            actor=SystemActor.command("create_api_token"), placing_authority=council, name=name
        )
        self.stdout.write(f"API token for {council.name} ({name}). Copy it now: it will not be shown again.")
        self.stdout.write(token)
