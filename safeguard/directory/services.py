"""Writes of the services directory: each in one transaction with its audit event, by a named actor."""

from dataclasses import dataclass, field
from datetime import time
from decimal import Decimal

from django.db import transaction
from django.utils.text import slugify

from safeguard.accounts.models import HostCouncil
from safeguard.core.audit import audit_event_record, changes_between
from safeguard.core.errors import ServiceRefusal
from safeguard.reference.postcodes import postcode_district, postcode_normalise

from .models import Contact, Eligibility, Location, Organisation, Phone, Schedule, Service, Taxonomy, TaxonomyTerm

CATEGORIES = "Directory categories"


@transaction.atomic
def directory_host_ensure(*, actor, host_council: HostCouncil) -> Taxonomy:
    """The host's vocabulary of categories, with "Who to call" for its reference contacts. Safe to run again."""
    taxonomy, created = Taxonomy.objects.get_or_create(
        host_council=host_council,
        name=CATEGORIES,
        defaults={"description": f"The categories of {host_council.display_name_or_name}'s services directory."},
    )
    if created:
        audit_event_record(
            actor=actor,
            action="directory.taxonomy_add",
            target=taxonomy,
            host_council=host_council,
            changes={"name": taxonomy.name},
        )
    if not TaxonomyTerm.objects.filter(host_council=host_council, code=TaxonomyTerm.WHO_TO_CALL).exists():
        term_add(
            actor=actor,
            taxonomy=taxonomy,
            code=TaxonomyTerm.WHO_TO_CALL,
            name="Who to call",
            description="The numbers to call about a child's safety, from the council's own contacts.",
        )
    return taxonomy


@transaction.atomic
def term_add(*, actor, taxonomy: Taxonomy, code: str, name: str, description: str) -> TaxonomyTerm:
    """A category of the host's directory; its code is unique in the host."""
    if TaxonomyTerm.objects.filter(host_council=taxonomy.host_council, code=code).exists():
        raise ServiceRefusal({"code": f"There is already a category with the code {code}"})
    term = TaxonomyTerm.objects.create(
        host_council=taxonomy.host_council, taxonomy=taxonomy, code=code, name=name, description=description
    )
    audit_event_record(
        actor=actor,
        action="directory.term_add",
        target=term,
        host_council=taxonomy.host_council,
        changes={"name": name, "code": code},
    )
    return term


@transaction.atomic
def term_save(
    *, actor, host_council: HostCouncil, name: str, description: str, term: TaxonomyTerm | None = None
) -> TaxonomyTerm:
    """Add a category to the host's directory or change its words. A new one's code is made from its name
    and then stays (ORUK clients keep it when the words change); "Who to call" keeps its code too. Two
    categories of a host may not share a name."""
    name, description = name.strip(), description.strip()
    errors = {}
    if not name:
        errors["name"] = "Enter the category's name"
    elif (
        TaxonomyTerm.objects.filter(host_council=host_council, name__iexact=name)
        .exclude(pk=term.pk if term else None)
        .exists()
    ):
        errors["name"] = f"There is already a category called “{name}”: choose another name"
    if not description:
        errors["description"] = "Enter what the category is for"
    if errors:
        raise ServiceRefusal(errors)
    if term is None:
        taxonomy = directory_host_ensure(actor=actor, host_council=host_council)
        code = base = slugify(name)[:90] or "category"
        number = 2
        while TaxonomyTerm.objects.filter(host_council=host_council, code=code).exists():
            code, number = f"{base}-{number}", number + 1
        return term_add(actor=actor, taxonomy=taxonomy, code=code, name=name, description=description)
    if term.host_council_id != host_council.pk:
        raise ServiceRefusal({"name": "That category is not in your council's directory"})
    before = {"name": term.name, "description": term.description}
    term.name, term.description = name, description
    term.save(update_fields=["name", "description"])
    audit_event_record(
        actor=actor,
        action="directory.term_update",
        target=term,
        host_council=host_council,
        changes=changes_between(before, {"name": name, "description": description}),
    )
    return term


