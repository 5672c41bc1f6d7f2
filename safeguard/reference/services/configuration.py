"""A host council's administrator changes its configuration: police force and area, teams, contacts
and their opening hours.

Each service checks what was typed (the same checks as a configuration file), saves, and writes one
audit event with what changed, before and after, in the same transaction.
"""

from dataclasses import asdict, dataclass

from django.db import transaction

from safeguard.accounts.models import HostCouncil, Organisation, Team
from safeguard.core.audit import audit_event_record, changes_between, snapshot

from ..models import Contact, OpeningHours
from ..selectors import host_contacts_forget, hours_summary
from ..validation import DAY_NAMES, contact_problems, districts_clean, period_problems, phone_clean, team_problems
from .hosts import ConfigurationInvalid

TEAM_FIELDS = ("kind", "name", "email", "phone", "manager_email")
CONTACT_FIELDS = (
    "purpose",
    "name",
    "description",
    "phone",
    "email",
    "url",
    "priority",
    "not_for_referrals",
    "hours_apply",
    "no_number_reason",
)


@transaction.atomic
def host_council_area_update(
    *, actor, host_council: HostCouncil, police_force_name: str, police_force_phone: str, postcode_districts: str
) -> HostCouncil:
    """The host's police force (whose officers open grab packs for its missing children) and the
    postcode districts of its area (which placements are its: notifications are routed by them).

    A force with that name is used when there is one, else it is added; its phone number is the
    force's own, shared by every host it polices.
    """
    name, phone = " ".join(police_force_name.split()), " ".join(police_force_phone.split())
    districts, bad = districts_clean(postcode_districts)
    problems = {}
    if not name:
        problems["police_force_name"] = "Enter the name of the police force, like Bedfordshire Police"
    if phone and phone_clean(phone) is None:
        problems["police_force_phone"] = "Enter the police force's phone number in the correct format, like 101"
    if bad:
        problems["postcode_districts"] = (
            f"Enter postcode districts like LU1 or LU2, separated by spaces: {', '.join(bad)} is not a postcode district"
            if len(bad) == 1
            else f"Enter postcode districts like LU1 or LU2, separated by spaces: {', '.join(bad)} are not postcode districts"
        )
    elif not districts:
        problems["postcode_districts"] = "Enter the postcode districts of your area, like LU1 LU2 LU3"
    if problems:
        raise ConfigurationInvalid(problems)
    old_police = host_council.police_force
    before = {
        "police_force": old_police.name if old_police else None,
        "police_force_phone": old_police.phone if old_police else None,
        "postcode_districts": host_council.postcode_districts,
    }
    police = Organisation.objects.filter(kind=Organisation.Kind.POLICE, name__iexact=name).first()
    if police is None:
        police = Organisation.objects.create(kind=Organisation.Kind.POLICE, name=name, phone=phone)
    elif police.phone != phone:
        police.phone = phone
        police.save(update_fields=["phone"])
    host_council.police_force = police
    host_council.postcode_districts = " ".join(districts)
    host_council.save(update_fields=["police_force", "postcode_districts"])
    after = {"police_force": police.name, "police_force_phone": police.phone, "postcode_districts": " ".join(districts)}
    changes = changes_between(before, after)
    if changes:
        audit_event_record(
            actor=actor, action="host_council.update", target=host_council, host_council=host_council, changes=changes
        )
    return host_council


@dataclass
class TeamDetails:
    kind: str
    name: str
    email: str = ""
    phone: str = ""
    manager_email: str = ""

    def cleaned(self) -> dict:
        values = {key: " ".join(str(value).split()) for key, value in asdict(self).items()}
        values["email"], values["manager_email"] = values["email"].lower(), values["manager_email"].lower()
        return values


# Work and messages find these teams by what they do (R&A: exploitation concerns and missing
# children; the LADO: referrals; SQA and the Virtual School: placements). A host keeps one of each.
KINDS_TO_KEEP = (Team.Kind.SQA, Team.Kind.REFERRAL_ASSESSMENT, Team.Kind.VIRTUAL_SCHOOL, Team.Kind.LADO)


def _team_check(host_council: HostCouncil, values: dict, team: Team | None = None) -> None:
    problems = team_problems(values)
    clash = host_council.teams.filter(name__iexact=values["name"]).exclude(pk=team.pk if team else None)
    if "name" not in problems and clash.exists():
        problems["name"] = f"There is already a team called {values['name']}"
    if (
        team is not None
        and "kind" not in problems
        and values["kind"] != team.kind
        and team.kind in KINDS_TO_KEEP
        and not host_council.teams.filter(kind=team.kind).exclude(pk=team.pk).exists()
    ):
        label = Team.Kind(team.kind).label
        problems["kind"] = f"{team.name} is your only {label} team: add another before changing what this one does"
    if problems:
        raise ConfigurationInvalid(problems)


@transaction.atomic
def team_add(*, actor, host_council: HostCouncil, details: TeamDetails) -> Team:
    """A new team of the host council: its name, what it does, its inbox, phone and manager."""
    values = details.cleaned()
    _team_check(host_council, values)
    team = Team.objects.create(host_council=host_council, **values)
    audit_event_record(
        actor=actor,
        action="team.add",
        target=team,
        host_council=host_council,
        changes=changes_between({}, snapshot(team, TEAM_FIELDS)),
    )
    return team


@transaction.atomic
def team_update(*, actor, team: Team, details: TeamDetails) -> Team:
    """A team's name, kind, inbox, phone and manager's e-mail: work and escalations go there from now on."""
    team = Team.objects.select_for_update().get(pk=team.pk)
    values = details.cleaned()
    _team_check(team.host_council, values, team)
    before = snapshot(team, TEAM_FIELDS)
    for key, value in values.items():
        setattr(team, key, value)
    changes = changes_between(before, snapshot(team, TEAM_FIELDS))
    if changes:
        team.save(update_fields=list(changes))
        audit_event_record(
            actor=actor, action="team.update", target=team, host_council=team.host_council, changes=changes
        )
    return team


