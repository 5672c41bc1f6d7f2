"""Reads of the services directory, scoped to one host council.

The public directory and the ORUK API answer for the host whose site answers the request
(`content.selectors.host_home_for_request`); the editors' pages for the editor's own host. A service
of another host is "not found", whoever asks.

The host's reference contacts (R&A, the LADO, the police…) are directory entries read from
`safeguard.reference` as they are now, listed before the services (ADR 0026).
"""

import uuid
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import HttpRequest

from safeguard.accounts.models import HostCouncil
from safeguard.content.selectors import host_home_for_request
from safeguard.reference.models import Contact as ReferenceContact
from safeguard.reference.postcodes import district_in
from safeguard.reference.selectors import contacts_for, host_contacts

from . import oruk
from .models import Eligibility, Location, Organisation, Service, Taxonomy, TaxonomyTerm


def directory_host_for_request(request: HttpRequest) -> HostCouncil | None:
    """The host council whose directory this request reads (its content site's host)."""
    home = host_home_for_request(request)
    return home.host_council if home is not None else None


@dataclass(frozen=True)
class DirectoryQuery:
    """What a person or a client searches for; every part optional."""

    text: str = ""
    term: TaxonomyTerm | None = None
    taxonomy: Taxonomy | None = None
    postcode_district: str | None = None

    @property
    def words(self) -> list[str]:
        return self.text.split()[:10]


