"""Directory entries in the shape of Open Referral UK 3.0 (its compiled `service.json` schema), with the
HSDS 3.0 fields the UK profile leaves out that people need to get in touch: a contact's `email` and
`phones`, and the service's `eligibility_description`.

The public pages draw the same dictionaries, so the page and the API cannot disagree. A host's
reference contacts (R&A, the LADO, the police unit…) are read from `safeguard.reference` each time and
drawn here as services of the host council itself (docs/adr/0026-services-directory-on-open-referral-uk.md).
"""

import uuid
from collections import defaultdict
from datetime import time
from typing import Any

from safeguard.accounts.models import HostCouncil
from safeguard.reference.models import Contact as ReferenceContact

from .models import Organisation, Service, Taxonomy, TaxonomyTerm

# Identifiers of what the directory draws from reference data: stable, and never clash with a row's.
NAMESPACE = uuid.UUID("2b0f3c52-5d0e-4c6e-9f43-0d6f1c8a9e11")
DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
DAY_NAMES = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def reference_contact_id(contact: ReferenceContact) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, f"reference-contact:{contact.pk}")


def host_organisation_id(host: HostCouncil) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, f"host-council:{host.pk}")


def _derived(kind: str, parent: uuid.UUID, index: int = 0) -> str:
    return str(uuid.uuid5(NAMESPACE, f"{kind}:{parent}:{index}"))


# --- words -------------------------------------------------------------------------------------------


def time_words(value: time) -> str:
    """09:00 → "9am", 17:30 → "5:30pm", 12:00 → "midday", 00:00 → "midnight" (GOV.UK style)."""
    if value.hour == 0 and value.minute == 0:
        return "midnight"
    if value.hour == 12 and value.minute == 0:
        return "midday"
    hour = value.hour % 12 or 12
    suffix = "am" if value.hour < 12 else "pm"
    return f"{hour}{suffix}" if value.minute == 0 else f"{hour}:{value.minute:02d}{suffix}"


def days_words(byday: str) -> str:
    """ "MO,TU,WE,TH,FR" → "Monday to Friday"; "MO,WE,FR" → "Monday, Wednesday and Friday"."""
    indexes = sorted({DAYS.index(day.strip()) for day in byday.split(",") if day.strip() in DAYS})
    if not indexes:
        return ""
    if len(indexes) == 7:
        return "Every day"
    if len(indexes) >= 3 and indexes == list(range(indexes[0], indexes[-1] + 1)):
        return f"{DAY_NAMES[indexes[0]]} to {DAY_NAMES[indexes[-1]]}"
    names = [DAY_NAMES[i] for i in indexes]
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def schedule_words(schedule: dict) -> str:
    """An ORUK schedule as people read it: "Monday to Friday, 9am to 5pm"."""
    opens, closes = time.fromisoformat(schedule["opens_at"]), time.fromisoformat(schedule["closes_at"])
    return f"{days_words(schedule['byday'])}, {time_words(opens)} to {time_words(closes)}"


# --- taxonomies --------------------------------------------------------------------------------------


def taxonomy_dict(taxonomy: Taxonomy) -> dict[str, Any]:
    return {
        "id": str(taxonomy.id),
        "name": taxonomy.name,
        "description": taxonomy.description,
        "uri": taxonomy.uri or None,
        "version": taxonomy.version or None,
    }


def term_dict(term: TaxonomyTerm) -> dict[str, Any]:
    return {
        "id": str(term.id),
        "name": term.name,
        "description": term.description,
        "parent_id": str(term.parent_id) if term.parent_id else None,
        "taxonomy": term.taxonomy.name,
        "taxonomy_id": str(term.taxonomy_id),
        "term": term.code,
    }


def _attributes(link_id: str, terms) -> list[dict[str, Any]]:
    return [
        {
            "id": _derived("attribute", uuid.UUID(link_id), index),
            "link_id": link_id,
            "link_type": "service",
            "taxonomy_term_id": str(term.id),
            "taxonomy_term": term_dict(term),
        }
        for index, term in enumerate(terms)
    ]


# --- organisations -----------------------------------------------------------------------------------


def organisation_dict(organisation: Organisation) -> dict[str, Any]:
    return {
        "id": str(organisation.id),
        "name": organisation.name,
        "description": organisation.description,
        "email": organisation.email or None,
        "website": organisation.website or None,
    }


def host_organisation_dict(host: HostCouncil) -> dict[str, Any]:
    return {
        "id": str(host_organisation_id(host)),
        "name": host.display_name_or_name,
        "description": f"{host.display_name_or_name} and its safeguarding partners: who to call.",
        "email": None,
        "website": None,
    }


# --- services ----------------------------------------------------------------------------------------


def _modified(value) -> str:
    return value.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def service_summary(service: Service) -> dict[str, Any]:
    """A service in a list (ORUK `service_list`: its own fields and its organisation)."""
    return {
        "id": str(service.id),
        "organization_id": str(service.organisation_id),
        "name": service.name,
        "description": service.description,
        "url": service.url or None,
        "email": service.email or None,
        "status": service.status,
        "fees": service.fees or None,
        "minimum_age": service.minimum_age,
        "maximum_age": service.maximum_age,
        "last_modified": _modified(service.last_modified),
        "organization": organisation_dict(service.organisation),
    }


