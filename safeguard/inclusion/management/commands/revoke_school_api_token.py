from django.core.management.base import BaseCommand, CommandError

from safeguard.core.audit import SystemActor
from safeguard.inclusion.school_tokens import SchoolTokenNotFound, school_api_token_find, school_api_token_revoke


class Command(BaseCommand):
    help = "Revoke a school's API token (by its id, its prefix as listed, or the whole token)."

    def add_arguments(self, parser):
        parser.add_argument("token")

    def handle(self, *args, token, **options):
        try:
            record = school_api_token_find(token)
        except SchoolTokenNotFound as error:
            raise CommandError(str(error)) from None
        school_api_token_revoke(actor=SystemActor.command("revoke_school_api_token"), token=record)
        self.stdout.write(f"Revoked {record.prefix}… of {record.school.name}.")
