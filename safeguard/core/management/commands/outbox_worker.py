import time

from django.conf import settings
from django.core.management.base import BaseCommand

from config.celery import app
from safeguard.core.outbox import outbox_deliver_due

OUTBOX_TASK = "safeguard.core.tasks.outbox_deliver_due"


class Command(BaseCommand):
    help = (
        "The embedded default's worker: deliver due outbox messages in a loop, and run the periodic rules "
        "(escalations, chasers, missing-from-care sweeps) on Celery beat's schedule, in this process. "
        "Production runs Celery worker and beat instead. Use --once to do what is due and stop."
    )

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true")
        parser.add_argument("--interval", type=float, default=30.0, help="seconds between sweeps")

    def handle(self, *args, once=False, interval=30.0, **options):
        app.loader.import_default_modules()  # the apps' tasks modules, as a Celery worker would
        last_run: dict[str, float] = {}
        while True:
            sent = outbox_deliver_due()
            if sent:
                self.stdout.write(f"Outbox: sent {sent} message(s)")
            self.run_periodic(last_run, time.monotonic())
            if once:
                return
            time.sleep(interval)

    def run_periodic(self, last_run: dict[str, float], now: float) -> None:
        for name, entry in settings.CELERY_BEAT_SCHEDULE.items():
            if entry["task"] == OUTBOX_TASK or now - last_run.get(name, float("-inf")) < float(entry["schedule"]):
                continue
            last_run[name] = now
            try:
                result = app.tasks[entry["task"]].apply().get()
            except Exception as error:  # one failing rule must not stop delivery of the others
                self.stderr.write(f"{name}: {error!r}")
                continue
            if result:
                self.stdout.write(f"{name}: {result}")