def search_text(*, name: str, description: str, organisation: str) -> str:
    """What a service is found by: its name, description and organisation's name, lower case."""
    return " ".join(f"{name} {description} {organisation}".lower().split())


@dataclass(frozen=True)
class OrganisationDetails:
    name: str
    description: str
    email: str = ""
    website: str = ""


@transaction.atomic
def organisation_save(
    *, actor, host_council: HostCouncil, details: OrganisationDetails, organisation: Organisation | None = None
) -> Organisation:
    """Add an organisation to the host's directory, or change one; its name is unique in the host."""
    clash = Organisation.objects.filter(host_council=host_council, name__iexact=details.name)
    if organisation is not None:
        if organisation.host_council_id != host_council.pk:
            raise ServiceRefusal({"organisation": "That organisation is not in your council's directory"})
        clash = clash.exclude(pk=organisation.pk)
    if clash.exists():
        raise ServiceRefusal({"name": f"There is already an organisation called {details.name}"})
    values = {
        "name": details.name,
        "description": details.description,
        "email": details.email,
        "website": details.website,
    }
    if organisation is None:
        organisation = Organisation.objects.create(host_council=host_council, **values)
        action, changes = "directory.organisation_add", changes_between({}, values)
    else:
        before = {key: getattr(organisation, key) for key in values}
        for key, value in values.items():
            setattr(organisation, key, value)
        organisation.save()
        action, changes = "directory.organisation_update", changes_between(before, values)
        if "name" in changes:
            for service in organisation.services.all():
                service.search_text = search_text(
                    name=service.name, description=service.description, organisation=organisation.name
                )
                service.save(update_fields=["search_text"])
    audit_event_record(actor=actor, action=action, target=organisation, host_council=host_council, changes=changes)
    return organisation


@dataclass(frozen=True)
class OpeningTimes:
    byday: str  # "MO,TU,WE,TH,FR"
    opens_at: time
    closes_at: time


@dataclass(frozen=True)
class ServiceDetails:
    """Everything the editor's form says about a service; lists replace what was there."""

    organisation: Organisation
    name: str
    description: str
    url: str = ""
    email: str = ""
    status: str = Service.Status.ACTIVE
    fees: str = ""
    minimum_age: int | None = None
    maximum_age: int | None = None
    terms: list[TaxonomyTerm] = field(default_factory=list)
    eligibility: list[str] = field(default_factory=list)
    location_name: str = ""
    address_1: str = ""
    city: str = ""
    postcode: str = ""
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    contact_name: str = ""
    contact_title: str = ""
    contact_email: str = ""
    phone: str = ""
    opening_times: list[OpeningTimes] = field(default_factory=list)
    # Demo entries that are not real services (the demo loader sets it; the service's page says so).
    invented: bool = False


def _summary(service: Service) -> dict:
    """What the audit trail records of a service, before and after a change."""
    location = service.locations.first()
    contact = service.contacts.first()
    return {
        "organisation": service.organisation.name,
        "name": service.name,
        "description": service.description,
        "url": service.url,
        "email": service.email,
        "status": service.status,
        "fees": service.fees,
        "minimum_age": service.minimum_age,
        "maximum_age": service.maximum_age,
        "categories": sorted(term.name for term in service.terms.all()),
        "eligibility": [row.description for row in service.eligibilities.all()],
        "location": f"{location.name}, {location.address_1}, {location.city} {location.postcode}" if location else "",
        "contact": f"{contact.name} {contact.email}".strip() if contact else "",
        "phones": [phone.number for phone in service.phones.all()],
        "opening_times": [str(schedule) for schedule in service.schedules.all()],
    }


