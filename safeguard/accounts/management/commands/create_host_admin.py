import os

from django.core.management.base import BaseCommand, CommandError

from safeguard.accounts.models import HostCouncil
from safeguard.accounts.services import PersonInvalid, host_admin_create
from safeguard.core import context
from safeguard.core.audit import SystemActor

PASSWORD_VARIABLE = "SAFEGUARD_ADMIN_PASSWORD"


class Command(BaseCommand):
    help = (
        "Create the first administrator of a host council. Prints a one-time link to set their password, "
        f"or, for scripted deployments, takes the password from the environment variable {PASSWORD_VARIABLE}. "
        "They set up an authenticator app at their first sign-in."
    )

    def add_arguments(self, parser):
        parser.add_argument("--host", required=True, help="the host council's slug, e.g. luton")
        parser.add_argument("--email", required=True, help="the administrator's e-mail address")
        parser.add_argument("--full-name", required=True, help='their full name, e.g. "Sam Jones"')

    def handle(self, *args, host, email, full_name, **options):
        host_council = HostCouncil.objects.select_related("organisation").filter(slug=host).first()
        if host_council is None:
            known = ", ".join(HostCouncil.objects.values_list("slug", flat=True)) or "none yet"
            raise CommandError(
                f"There is no host council {host!r} (configured: {known}). Run `manage.py load_reference_data --host <slug>` first."
            )
        password = os.environ.get(PASSWORD_VARIABLE) or None
        token = context.set_current(context.RequestContext(actor_label="manage.py create_host_admin"))
        try:
            person, link = host_admin_create(
                actor=SystemActor.command("create_host_admin"),
                host=host_council,
                email=email,
                full_name=full_name,
                password=password,
            )
        except PersonInvalid as refusal:
            raise CommandError(" ".join(refusal.errors.values())) from None
        finally:
            context.reset(token)
        self.stdout.write(f"{person.full_name} <{person.email}> is an administrator of {host_council.name}.")
        if link:
            self.stdout.write("Send them this link to set their password. It works once, for a limited time:")
            self.stdout.write(link)
        else:
            self.stdout.write(f"Their password is the one in {PASSWORD_VARIABLE}.")
        self.stdout.write("They will set up an authenticator app when they first sign in.")
