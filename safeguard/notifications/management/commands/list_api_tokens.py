from django.core.management.base import BaseCommand, CommandError

from safeguard.notifications.selectors import api_tokens_list
from safeguard.reference.selectors import council_by_dfe_code


def _when(value) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if value else "-"


class Command(BaseCommand):
    help = "List the API tokens of placing councils' case systems: id, prefix, council, created, last used, revoked."

    def add_arguments(self, parser):
        parser.add_argument("--council", metavar="DFE", help="only this placing council's tokens (its DfE code)")

    def handle(self, *args, council=None, **options):
        placing_authority = None
        if council:
            placing_authority = council_by_dfe_code(council)
            if placing_authority is None:
                raise CommandError(f"There is no English council with DfE code {council!r}.")
        rows = [
            (
                str(token.pk),
                f"{token.prefix}…",
                f"{token.placing_authority.dfe_code} {token.placing_authority.name}",
                token.name,
                _when(token.created_at),
                _when(token.last_used_at),
                _when(token.revoked_at) if token.revoked_at else "active",
            )
            for token in api_tokens_list(placing_authority=placing_authority)
        ]
        if not rows:
            self.stdout.write("No API tokens.")
            return
        header = ("id", "prefix", "council", "name", "created", "last used", "revoked")
        widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
        for row in [header, *rows]:
            self.stdout.write("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())
