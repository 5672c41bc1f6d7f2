"""Work out every missing figure kept per day again from the episodes and interviews.

Needed only after writes the services' signals do not see (bulk_create, update(), raw SQL): a bulk
load, a data repair. The pages are right without it after any write through the services.
"""

from django.core.management.base import BaseCommand

from safeguard.missing.summary import figures_rebuild


class Command(BaseCommand):
    help = "Work out the missing dashboard's and interview queue's kept figures again from the episodes."

    def handle(self, *args, **options):
        days, years = figures_rebuild()
        if options["verbosity"]:
            self.stdout.write(f"{days} day figures and {years} year figures kept")
