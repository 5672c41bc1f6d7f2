"""Reads of reference data: councils, contacts, who to call now, and a host's configuration."""

import copy
import time
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone

from safeguard.accounts.models import HostCouncil, Organisation, Role, Team
from safeguard.core.working_days import is_bank_holiday

from .models import Contact, OpeningHours
from .postcodes import district_in


def councils() -> QuerySet[Organisation]:
    return Organisation.objects.filter(kind=Organisation.Kind.COUNCIL).order_by("name")


@dataclass
class _Reference:
    loaded_at: float
    councils: dict[str, Organisation]
    hosts: list[HostCouncil]


_reference: _Reference | None = None


def reference_cache_clear(**_signal) -> None:
    """Forget the reference data this process keeps (a save of a council or host council calls this;
    other processes reload within REFERENCE_CACHE_SECONDS)."""
    global _reference
    _reference = None


def _reference_data() -> _Reference:
    """Councils by DfE code and the host councils, read once per process and kept for
    REFERENCE_CACHE_SECONDS (docs/adr/0031): every notification needs them, they change a few times a year."""
    global _reference
    from django.conf import settings

    now = time.monotonic()
    current = _reference
    if current is None or now - current.loaded_at > settings.REFERENCE_CACHE_SECONDS:
        councils = {
            org.dfe_code: org
            for org in Organisation.objects.filter(kind=Organisation.Kind.COUNCIL).exclude(dfe_code="")
        }
        hosts = list(HostCouncil.objects.select_related("organisation", "police_force"))
        current = _reference = _Reference(now, councils, hosts)
    return current


def council_choices() -> list[tuple[str, str]]:
    """(DfE code, name) of every council, by name: a form's choices, from this process's copy."""
    return sorted(((code, org.name) for code, org in _reference_data().councils.items()), key=lambda c: c[1])


def council_by_dfe_code(code: str) -> Organisation | None:
    council = _reference_data().councils.get(str(code or ""))
    return copy.copy(council) if council is not None else None


def host_council_for_district(district: str) -> HostCouncil | None:
    """The host council whose configured postcode districts include `district` (e.g. "LU1")."""
    for host in _reference_data().hosts:
        if host.postcode_districts and district_in(district, host.postcode_districts):
            return copy.copy(host)
    return None


def host_councils() -> QuerySet[HostCouncil]:
    return HostCouncil.objects.select_related("organisation").order_by("slug")


def host_councils_policed_by(force: Organisation | None) -> QuerySet[HostCouncil]:
    """The host councils whose area a police force covers (none for no force)."""
    if force is None:
        return HostCouncil.objects.none()
    return host_councils().filter(police_force=force)


def default_host_council() -> HostCouncil | None:
    from django.conf import settings

    for host in _reference_data().hosts:
        if host.organisation.dfe_code == settings.SAFEGUARD_DEFAULT_HOST:
            return copy.copy(host)
    return None


def administered_host(user) -> HostCouncil | None:
    """The host council whose configuration `user` keeps: its own administrator's, nobody else's."""
    if not (getattr(user, "is_authenticated", False) and user.is_active and user.role == Role.HOST_ADMIN):
        return None
    return user.host_council


def team_get_for(host_council: HostCouncil, pk: int) -> Team:
    """One of the host's teams; another host's team, like one that does not exist, is a 404."""
    team = host_council.teams.filter(pk=pk).first()
    if team is None:
        raise Http404("No such team")
    return team


def team_of(host_council: HostCouncil | None, kind: str) -> Team | None:
    """The host's team of this kind (Team.Kind), the first one set up when there are more; None if none."""
    if host_council is None:
        return None
    return host_council.teams.filter(kind=kind).order_by("pk").first()


def team_email(host_council: HostCouncil | None, kind: str) -> str:
    """The address that reaches the host's team of this kind: the team's own, or else the host's
    contact for the same purpose where there is one (the LADO's); "" when neither has an address."""
    if host_council is None:
        return ""
    team = host_council.teams.filter(kind=kind).exclude(email="").order_by("pk").first()
    if team is not None:
        return team.email
    if kind in Contact.Purpose.values:
        contact = host_council.contacts.filter(purpose=kind).exclude(email="").order_by("pk").first()
        if contact is not None:
            return contact.email
    return ""


def placing_councils_for(host_council: HostCouncil) -> QuerySet[Organisation]:
    """The councils that have placed a child on the host's register (the grab pack prints their
    out-of-hours number), by name."""
    return councils().filter(children_placed__host_council=host_council).distinct()


