from django.core.management.base import BaseCommand, CommandError

from safeguard.core.audit import SystemActor
from safeguard.notifications.selectors import TokenNotFound, api_token_find
from safeguard.notifications.services import api_token_revoke


class Command(BaseCommand):
    help = (
        "Revoke a placing council's API token, by its id or prefix (from list_api_tokens) or the whole token. "
        "The API answers 401 to it from now on. Audited."
    )

    def add_arguments(self, parser):
        parser.add_argument("token", help="the token's id, its prefix (sg_…), or the whole token")

    def handle(self, *args, token, **options):
        try:
            record = api_token_find(token)
        except TokenNotFound as error:
            raise CommandError(str(error)) from None
        council = f"{record.placing_authority.name} ({record.placing_authority.dfe_code})"
        if record.revoked_at is not None:
            self.stdout.write(
                f"Token {record.pk} ({record.prefix}…) of {council} was already revoked on {record.revoked_at:%Y-%m-%d %H:%M}."
            )
            return
        api_token_revoke(actor=SystemActor.command("revoke_api_token"), token=record)
        self.stdout.write(f"Revoked token {record.pk} ({record.prefix}…) of {council}: {record.name}.")