@dataclass
class DirectoryPage:
    """One page of entries and the ORUK paging envelope's facts."""

    total_items: int
    page_number: int
    size: int
    per_page: int
    entries: list[dict[str, Any]] = field(default_factory=list)

    @property
    def total_pages(self) -> int:
        return max(1, -(-self.total_items // self.per_page))

    @property
    def envelope(self) -> dict[str, Any]:
        return {
            "total_items": self.total_items,
            "total_pages": self.total_pages,
            "page_number": self.page_number,
            "size": self.size,
            "first_page": self.page_number == 1,
            "last_page": self.page_number >= self.total_pages,
            "empty": self.total_items == 0,
        }


def terms_for(host: HostCouncil) -> QuerySet[TaxonomyTerm]:
    return TaxonomyTerm.objects.filter(host_council=host).select_related("taxonomy").order_by("name")


def taxonomies_for(host: HostCouncil) -> QuerySet[Taxonomy]:
    return Taxonomy.objects.filter(host_council=host).order_by("name")


def term_get(host: HostCouncil, term_id: uuid.UUID | str) -> TaxonomyTerm | None:
    return terms_for(host).filter(pk=term_id).first()


def taxonomy_get(host: HostCouncil, taxonomy_id: uuid.UUID | str) -> Taxonomy | None:
    return taxonomies_for(host).filter(pk=taxonomy_id).first()


def who_to_call_term(host: HostCouncil) -> TaxonomyTerm | None:
    return terms_for(host).filter(code=TaxonomyTerm.WHO_TO_CALL).first()


def organisations_for(host: HostCouncil) -> QuerySet[Organisation]:
    return Organisation.objects.filter(host_council=host).order_by("name")


def _matching_services(host: HostCouncil, query: DirectoryQuery) -> QuerySet[Service]:
    services = Service.objects.filter(host_council=host, status=Service.Status.ACTIVE)
    for word in query.words:
        services = services.filter(search_text__contains=word.lower())
    # Each filter is an EXISTS, so a service in two matching categories is listed once, without DISTINCT.
    if query.term is not None:
        services = services.filter(pk__in=query.term.service_taxonomies.values("service_id"))
    if query.taxonomy is not None:
        services = services.filter(
            pk__in=Service.terms.through.objects.filter(term__taxonomy=query.taxonomy).values("service_id")
        )
    if query.postcode_district:
        services = services.filter(
            pk__in=Location.objects.filter(postcode_district=query.postcode_district).values("service_id")
        )
    return services


def _matching_contacts(host: HostCouncil, query: DirectoryQuery) -> list[ReferenceContact]:
    """The host's contacts that match, from the shared cache of its contacts (reference.selectors
    .host_contacts, forgotten on any edit): a handful, filtered here as the database's icontains would."""
    # They are filed under the host's "Who to call" category, and under no other.
    if query.term is not None and query.term.code != TaxonomyTerm.WHO_TO_CALL:
        return []
    if query.taxonomy is not None and not query.taxonomy.terms.filter(code=TaxonomyTerm.WHO_TO_CALL).exists():
        return []
    # The host's contacts serve its whole area: near a postcode in it, or not near one at all.
    if query.postcode_district and not district_in(query.postcode_district, host.postcode_districts):
        return []
    words = [word.upper() for word in query.words]
    contacts = [c for c in host_contacts(host) if all(w in c.name.upper() or w in c.description.upper() for w in words)]
    return sorted(contacts, key=lambda c: (c.purpose, c.priority, c.name))


def directory_search(
    host: HostCouncil,
    query: DirectoryQuery,
    *,
    page: int = 1,
    per_page: int = 20,
    full: bool = False,
    terms: list[TaxonomyTerm] | None = None,
) -> DirectoryPage:
    """A page of the host's directory: its reference contacts that match, then its active services by
    name. Without `full`, ORUK's list shape (the API); with it, each entry also has its opening times
    and categories (the public list). `terms`, when the caller has the host's categories already,
    spares a query."""
    # A host has a handful of contacts: read those that match at once, and count them here.
    contacts = list(_matching_contacts(host, query))
    services = _matching_services(host, query)
    service_count = services.count()
    start = (page - 1) * per_page
    end = start + per_page
    entries: list[dict[str, Any]] = []
    if start < len(contacts):
        term = None
        if full:
            term = (
                next((t for t in terms if t.code == TaxonomyTerm.WHO_TO_CALL), None)
                if terms is not None
                else who_to_call_term(host)
            )
        for contact in contacts[start:end]:
            entries.append(oruk.contact_full(host, contact, term) if full else oruk.contact_summary(host, contact))
    first_service, last_service = max(0, start - len(contacts)), max(0, end - len(contacts))
    if last_service > first_service and first_service < service_count:
        listed = services.order_by("name", "id").select_related("organisation")[first_service:last_service]
        if full:
            listed = listed.prefetch_related(
                Prefetch("terms", queryset=TaxonomyTerm.objects.select_related("taxonomy").order_by("name")),
                "schedules",
            )
        entries.extend(oruk.service_card(s) if full else oruk.service_summary(s) for s in listed)
    return DirectoryPage(
        total_items=len(contacts) + service_count,
        page_number=page,
        size=len(entries),
        per_page=per_page,
        entries=entries,
    )


def _with_relations(services: QuerySet[Service]) -> QuerySet[Service]:
    return services.select_related("organisation").prefetch_related(
        Prefetch("terms", queryset=TaxonomyTerm.objects.select_related("taxonomy").order_by("name")),
        "locations",
        "contacts",
        "phones",
        "schedules",
        "eligibilities",
    )


@dataclass
class DirectoryEntry:
    """A whole entry: the ORUK service, and whether it is drawn from the host's reference contacts."""

    service: dict[str, Any]
    from_reference: bool
    invented: bool = False


def directory_entry_get(host: HostCouncil, entry_id: str) -> DirectoryEntry | None:
    """One entry of the host's directory by its ORUK id; None when it is not this host's (or not at all)."""
    try:
        key = uuid.UUID(str(entry_id))
    except ValueError:
        return None
    service = _with_relations(Service.objects.filter(host_council=host, pk=key)).first()
    if service is not None:
        return DirectoryEntry(oruk.service_full(service), from_reference=False, invented=service.invented)
    for contact in contacts_for(host):
        if oruk.reference_contact_id(contact) == key:
            return DirectoryEntry(oruk.contact_full(host, contact, who_to_call_term(host)), from_reference=True)
    return None


# --- the editors' pages ------------------------------------------------------------------------------


def services_for_editor(host: HostCouncil, text: str = "") -> QuerySet[Service]:
    services = Service.objects.filter(host_council=host).select_related("organisation")
    for word in text.split()[:10]:
        services = services.filter(Q(name__icontains=word) | Q(organisation__name__icontains=word))
    return services.order_by("name")


def service_get_for_editor(host: HostCouncil, pk: uuid.UUID) -> Service | None:
    return _with_relations(Service.objects.filter(host_council=host, pk=pk)).first()


# --- the placing councils' information pack ---------------------------------------------------------------

# Who a service is for, in words, that makes it one for looked-after children (seed 001's pack).
LOOKED_AFTER_WORDS = ("looked after", "looked-after", "children in care")


def looked_after_services(host: HostCouncil, *, limit: int = 100) -> list[dict[str, Any]]:
    """The host's active services for looked-after children (their eligibility says so), whole and in ORUK's
    shape, by name: the placing councils' information pack lists them (at most `limit`)."""
    words = Q()
    for phrase in LOOKED_AFTER_WORDS:
        words |= Q(description__icontains=phrase)
    for_looked_after = Eligibility.objects.filter(service=OuterRef("pk")).filter(words)
    services = _with_relations(
        Service.objects.filter(host_council=host, status=Service.Status.ACTIVE).filter(Exists(for_looked_after))
    ).order_by("name", "id")[:limit]
    return [oruk.service_full(service) for service in services]
