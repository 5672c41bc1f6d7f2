"""Writes of reference data: the councils list and a host council's configuration."""

import csv
import json
from datetime import time
from pathlib import Path

from django.db import transaction

from safeguard.accounts.models import HostCouncil, Organisation, Team
from safeguard.core.audit import Target, audit_event_record

from .codes import DATA_DIR
from .models import Contact, OpeningHours

COUNCILS_FILE = DATA_DIR / "english_councils.csv"
HOSTS_DIR = DATA_DIR / "hosts"
_DAY_GROUPS = {"mon-fri": range(0, 5), "sat-sun": range(5, 7), "mon-sun": range(0, 7)}


@transaction.atomic
def councils_load(*, actor=None, path: Path = COUNCILS_FILE) -> int:
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


def _parse_time(value: str) -> time:
    hours, minutes = value.split(":")
    return time(int(hours), int(minutes))


@transaction.atomic
def host_council_configure(*, actor=None, config: dict) -> HostCouncil:
    """Make a council a host, with its teams, police force and contacts, from a configuration dict.

    Safe to run again: teams and contacts are matched by name and updated; opening hours replaced.
    """
    organisation = Organisation.objects.get(kind=Organisation.Kind.COUNCIL, dfe_code=config["dfe_code"])
    police_config = config.get("police_force")
    police = None
    if police_config:
        police, _ = Organisation.objects.update_or_create(
            kind=Organisation.Kind.POLICE,
            name=police_config["name"],
            defaults={"phone": police_config.get("phone", "")},
        )
    host, created = HostCouncil.objects.update_or_create(
        organisation=organisation,
        defaults={
            "slug": config["slug"],
            "police_force": police,
            "postcode_districts": " ".join(config.get("postcode_districts", [])),
            "display_name": config.get("display_name", ""),
        },
    )
    for team in config.get("teams", []):
        Team.objects.update_or_create(
            host_council=host,
            name=team["name"],
            defaults={key: team.get(key, "") for key in ("kind", "email", "phone", "manager_email")},
        )
    for item in config.get("contacts", []):
        contact, _ = Contact.objects.update_or_create(
            host_council=host,
            purpose=item["purpose"],
            name=item["name"],
            defaults={
                "description": item.get("description", ""),
                "phone": item.get("phone", ""),
                "email": item.get("email", ""),
                "url": item.get("url", ""),
                "priority": item.get("priority", 10),
                "not_for_referrals": item.get("not_for_referrals", False),
            },
        )
        contact.opening_hours.all().delete()
        for days, (opens, closes) in item.get("hours", {}).items():
            OpeningHours.objects.bulk_create(
                OpeningHours(contact=contact, weekday=day, opens=_parse_time(opens), closes=_parse_time(closes))
                for day in _DAY_GROUPS[days]
            )
    audit_event_record(
        actor=actor,
        action="reference.host_configure",
        target=host,
        host_council=host,
        changes={"configured": [None, config["slug"]]} if created else {},
    )
    return host


def host_config_read(slug: str) -> dict:
    return json.loads((HOSTS_DIR / f"{slug}.json").read_text(encoding="utf-8"))
