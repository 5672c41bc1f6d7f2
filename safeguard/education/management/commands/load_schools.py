from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from safeguard.core.audit import SystemActor
from safeguard.education.gias import BadRow, GiasFileInvalid, gias_rows, text_of
from safeguard.education.services import schools_load


class Command(BaseCommand):
    help = (
        "Load schools from the DfE's 'Get information about schools' (GIAS) establishment CSV. Every row is "
        "checked first; a bad row is named by its line and nothing is loaded (unless --skip-bad-rows). "
        "Loading again updates each school by its URN."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the GIAS CSV, e.g. edubasealldata20261201.csv")
        parser.add_argument(
            "--la", action="append", default=[], metavar="DFE", help="only schools of this council (repeatable)"
        )
        parser.add_argument(
            "--skip-bad-rows", action="store_true", help="load the good rows and list the bad ones, instead of none"
        )

    def handle(self, *args, file, la, skip_bad_rows, **options):
        path = Path(file)
        try:
            text = text_of(path.read_bytes())
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}") from None
        good, bad = [], []
        try:
            for row in gias_rows(text):
                if isinstance(row, BadRow):
                    bad.append(row)
                elif not la or row.la_code in la:
                    good.append(row)
        except GiasFileInvalid as error:
            raise CommandError(str(error)) from None
        for row in bad[:100]:
            self.stderr.write(str(row))
        if len(bad) > 100:
            self.stderr.write(f"… and {len(bad) - 100} more bad rows")
        if bad and not skip_bad_rows:
            raise CommandError(
                f"Nothing loaded: {len(bad)} {'row has' if len(bad) == 1 else 'rows have'} problems. "
                "Correct them, or load the rest with --skip-bad-rows."
            )
        counts = schools_load(actor=SystemActor.command("load_schools"), rows=good, source=path.name)
        self.stdout.write(
            f"Schools loaded from {path.name}: {counts['added']} added, {counts['updated']} updated"
            + (f", {len(bad)} bad rows skipped" if bad else "")
        )
