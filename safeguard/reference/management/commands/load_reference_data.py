from django.core.management.base import BaseCommand

from safeguard.notifications.routing import routing_rules_configure
from safeguard.reference import services


class Command(BaseCommand):
    help = "Load the English councils list and configure the host councils (Luton by default). Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument("--host", action="append", dest="hosts", help="host configuration to load (default: luton)")

    def handle(self, *args, hosts=None, **options):
        count = services.councils_load()
        self.stdout.write(f"Councils: {count}")
        for slug in hosts or ["luton"]:
            config = services.host_config_read(slug)
            host = services.host_council_configure(config=config)
            rules = routing_rules_configure(host_council=host, rules=config.get("routing", []))
            self.stdout.write(f"Host council configured: {host} ({rules} routing rules)")
