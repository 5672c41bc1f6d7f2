import time

from django.core.management.base import BaseCommand

from safeguard.core.outbox import outbox_deliver_due


class Command(BaseCommand):
    help = (
        "Deliver due outbox messages in a loop (the embedded default's worker; production uses Celery beat). "
        "Use --once to deliver what is due and stop."
    )

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true")
        parser.add_argument("--interval", type=float, default=30.0, help="seconds between sweeps")

    def handle(self, *args, once=False, interval=30.0, **options):
        while True:
            sent = outbox_deliver_due()
            if sent:
                self.stdout.write(f"Outbox: sent {sent} message(s)")
            if once:
                return
            time.sleep(interval)