@dataclass
class ContactDetails:
    purpose: str
    name: str
    description: str = ""
    phone: str = ""
    email: str = ""
    url: str = ""
    priority: int = 10
    not_for_referrals: bool = False
    hours_apply: str = Contact.Hours.DURING
    no_number_reason: str = ""

    def cleaned(self) -> dict:
        values = asdict(self)
        for key in ("purpose", "name", "phone", "email", "url", "no_number_reason"):
            values[key] = " ".join(str(values[key] or "").split())
        values["description"] = str(values["description"] or "").strip()
        values["email"] = values["email"].lower()
        return values


# Opening hours as typed: {weekday (0 is Monday): (opens, closes)}; a day left out or blank is closed.
TypedHours = dict[int, tuple[str, str]]


def _contact_check(host_council: HostCouncil, values: dict, hours: TypedHours, contact: Contact | None = None):
    problems = contact_problems(values)
    clash = host_council.contacts.filter(purpose=values["purpose"], name__iexact=values["name"])
    if contact is not None:
        clash = clash.exclude(pk=contact.pk)
    if "name" not in problems and "purpose" not in problems and clash.exists():
        problems["name"] = f"There is already a contact called {values['name']} for this purpose"
    periods = {}
    for day, (opens, closes) in sorted(hours.items()):
        found, period = period_problems(DAY_NAMES[day].capitalize(), opens, closes)
        problems.update({f"{DAY_NAMES[day]}_{key}": message for key, message in found.items()})
        if period:
            periods[day] = period
    if problems:
        raise ConfigurationInvalid(problems)
    return periods


def _hours_replace(contact: Contact, periods: dict) -> tuple[str, str]:
    """Replace the contact's opening hours; its hours in words, before and after."""
    before = hours_summary(Contact.objects.prefetch_related("opening_hours").get(pk=contact.pk))
    contact.opening_hours.all().delete()
    OpeningHours.objects.bulk_create(
        OpeningHours(contact=contact, weekday=day, opens=opens, closes=closes)
        for day, (opens, closes) in periods.items()
    )
    host_contacts_forget(contact.host_council_id)  # bulk_create sends no signal
    after = hours_summary(Contact.objects.prefetch_related("opening_hours").get(pk=contact.pk))
    return before, after


@transaction.atomic
def contact_add(*, actor, host_council: HostCouncil, details: ContactDetails, hours: TypedHours) -> Contact:
    """A number or address people are told to use ("who to call now"), with when it answers.

    A contact with no opening hours answers at all times (101, 999).
    """
    values = details.cleaned()
    periods = _contact_check(host_council, values, hours)
    contact = Contact.objects.create(host_council=host_council, **values)
    _, after = _hours_replace(contact, periods)
    audit_event_record(
        actor=actor,
        action="contact.add",
        target=contact,
        host_council=host_council,
        changes=changes_between({}, {**snapshot(contact, CONTACT_FIELDS), "opening_hours": after}),
    )
    return contact


@transaction.atomic
def contact_update(*, actor, contact: Contact, details: ContactDetails, hours: TypedHours) -> Contact:
    """A contact's number, address, words and opening hours: "who to call now" uses them at once."""
    contact = Contact.objects.select_for_update().get(pk=contact.pk)
    values = details.cleaned()
    periods = _contact_check(contact.host_council, values, hours, contact)
    before = snapshot(contact, CONTACT_FIELDS)
    for key, value in values.items():
        setattr(contact, key, value)
    changes = changes_between(before, snapshot(contact, CONTACT_FIELDS))
    if changes:
        contact.save(update_fields=list(changes))
    hours_before, hours_after = _hours_replace(contact, periods)
    changes.update(changes_between({"opening_hours": hours_before}, {"opening_hours": hours_after}))
    if changes:
        audit_event_record(
            actor=actor, action="contact.update", target=contact, host_council=contact.host_council, changes=changes
        )
    return contact


@transaction.atomic
def contact_remove(*, actor, contact: Contact) -> None:
    """Remove a contact (and its opening hours): people are no longer told to use it."""
    contact = Contact.objects.prefetch_related("opening_hours").get(pk=contact.pk)
    before = {**snapshot(contact, CONTACT_FIELDS), "opening_hours": hours_summary(contact)}
    host_council, target = contact.host_council, contact
    audit_event_record(
        actor=actor,
        action="contact.remove",
        target=target,
        host_council=host_council,
        changes=changes_between(before, {}),
    )
    contact.delete()


@transaction.atomic
def council_out_of_hours_update(
    *, actor, host_council: HostCouncil, council: Organisation, out_of_hours_phone: str
) -> Organisation:
    """A placing council's out-of-hours (emergency duty team) number, which the police grab pack prints
    for that council's children. It is the council's own number, the same for every host it places with."""
    phone = " ".join(str(out_of_hours_phone or "").split())
    if phone and phone_clean(phone) is None:
        raise ConfigurationInvalid(
            {"out_of_hours_phone": "Enter the out-of-hours number in the correct format, like 0300 123 4043"}
        )
    council = Organisation.objects.select_for_update().get(pk=council.pk, kind=Organisation.Kind.COUNCIL)
    before = council.out_of_hours_phone
    if before != phone:
        council.out_of_hours_phone = phone
        council.save(update_fields=["out_of_hours_phone"])
        audit_event_record(
            actor=actor,
            action="council.out_of_hours_update",
            target=council,
            host_council=host_council,
            changes={"out_of_hours_phone": [before, phone]},
        )
    return council