def _check(host_council: HostCouncil, details: ServiceDetails) -> str:
    if details.organisation.host_council_id != host_council.pk:
        raise ServiceRefusal({"organisation": "Choose an organisation from your council's directory"})
    if any(term.host_council_id != host_council.pk for term in details.terms):
        raise ServiceRefusal({"terms": "Choose categories from your council's directory"})
    if (
        details.minimum_age is not None
        and details.maximum_age is not None
        and details.maximum_age < details.minimum_age
    ):
        raise ServiceRefusal({"maximum_age": "The oldest age must be the same as or more than the youngest age"})
    postcode = ""
    if details.postcode:
        postcode = postcode_normalise(details.postcode) or ""
        if not postcode:
            raise ServiceRefusal({"postcode": "Enter a full postcode, like LU1 2BQ"})
        if not (details.address_1 and details.city):
            raise ServiceRefusal({"address_1": "Enter the first line of the address and the town"})
    for times in details.opening_times:
        if times.closes_at <= times.opens_at:
            raise ServiceRefusal({"closes_at": "The closing time must be after the opening time"})
    return postcode


@transaction.atomic
def service_save(
    *, actor, host_council: HostCouncil, details: ServiceDetails, service: Service | None = None
) -> Service:
    """Add a service to the host's directory, or change one: where, who to contact, when open, who for.

    The public directory and the ORUK API show the change at once."""
    postcode = _check(host_council, details)
    if service is not None:
        service = Service.objects.select_for_update().get(pk=service.pk)
        if service.host_council_id != host_council.pk:
            raise ServiceRefusal({"service": "That service is not in your council's directory"})
        before = _summary(service)
    else:
        before = {}
    values = {
        "organisation": details.organisation,
        "name": details.name,
        "description": details.description,
        "url": details.url,
        "email": details.email,
        "status": details.status,
        "fees": details.fees,
        "minimum_age": details.minimum_age,
        "maximum_age": details.maximum_age,
        "invented": details.invented,
        "search_text": search_text(
            name=details.name, description=details.description, organisation=details.organisation.name
        ),
    }
    if service is None:
        service = Service.objects.create(host_council=host_council, **values)
    else:
        for key, value in values.items():
            setattr(service, key, value)
        service.save()
    service.service_taxonomies.all().delete()
    service.terms.add(*details.terms)
    service.eligibilities.all().delete()
    Eligibility.objects.bulk_create(Eligibility(service=service, description=text) for text in details.eligibility)
    service.locations.all().delete()
    if postcode:
        Location.objects.create(
            service=service,
            name=details.location_name or details.name,
            address_1=details.address_1,
            city=details.city,
            postcode=postcode,
            postcode_district=postcode_district(postcode),
            latitude=details.latitude,
            longitude=details.longitude,
        )
    service.phones.all().delete()
    service.contacts.all().delete()
    contact = None
    if details.contact_name:
        contact = Contact.objects.create(
            service=service, name=details.contact_name, title=details.contact_title, email=details.contact_email
        )
    if details.phone:
        Phone.objects.create(service=service, contact=contact, number=details.phone)
    service.schedules.all().delete()
    Schedule.objects.bulk_create(
        Schedule(service=service, byday=t.byday, opens_at=t.opens_at, closes_at=t.closes_at)
        for t in details.opening_times
    )
    service = Service.objects.prefetch_related("terms", "eligibilities", "phones", "schedules").get(pk=service.pk)
    audit_event_record(
        actor=actor,
        action="directory.service_update" if before else "directory.service_add",
        target=service,
        host_council=host_council,
        changes=changes_between(before, _summary(service)),
    )
    return service


@transaction.atomic
def service_remove(*, actor, host_council: HostCouncil, service: Service) -> None:
    """Take a service out of the host's directory (its locations, contacts and times go with it)."""
    if service.host_council_id != host_council.pk:
        raise ServiceRefusal({"service": "That service is not in your council's directory"})
    before = _summary(service)
    audit_event_record(
        actor=actor,
        action="directory.service_remove",
        target=service,
        host_council=host_council,
        changes=changes_between(before, {}),
    )
    service.delete()
