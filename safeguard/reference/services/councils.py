"""The English councils list, loaded from its data file."""

import csv
from pathlib import Path

from django.db import transaction

from safeguard.accounts.models import Organisation
from safeguard.core.audit import SystemActor, Target, audit_event_record

from ..codes import DATA_DIR

COUNCILS_FILE = DATA_DIR / "english_councils.csv"
# Who loads the list when the caller names nobody (tests, benchmarks); the commands name themselves.
COUNCILS_LOADER = SystemActor("Safeguard (the English councils list)")


@transaction.atomic
def councils_load(*, actor=COUNCILS_LOADER, path: Path = COUNCILS_FILE) -> int:
    """Create or update every English council from the data file. Safe to run again.

    New councils are created in one statement and only changed ones are saved, so a reload is cheap.
    """
    with path.open(newline="", encoding="utf-8") as handle:
        rows = [{key: (value or "").strip() for key, value in row.items()} for row in csv.DictReader(handle)]
    existing = {o.dfe_code: o for o in Organisation.objects.filter(dfe_code__in=[r["dfe_code"] for r in rows])}
    fields = ("name", "ons_code", "region", "notification_email")
    created, changed = [], []
    for row in rows:
        values = {
            "name": row["name"],
            "ons_code": row["ons_code"] or None,
            "region": row["region"],
            "notification_email": row["notification_email"],
        }
        council = existing.get(row["dfe_code"])
        if council is None:
            created.append(Organisation(kind=Organisation.Kind.COUNCIL, dfe_code=row["dfe_code"], **values))
        elif any(getattr(council, key) != value for key, value in values.items()):
            for key, value in values.items():
                setattr(council, key, value)
            changed.append(council)
    Organisation.objects.bulk_create(created)
    Organisation.objects.bulk_update(changed, fields)
    if created or changed:
        audit_event_record(
            actor=actor,
            action="reference.councils_load",
            target=Target("reference.councils"),
            changes={"created": [None, len(created)], "updated": [None, len(changed)]},
        )
    return len(rows)
