"""A new host council from a configuration file: checked, then seeded once.

The files only seed. Once a council is a host, its administrator keeps its configuration in
Safeguard's settings pages; `load_reference_data`, which every upgrade runs again, leaves an existing
host exactly as it is, so a corrected e-mail address is never put back to the file's placeholder
(issue 17). The file's shape is in the app's README.
"""

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.text import slugify

from safeguard.accounts.models import HostCouncil, Organisation, Team
from safeguard.core.audit import audit_event_record
from safeguard.core.errors import ServiceRefusal

from ..codes import DATA_DIR
from ..host_sections import host_sections
from ..models import Contact, OpeningHours
from ..selectors import host_contacts_forget
from ..validation import (
    DAY_NAMES,
    contact_problems,
    districts_clean,
    period_problems,
    phone_clean,
    team_problems,
)

HOSTS_DIR = DATA_DIR / "hosts"
# Keys of a contact's "hours": a day, or a run of days, each with [opens, closes].
HOURS_KEYS = {
    "mon": [0],
    "tue": [1],
    "wed": [2],
    "thu": [3],
    "fri": [4],
    "sat": [5],
    "sun": [6],
    "mon-fri": [0, 1, 2, 3, 4],
    "sat-sun": [5, 6],
    "mon-sun": [0, 1, 2, 3, 4, 5, 6],
}
_TOP_KEYS = {"dfe_code", "slug", "display_name", "postcode_districts", "police_force", "teams", "contacts"}
_TEAM_KEYS = {"kind", "name", "email", "phone", "manager_email"}
_CONTACT_KEYS = {
    "purpose",
    "name",
    "description",
    "phone",
    "email",
    "url",
    "priority",
    "not_for_referrals",
    "hours",
    "hours_apply",
    "no_number_reason",
}


class ConfigurationInvalid(ServiceRefusal):
    """A host's configuration was refused, {field or file key: problem}; nothing was saved."""


@dataclass
class HostSeed:
    """What seeding did: the host, whether it was created now, and what was added (for the output)."""

    host_council: HostCouncil
    created: bool
    added: list[str] = field(default_factory=list)


def host_config_read(slug: str) -> dict:
    """A configuration shipped with Safeguard (data/hosts/<slug>.json)."""
    return host_config_read_file(HOSTS_DIR / f"{slug}.json")


