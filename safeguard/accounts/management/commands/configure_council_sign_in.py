import json
import os

from django.core.management.base import BaseCommand, CommandError

from safeguard.accounts.models import HostCouncil
from safeguard.accounts.services import PersonInvalid, council_sign_in_configure
from safeguard.core.audit import SystemActor


class Command(BaseCommand):
    help = (
        "Sign a host council's staff in through the council's own OpenID Connect provider (Microsoft "
        "Entra ID or any standard one): its issuer, the client ID and secret it gave Safeguard, the "
        "council's email domains. The secret is read from an environment variable, never typed on the "
        "command line. See the README, 'Single sign-on for a council's staff'."
    )

    def add_arguments(self, parser):
        parser.add_argument("--host", required=True, help="slug of the host council, e.g. luton")
        parser.add_argument("--issuer", required=True, help="e.g. https://login.microsoftonline.com/<tenant>/v2.0")
        parser.add_argument("--client-id", required=True)
        parser.add_argument(
            "--client-secret-env",
            default="COUNCIL_SIGN_IN_CLIENT_SECRET",
            help="the environment variable that holds the client secret (default COUNCIL_SIGN_IN_CLIENT_SECRET)",
        )
        parser.add_argument("--email-domains", required=True, help="the council's email domains, e.g. luton.gov.uk")
        parser.add_argument("--scopes", default="openid email profile")
        parser.add_argument(
            "--group-claim", default="", help="the claim listing a person's groups (groups in Entra ID)"
        )
        parser.add_argument(
            "--group-roles", default="{}", help='JSON: group ID to Safeguard role, e.g. {"<object id>": "sqa_officer"}'
        )
        parser.add_argument("--disable", action="store_true", help="switch single sign-on off (passwords again)")

    def handle(self, *args, host, client_secret_env, group_roles, disable, **options):
        host_council = HostCouncil.objects.filter(slug=host).first()
        if host_council is None:
            raise CommandError(f"There is no host council {host!r}")
        secret = os.environ.get(client_secret_env, "")
        try:
            roles = json.loads(group_roles)
        except ValueError:
            raise CommandError("--group-roles is not JSON") from None
        try:
            config = council_sign_in_configure(
                actor=SystemActor.command("configure_council_sign_in"),
                host_council=host_council,
                issuer=options["issuer"],
                client_id=options["client_id"],
                client_secret=secret,
                email_domains=options["email_domains"],
                scopes=options["scopes"],
                group_claim=options["group_claim"],
                group_roles=roles,
                enabled=not disable,
            )
        except PersonInvalid as problem:
            if "client_secret" in problem.errors:
                problem.errors["client_secret"] = f"Set {client_secret_env} to the client secret"
            raise CommandError("; ".join(f"{key}: {text}" for key, text in problem.errors.items())) from None
        state = "off" if disable else "on"
        self.stdout.write(f"Single sign-on for {host_council} is {state}: {config.issuer}, {config.email_domains}")