def placing_council_get_for(host_council: HostCouncil, pk: int) -> Organisation:
    """A council that places children with the host; any other organisation is a 404."""
    council = placing_councils_for(host_council).filter(pk=pk).first()
    if council is None:
        raise Http404("No such placing council")
    return council


def contact_get_for(host_council: HostCouncil, pk: int) -> Contact:
    """One of the host's contacts, with its opening hours; another host's is a 404."""
    contact = contacts_for(host_council).filter(pk=pk).first()
    if contact is None:
        raise Http404("No such contact")
    return contact


def host_council_of(user) -> HostCouncil | None:
    """The host council whose service the person is using: their own (host staff), the one their care
    provider is in (carers), otherwise the default host (placing councils, the police, the public)."""
    if getattr(user, "is_authenticated", False):
        if user.host_council is not None:
            return user.host_council
        organisation = user.organisation
        if organisation is not None and organisation.located_in_id is not None:
            return organisation.located_in
    return default_host_council()


def contacts_for(host_council: HostCouncil, purpose: str | tuple[str, ...] | None = None) -> QuerySet[Contact]:
    contacts = host_council.contacts.prefetch_related(Prefetch("opening_hours", queryset=OpeningHours.objects.all()))
    if isinstance(purpose, tuple):
        contacts = contacts.filter(purpose__in=purpose)
    elif purpose:
        contacts = contacts.filter(purpose=purpose)
    return contacts


def is_open(contact: Contact, at: datetime) -> bool:
    """Whether the contact answers at `at` (local time). No hours recorded means always.

    Office hours (MASH) do not apply on an English bank holiday; a contact open outside the hours
    given (the emergency duty team) answers when they do not apply, and all day on a bank holiday.
    """
    hours = list(contact.opening_hours.all())
    if not hours:
        return True
    local = timezone.localtime(at)
    if is_bank_holiday(local.date()):
        if contact.hours_apply == Contact.Hours.OFFICE:
            return False
        if contact.hours_apply == Contact.Hours.OUTSIDE:
            return True
    now = local.time()
    within = any(h.weekday == local.weekday() and h.opens <= now < h.closes for h in hours)
    return not within if contact.hours_apply == Contact.Hours.OUTSIDE else within


@dataclass
class CallAdvice:
    """Who to call at a given time, for one purpose, and the emergency number that always applies."""

    at: datetime
    call_now: list[Contact] = field(default_factory=list)
    closed_now: list[Contact] = field(default_factory=list)
    emergency: list[Contact] = field(default_factory=list)


# Worried about a child's safety: the children's services front door in office hours, the emergency
# duty team outside them.
CHILDRENS_SERVICES = (Contact.Purpose.FRONT_DOOR.value, Contact.Purpose.OUT_OF_HOURS.value)


def _contacts_key(host_council_id) -> str:
    return f"reference:contacts:{host_council_id}"


def host_contacts(host_council: HostCouncil) -> list[Contact]:
    """All the host's contacts with their opening hours, kept in the shared cache for
    REFERENCE_CONTACTS_CACHE_SECONDS: the partnership's pages ask "who to call now" on every view. Any
    change of a contact or its hours forgets it (`host_contacts_forget`, called by the services that
    write them and by the models' save and delete signals), so what is shown is never older than the
    last edit; whether each is open is worked out at each request, from the hours."""
    from django.conf import settings
    from django.core.cache import cache

    key = _contacts_key(host_council.pk)
    contacts = cache.get(key)
    if contacts is None:
        contacts = list(contacts_for(host_council))
        cache.set(key, contacts, settings.REFERENCE_CONTACTS_CACHE_SECONDS)
    return contacts


def host_contacts_forget(host_council_id) -> None:
    """Forget the cached contacts of a host, now and again when the writing transaction commits (so a
    page read in between cannot keep the old ones)."""
    from django.core.cache import cache
    from django.db import transaction

    key = _contacts_key(host_council_id)
    cache.delete(key)
    transaction.on_commit(lambda: cache.delete(key))


def host_contacts_changed(sender, instance, **_signal) -> None:
    """post_save/post_delete of a Contact or its OpeningHours."""
    contact = instance if isinstance(instance, Contact) else getattr(instance, "contact", None)
    if contact is not None:
        host_contacts_forget(contact.host_council_id)


def contacts_of_purpose(contacts: list[Contact], purpose: str | tuple[str, ...]) -> list[Contact]:
    """Those of `contacts` (read once with `contacts_for(host)`) for `purpose` or any of several, in order."""
    purposes = purpose if isinstance(purpose, tuple) else (purpose,)
    return [c for c in contacts if c.purpose in purposes]