def host_config_read_file(path: Path) -> dict:
    """A configuration file, anywhere (a new host's file is kept outside the source tree)."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigurationInvalid({"file": f"There is no file at {path}"}) from None
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigurationInvalid({"file": f"{path} cannot be read: {error}"}) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise ConfigurationInvalid(
            {"file": f"{path} is not JSON: {error.msg} at line {error.lineno}, column {error.colno}"}
        ) from None


def _unknown(item: dict, allowed: set[str], prefix: str) -> dict[str, str]:
    return {
        f"{prefix}{key}": f"Unknown key; expected one of {', '.join(sorted(allowed))}"
        for key in item
        if key not in allowed
    }


def _not_text(item: dict, keys: set[str], prefix: str, problems: dict) -> bool:
    """Whether any of `keys` holds something other than text (a problem is added for each)."""
    found = False
    for key in sorted(keys & set(item)):
        if not isinstance(item[key], str):
            problems[prefix + key] = 'Must be text in double quotes, like "LADO"'
            found = True
    return found


def _items(config: dict, key: str, problems: dict) -> list:
    value = config.get(key, [])
    if not isinstance(value, list):
        problems[key] = "Must be a list ([…])"
        return []
    return value


def _check_teams(config: dict, problems: dict) -> None:
    names = set()
    for i, team in enumerate(_items(config, "teams", problems)):
        prefix = f"teams[{i}]."
        if not isinstance(team, dict):
            problems[f"teams[{i}]"] = "Must be an object ({…})"
            continue
        problems.update(_unknown(team, _TEAM_KEYS, prefix))
        if _not_text(team, _TEAM_KEYS, prefix, problems):
            continue
        problems.update({prefix + key: message for key, message in team_problems(team).items()})
        if team.get("name") in names:
            problems[prefix + "name"] = f"Another team is already called {team['name']}"
        names.add(team.get("name"))


def _check_hours(hours: Any, prefix: str, problems: dict) -> None:
    if not isinstance(hours, dict):
        problems[prefix.rstrip(".")] = 'Must be an object like {"mon-fri": ["08:00", "22:00"]}'
        return
    seen: dict[int, str] = {}
    for key, period in hours.items():
        if key not in HOURS_KEYS:
            problems[prefix + key] = f"Unknown days; expected one of {', '.join(HOURS_KEYS)}"
            continue
        if not (isinstance(period, list) and len(period) == 2):
            problems[prefix + key] = 'Must be [opens, closes], like ["08:00", "22:00"]'
            continue
        found, _ = period_problems(DAY_NAMES[HOURS_KEYS[key][0]].capitalize(), period[0], period[1])
        if found:
            problems[prefix + key] = " and ".join(found.values())
        for day in HOURS_KEYS[key]:
            if day in seen:
                problems[prefix + key] = f"{DAY_NAMES[day].capitalize()} is already given by {seen[day]}"
            seen[day] = key


def _check_contacts(config: dict, problems: dict) -> None:
    names = set()
    for i, contact in enumerate(_items(config, "contacts", problems)):
        prefix = f"contacts[{i}]."
        if not isinstance(contact, dict):
            problems[f"contacts[{i}]"] = "Must be an object ({…})"
            continue
        problems.update(_unknown(contact, _CONTACT_KEYS, prefix))
        if _not_text(contact, _CONTACT_KEYS - {"priority", "not_for_referrals", "hours"}, prefix, problems):
            continue
        problems.update(
            {prefix + key: message for key, message in contact_problems({"priority": 10, **contact}).items()}
        )
        if (contact.get("purpose"), contact.get("name")) in names:
            problems[prefix + "name"] = (
                f"Another contact for {contact.get('purpose')} is already called {contact['name']}"
            )
        names.add((contact.get("purpose"), contact.get("name")))
        if not isinstance(contact.get("not_for_referrals", False), bool):
            problems[prefix + "not_for_referrals"] = "Must be true or false"
        if "hours" in contact:
            _check_hours(contact["hours"], prefix + "hours.", problems)


def host_config_check(config: Any) -> dict[str, str]:
    """Every problem in a configuration, {key: problem}, each naming the key ("teams[1].email")."""
    if not isinstance(config, dict):
        return {"file": "The configuration must be a JSON object ({…})"}
    sections = {section.key: section for section in host_sections()}
    problems = _unknown(config, _TOP_KEYS | set(sections), "")
    if "dfe_code" in config and not (isinstance(config["dfe_code"], str) and config["dfe_code"].isdigit()):
        problems["dfe_code"] = 'Must be the council\'s 3-digit DfE code, as a string like "821"'
    if "slug" in config and (not isinstance(config["slug"], str) or slugify(config["slug"]) != config["slug"]):
        problems["slug"] = "Must be lower-case letters, digits and hyphens, like central-bedfordshire"
    districts = config.get("postcode_districts", [])
    if not isinstance(districts, list):
        problems["postcode_districts"] = 'Must be a list like ["LU1", "LU2"]'
    else:
        _, bad = districts_clean([str(d) for d in districts])
        if bad:
            problems["postcode_districts"] = f"Not a postcode district: {', '.join(bad)}"
    police = config.get("police_force")
    if police is not None:
        if not isinstance(police, dict) or not str(police.get("name") or "").strip():
            problems["police_force.name"] = "Enter the police force's name"
        else:
            problems.update(_unknown(police, {"name", "phone"}, "police_force."))
            if police.get("phone") and phone_clean(police["phone"]) is None:
                problems["police_force.phone"] = "Enter the phone number in the correct format, like 101"
    _check_teams(config, problems)
    _check_contacts(config, problems)
    for key, section in sections.items():
        if key in config:
            problems.update(section.check(config[key], config))
    return problems


def host_config_standard() -> dict:
    """A new host's configuration when it has no file: the standard teams, 999, and each section's
    standard (R&A and the Virtual School get work for every placement). Its administrator completes
    e-mail addresses, phone numbers, contacts, the police force and postcode districts in the pages."""
    teams = [
        Team.Kind.SQA,
        Team.Kind.REFERRAL_ASSESSMENT,
        Team.Kind.VIRTUAL_SCHOOL,
        Team.Kind.LADO,
        Team.Kind.PARTNERSHIP,
    ]
    config = {
        "postcode_districts": [],
        "teams": [{"kind": kind.value, "name": kind.label} for kind in teams],
        "contacts": [
            {
                "purpose": Contact.Purpose.EMERGENCY.value,
                "name": "Emergency services",
                "priority": 1,
                "phone": "999",
                "description": "Call 999 if the child is in immediate danger.",
            }
        ],
    }
    for section in host_sections():
        config[section.key] = section.standard
    return config


def _count(number: int, thing: str) -> str:
    return f"{number} {thing}" if number == 1 else f"{number} {thing}s"


def _opening_hours(contact: Contact, hours: dict) -> list[OpeningHours]:
    rows = []
    for key, (opens, closes) in hours.items():
        _, (opens_at, closes_at) = period_problems("", opens, closes)
        rows += [
            OpeningHours(contact=contact, weekday=day, opens=opens_at, closes=closes_at) for day in HOURS_KEYS[key]
        ]
    return rows


@transaction.atomic
def host_council_seed(*, actor, config: dict) -> HostSeed:
    """Make a council a host from a configuration, only when it is not a host yet.

    An existing host is left exactly as it is: its administrator may have changed any of it in the
    settings pages, and an upgrade runs this again (issue 17: shipped files only seed).
    """
    problems = host_config_check(config)
    for key in ("dfe_code", "slug"):
        if not config.get(key):
            problems.setdefault(key, f"Enter the {key}")
    if problems:
        raise ConfigurationInvalid(problems)
    organisation = Organisation.objects.filter(kind=Organisation.Kind.COUNCIL, dfe_code=config["dfe_code"]).first()
    if organisation is None:
        raise ConfigurationInvalid({"dfe_code": f"No English council has the DfE code {config['dfe_code']}"})
    existing = HostCouncil.objects.filter(organisation=organisation).first()
    if existing is not None:
        return HostSeed(existing, created=False)
    taken = HostCouncil.objects.filter(slug=config["slug"]).select_related("organisation").first()
    if taken is not None:
        raise ConfigurationInvalid({"slug": f"The slug {config['slug']} is already used by {taken.name}"})

    police = None
    if config.get("police_force"):
        # A force polices several councils: an existing one is used as it is, never overwritten.
        police, _ = Organisation.objects.get_or_create(
            kind=Organisation.Kind.POLICE,
            name=config["police_force"]["name"].strip(),
            defaults={"phone": config["police_force"].get("phone", "")},
        )
    districts, _ = districts_clean([str(d) for d in config.get("postcode_districts", [])])
    host = HostCouncil.objects.create(
        organisation=organisation,
        slug=config["slug"],
        display_name=str(config.get("display_name", "")).strip(),
        police_force=police,
        postcode_districts=" ".join(districts),
    )
    teams = [
        Team(host_council=host, **{key: str(team.get(key, "")).strip() for key in _TEAM_KEYS})
        for team in config.get("teams", [])
    ]
    Team.objects.bulk_create(teams)
    for item in config.get("contacts", []):
        contact = Contact.objects.create(
            host_council=host,
            purpose=item["purpose"],
            name=item["name"].strip(),
            description=item.get("description", ""),
            phone=item.get("phone", ""),
            email=item.get("email", ""),
            url=item.get("url", ""),
            priority=item.get("priority", 10),
            not_for_referrals=item.get("not_for_referrals", False),
            hours_apply=item.get("hours_apply", Contact.Hours.DURING),
            no_number_reason=item.get("no_number_reason", "").strip(),
        )
        OpeningHours.objects.bulk_create(_opening_hours(contact, item.get("hours", {})))
        host_contacts_forget(host.pk)  # bulk_create sends no signal
    added = [_count(len(teams), "team"), _count(len(config.get("contacts", [])), "contact")]
    for section in host_sections():
        if section.key in config:
            added.append(section.seed(actor=actor, host_council=host, value=config[section.key]))
    audit_event_record(
        actor=actor,
        action="host_council.seed",
        target=host,
        host_council=host,
        changes={
            "slug": [None, host.slug],
            "police_force": [None, police.name if police else None],
            "postcode_districts": [None, host.postcode_districts],
            "teams": [None, [team.name for team in teams]],
            "contacts": [None, [item["name"] for item in config.get("contacts", [])]],
        },
    )
    return HostSeed(host, created=True, added=added)


def host_council_add(*, actor, dfe_code: str, slug: str, config: dict | None = None) -> HostSeed:
    """Add a host council: from a configuration file's contents, or with the standard configuration.

    The council must be an English council that is not a host yet, and the slug free; a file that
    names another DfE code or slug is refused rather than guessed at.
    """
    dfe_code, slug = str(dfe_code).strip(), str(slug).strip()
    organisation = Organisation.objects.filter(kind=Organisation.Kind.COUNCIL, dfe_code=dfe_code).first()
    if organisation is None:
        raise ConfigurationInvalid(
            {"dfe_code": f"No English council has the DfE code {dfe_code} (load_reference_data loads the list)"}
        )
    host = HostCouncil.objects.filter(organisation=organisation).first()
    if host is not None:
        raise ConfigurationInvalid({"dfe_code": f"{organisation.name} is already a host council, as {host.slug}"})
    if slugify(slug) != slug or not slug:
        raise ConfigurationInvalid({"slug": "The slug must be lower-case letters, digits and hyphens"})
    if config is None:
        config = host_config_standard()
    for key, given in (("dfe_code", dfe_code), ("slug", slug)):
        if key in config and config[key] != given:
            raise ConfigurationInvalid({key: f"The file is for {config[key]!r}, not {given!r}"})
    return host_council_seed(actor=actor, config={**config, "dfe_code": dfe_code, "slug": slug})
