"""What a browser sends for the GOV.UK form glue's fields, for tests that post forms."""

from datetime import datetime

from django.utils import timezone


def moment_fields(name: str, moment: datetime | str) -> dict[str, str]:
    """The four boxes of a `GovukDateTimeField` (day, month, year, time) for a moment: an aware
    datetime, or a local "2026-11-21T22:30"."""
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    local = timezone.localtime(moment) if timezone.is_aware(moment) else moment
    return {
        f"{name}_0": str(local.day),
        f"{name}_1": str(local.month),
        f"{name}_2": str(local.year),
        f"{name}_3": f"{local:%H:%M}",
    }