def _schedules(sid: str, service: Service) -> list[dict[str, Any]]:
    return [
        {
            "id": str(schedule.id),
            "service_id": sid,
            "freq": schedule.freq,
            "byday": schedule.byday,
            "opens_at": schedule.opens_at.isoformat(timespec="minutes"),
            "closes_at": schedule.closes_at.isoformat(timespec="minutes"),
            "description": schedule.description or None,
        }
        for schedule in service.schedules.all()
    ]


def service_card(service: Service) -> dict[str, Any]:
    """A service in the public list: its own fields, organisation, opening times and categories."""
    sid = str(service.id)
    return {
        **service_summary(service),
        "schedules": _schedules(sid, service),
        "attributes": _attributes(sid, service.terms.all()),
    }


def service_full(service: Service) -> dict[str, Any]:
    """A whole service (ORUK `service`): organisation, locations, contacts, schedules, categories.

    Expects the relations prefetched (selectors.service_full_queryset)."""
    sid = str(service.id)
    phones_by_contact = defaultdict(list)
    for phone in service.phones.all():
        phones_by_contact[phone.contact_id].append(phone)
    contacts = [
        {
            "id": str(contact.id),
            "service_id": sid,
            "name": contact.name,
            "title": contact.title or None,
            "email": contact.email or None,
            "phones": [_phone_dict(phone) for phone in phones_by_contact.get(contact.id, [])],
        }
        for contact in service.contacts.all()
    ]
    if phones_by_contact.get(None):
        # Numbers of the service itself, not of a named person: a contact named after the service.
        contacts.append(
            {
                "id": _derived("service-contact", service.id),
                "service_id": sid,
                "name": service.name,
                "title": None,
                "email": None,
                "phones": [_phone_dict(phone) for phone in phones_by_contact[None]],
            }
        )
    eligibility = [row.description for row in service.eligibilities.all()]
    return {
        **service_summary(service),
        "eligibility_description": "; ".join(eligibility) or None,
        "schedules": _schedules(sid, service),
        "service_at_locations": [
            {
                "id": str(location.service_at_location_id),
                "service_id": sid,
                "location_id": str(location.id),
                "location": {
                    "id": str(location.id),
                    "location_type": "physical",
                    "name": location.name,
                    "description": location.description or None,
                    "latitude": float(location.latitude) if location.latitude is not None else None,
                    "longitude": float(location.longitude) if location.longitude is not None else None,
                    "addresses": [
                        {
                            "id": _derived("address", location.id),
                            "location_id": str(location.id),
                            "address_1": location.address_1,
                            "city": location.city,
                            "state_province": "",
                            "postal_code": location.postcode,
                            "country": "GB",
                            "address_type": "physical",
                        }
                    ],
                },
            }
            for location in service.locations.all()
        ],
        "contacts": contacts,
        "attributes": _attributes(sid, service.terms.all()),
    }


def _phone_dict(phone) -> dict[str, Any]:
    return {"id": str(phone.id), "number": phone.number, "description": phone.description or None}


def _hours_schedules(sid: str, contact: ReferenceContact) -> list[dict[str, Any]]:
    """A contact's opening hours (one period a day) as weekly schedules, days with the same hours together."""
    by_period: dict[tuple[time, time], list[int]] = defaultdict(list)
    for hours in contact.opening_hours.all():
        by_period[(hours.opens, hours.closes)].append(hours.weekday)
    return [
        {
            "id": _derived("schedule", uuid.UUID(sid), index),
            "service_id": sid,
            "freq": "WEEKLY",
            "byday": ",".join(DAYS[day] for day in sorted(days)),
            "opens_at": opens.isoformat(timespec="minutes"),
            "closes_at": closes.isoformat(timespec="minutes"),
            "description": None,
        }
        for index, ((opens, closes), days) in enumerate(sorted(by_period.items(), key=lambda item: min(item[1])))
    ]


def contact_summary(host: HostCouncil, contact: ReferenceContact) -> dict[str, Any]:
    sid = str(reference_contact_id(contact))
    description = contact.description or contact.get_purpose_display()
    return {
        "id": sid,
        "organization_id": str(host_organisation_id(host)),
        "name": contact.name,
        "description": description,
        "url": contact.url or None,
        "email": contact.email or None,
        "status": "active",
        "fees": None,
        "minimum_age": None,
        "maximum_age": None,
        "organization": host_organisation_dict(host),
    }


def contact_full(host: HostCouncil, contact: ReferenceContact, who_to_call: TaxonomyTerm | None) -> dict[str, Any]:
    """A reference contact as a whole ORUK service, read from the host's configuration as it is now."""
    summary = contact_summary(host, contact)
    sid = summary["id"]
    phones = (
        [{"id": _derived("phone", uuid.UUID(sid)), "number": contact.phone, "description": None}]
        if contact.phone
        else []
    )
    return {
        **summary,
        "eligibility_description": "Not for referrals" if contact.not_for_referrals else None,
        "schedules": _hours_schedules(sid, contact),
        "service_at_locations": [],
        "contacts": [
            {
                "id": _derived("contact", uuid.UUID(sid)),
                "service_id": sid,
                "name": contact.name,
                "title": None,
                "email": contact.email or None,
                "phones": phones,
            }
        ],
        "attributes": _attributes(sid, [who_to_call] if who_to_call else []),
    }