def who_to_call_now(
    host_council: HostCouncil,
    purpose: str | tuple[str, ...],
    at: datetime | None = None,
    *,
    contacts: list[Contact] | None = None,
) -> CallAdvice:
    """The contacts for `purpose` (or any of several) that answer at `at`, best first.

    A contact with opening hours that is open now comes before the always-available ones (e.g. the
    missing persons unit before 101); when it is closed it is listed as closed, with its hours.
    `contacts`: all the host's, already read (`contacts_for(host)`), so a page asking several questions
    reads them once.
    """
    at = at or timezone.now()
    advice = CallAdvice(at=at)
    every = contacts
    contacts = contacts_of_purpose(every, purpose) if every is not None else list(contacts_for(host_council, purpose))
    open_with_hours = sorted(
        (c for c in contacts if c.opening_hours.all() and is_open(c, at)), key=lambda c: (c.priority, c.name)
    )
    always = [c for c in contacts if not c.opening_hours.all()]
    advice.call_now = open_with_hours + always
    advice.closed_now = [c for c in contacts if c.opening_hours.all() and not is_open(c, at)]
    advice.emergency = (
        contacts_of_purpose(every, Contact.Purpose.EMERGENCY)
        if every is not None
        else list(contacts_for(host_council, Contact.Purpose.EMERGENCY))
    )
    return advice


def childrens_services_now(host_council: HostCouncil, at: datetime | None = None) -> CallAdvice:
    """Who answers for children's services at `at`: the front door (MASH) while it is open, the
    out-of-hours emergency duty team in the evening, at night, at weekends and on bank holidays."""
    return who_to_call_now(host_council, CHILDRENS_SERVICES, at)


_DAY_NAMES = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def hours_summary(contact: Contact) -> str:
    """Opening hours in words, runs of days with the same hours joined: "Monday to Friday 8am to 10pm"."""
    by_day: dict[int, list[str]] = {}
    for hours in contact.opening_hours.all():
        by_day.setdefault(hours.weekday, []).append(f"{hours.opens:%H:%M} to {hours.closes:%H:%M}")
    runs: list[tuple[int, int, str]] = []
    for day in sorted(by_day):
        text = " and ".join(by_day[day])
        if runs and runs[-1][1] == day - 1 and runs[-1][2] == text:
            runs[-1] = (runs[-1][0], day, text)
        else:
            runs.append((day, day, text))
    parts = []
    for first, last, text in runs:
        days = (
            _DAY_NAMES[first]
            if first == last
            else (
                f"{_DAY_NAMES[first]} and {_DAY_NAMES[last]}"
                if last == first + 1
                else f"{_DAY_NAMES[first]} to {_DAY_NAMES[last]}"
            )
        )
        parts.append(f"{days} {text}")
    if not parts:
        return "at all times"
    text = ", ".join(parts)
    if contact.hours_apply == Contact.Hours.OFFICE:
        return f"{text}, except on bank holidays"
    if contact.hours_apply == Contact.Hours.OUTSIDE:
        return f"outside {text}, and all day on bank holidays"
    return text


def no_number_words(contact: Contact) -> str:
    """Why a contact has no phone number, in words ("No direct number: new matters go through the PPU
    Support Team"); "" when it has one, or an e-mail or web address instead and no reason is given."""
    if contact.phone:
        return ""
    reason = contact.no_number_reason.strip().rstrip(".")
    if reason:
        return f"No direct number: {reason}"
    if not (contact.email or contact.url):
        return "No direct number"
    return ""


def configuration_gaps(host_council: HostCouncil) -> list[tuple[str, str]]:
    """What a host's configuration still lacks, as (what, the URL name of the page that sets it):
    a host added with the standard teams starts with these."""
    gaps = []
    if host_council.police_force_id is None:
        gaps.append(("Name your police force", "reference:host_area_edit"))
    if not host_council.postcode_districts.strip():
        gaps.append(("Enter your area's postcode districts", "reference:host_area_edit"))
    for team in host_council.teams.filter(email=""):
        gaps.append((f"Enter the e-mail address of {team.name}", "reference:team_list"))
    if not host_council.contacts.filter(purpose=Contact.Purpose.REPORT_MISSING).exists():
        gaps.append(("Add who to call to report a child missing", "reference:contact_list"))
    if not host_council.contacts.filter(purpose=Contact.Purpose.FRONT_DOOR).exists():
        gaps.append(("Add your children's services front door (MASH) and its hours", "reference:contact_list"))
    if not host_council.contacts.filter(purpose=Contact.Purpose.OUT_OF_HOURS).exists():
        gaps.append(("Add your out-of-hours emergency duty team", "reference:contact_list"))
    return gaps
