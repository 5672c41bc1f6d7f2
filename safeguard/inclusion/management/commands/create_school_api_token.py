from django.core.management.base import BaseCommand, CommandError

from safeguard.core.audit import SystemActor
from safeguard.education.models import School
from safeguard.inclusion.school_tokens import school_api_token_create
from safeguard.inclusion.selectors import school_host_council


class Command(BaseCommand):
    help = (
        "Create an API token for a school's returns (deletions and new pupils) to its host council. "
        "The token is printed once and not stored."
    )

    def add_arguments(self, parser):
        parser.add_argument("urn", type=int, help="the school's URN, e.g. 109876")
        parser.add_argument("--name", default="School system", help="what the token is for")

    def handle(self, *args, urn, name, **options):
        school = School.objects.filter(urn=urn).first()
        if school is None:
            raise CommandError(f"There is no school with URN {urn}. Load the schools (load_schools) and try again.")
        host = school_host_council(school)
        if host is None:
            raise CommandError(
                f"{school.name} is not in the area of a council that runs Safeguard (local authority {school.la_code})."
            )
        record, token = school_api_token_create(
            actor=SystemActor.command("create_school_api_token"), host_council=host, school=school, name=name
        )
        self.stdout.write(f"School API token for {school.name} (URN {urn}), returns to {host}.")
        self.stdout.write("Copy it now: it will not be shown again.")
        self.stdout.write(token)
