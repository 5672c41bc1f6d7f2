from django.core.management.base import BaseCommand, CommandError

from safeguard.home.demo import DEMO_PASSWORD, demo_data_load
from safeguard.reference.selectors import default_host_council


class Command(BaseCommand):
    help = "Load invented demo data and print the demo sign-ins, one per role. Safe to run again."

    def handle(self, *args, **options):
        host = default_host_council()
        if host is None:
            raise CommandError("No host council is configured: run `manage.py load_reference_data` first.")
        sign_ins = demo_data_load(host=host)
        width = max(len(s.role) for s in sign_ins)
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Demo sign-ins for {host} (password for all: {DEMO_PASSWORD})"))
        for sign_in in sign_ins:
            self.stdout.write(f"  {sign_in.role:<{width}}  {sign_in.email}  ({sign_in.organisation})")
        self.stdout.write("")
