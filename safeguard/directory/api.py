"""The Open Referral UK read API (version 3.0 of the UK profile) at /oruk/: public and read-only, for
other directories to take the host's services. It answers for the host whose site answers the request.

Lists come in ORUK's paging envelope (total_items, total_pages, page_number, size, first_page,
last_page, empty, contents). A parameter the API does not have, or a value of the wrong form, is a 400
naming the parameter; an unknown id is a 404; both in JSON. Document: /oruk/openapi.json.
"""

import uuid
from typing import Any

from django.http import HttpRequest
from ninja import NinjaAPI, Query, Schema, Status
from ninja.errors import HttpError
from ninja.errors import ValidationError as NinjaValidationError
from pydantic import Field

from . import oruk, selectors

PROFILE_URL = "https://openreferraluk.org/"
MAX_PER_PAGE = 100

api = NinjaAPI(
    title="Open Referral UK: services directory",
    version="3.0",
    description=(
        "The host council's services directory as Open Referral UK 3.0 data: services with their "
        "organisation, locations, contacts, opening times and categories, and the taxonomies they are "
        "filed under. Public and read-only. Each council's site answers with its own directory."
    ),
    urls_namespace="oruk",
    docs_url=None,
)


class Error(Schema):
    field: str
    message: str


class ErrorsOut(Schema):
    errors: list[Error]


class Info(Schema):
    version: str
    profile: str
    openapi_url: str


class OrganisationOut(Schema):
    id: uuid.UUID
    name: str
    description: str
    email: str | None = None
    website: str | None = None


class TaxonomyOut(Schema):
    id: uuid.UUID
    name: str
    description: str
    uri: str | None = None
    version: str | None = None


class TermOut(Schema):
    id: uuid.UUID
    name: str
    description: str
    parent_id: uuid.UUID | None = None
    taxonomy: str
    taxonomy_id: uuid.UUID
    term: str


class AttributeOut(Schema):
    id: uuid.UUID
    link_id: uuid.UUID
    link_type: str
    taxonomy_term_id: uuid.UUID
    taxonomy_term: TermOut


class ScheduleOut(Schema):
    id: uuid.UUID
    service_id: uuid.UUID
    freq: str
    byday: str
    opens_at: str
    closes_at: str
    description: str | None = None


class AddressOut(Schema):
    id: uuid.UUID
    location_id: uuid.UUID
    address_1: str
    city: str
    state_province: str
    postal_code: str
    country: str
    address_type: str


class LocationOut(Schema):
    id: uuid.UUID
    location_type: str
    name: str
    description: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    addresses: list[AddressOut]


class ServiceAtLocationOut(Schema):
    id: uuid.UUID
    service_id: uuid.UUID
    location_id: uuid.UUID
    location: LocationOut


class PhoneOut(Schema):
    id: uuid.UUID
    number: str
    description: str | None = None


class ContactOut(Schema):
    id: uuid.UUID
    service_id: uuid.UUID
    name: str
    title: str | None = None
    email: str | None = None
    phones: list[PhoneOut]


class ServiceSummaryOut(Schema):
    id: uuid.UUID
    organization_id: uuid.UUID
    name: str
    description: str
    url: str | None = None
    email: str | None = None
    status: str
    fees: str | None = None
    minimum_age: int | None = None
    maximum_age: int | None = None
    last_modified: str | None = None
    organization: OrganisationOut


class ServiceOut(ServiceSummaryOut):
    eligibility_description: str | None = None
    schedules: list[ScheduleOut]
    service_at_locations: list[ServiceAtLocationOut]
    contacts: list[ContactOut]
    attributes: list[AttributeOut]


class PageOut(Schema):
    total_items: int
    total_pages: int
    page_number: int
    size: int
    first_page: bool
    last_page: bool
    empty: bool


class ServicePageOut(PageOut):
    contents: list[ServiceSummaryOut]


class TaxonomyPageOut(PageOut):
    contents: list[TaxonomyOut]


class TermPageOut(PageOut):
    contents: list[TermOut]


class Paging(Schema):
    page: int = Field(1, ge=1, le=100_000, description="Page number of paginated result (from 1).")
    per_page: int = Field(20, ge=1, le=MAX_PER_PAGE, description="Number of results in a page (1 to 100).")


class ServiceFilters(Paging):
    text: str | None = Field(
        None, max_length=200, description="Words the service's name, description or organisation has (ORUK 1.0's name)."
    )
    search: str | None = Field(None, max_length=200, description="The same as `text` (ORUK 3.0's name).")
    taxonomy_id: uuid.UUID | None = Field(None, description="Services with any term of this taxonomy.")
    taxonomy_term_id: uuid.UUID | None = Field(None, description="Services filed under this taxonomy term.")


def _errors(request: HttpRequest, status: int, field: str, message: str):
    return api.create_response(request, {"errors": [{"field": field, "message": message}]}, status=status)


@api.exception_handler(NinjaValidationError)
def _bad_parameter(request, exc):
    errors = []
    for error in exc.errors:
        name = str(error.get("loc", ["query"])[-1])
        kind = error.get("type", "")
        if name in ("page", "per_page"):
            low, high = (1, 100_000) if name == "page" else (1, MAX_PER_PAGE)
            message = f"{name} must be a whole number from {low} to {high}"
        elif name in ("taxonomy_id", "taxonomy_term_id"):
            message = f"{name} must be an id (a UUID) from /oruk/{'taxonomies' if name == 'taxonomy_id' else 'taxonomy_terms'}"
        elif kind == "string_too_long":
            message = f"{name} must be 200 characters or fewer"
        else:
            message = f"{name} is not valid: {error.get('msg', '')}"
        errors.append({"field": name, "message": message})
    return api.create_response(request, {"errors": errors}, status=400)


@api.exception_handler(HttpError)
def _http_error(request, exc):
    return _errors(request, exc.status_code, "id", str(exc))


def _host(request: HttpRequest):
    host = selectors.directory_host_for_request(request)
    if host is None:
        raise HttpError(404, "This site has no services directory")
    return host


def _unknown(request: HttpRequest, *allowed: str):
    unknown = sorted(set(request.GET) - set(allowed))
    if unknown:
        return Status(
            400,
            {
                "errors": [
                    {"field": name, "message": f"{name} is not a parameter of this list: use {', '.join(allowed)}"}
                    for name in unknown
                ]
            },
        )
    return None


def _paged(items: list[dict[str, Any]], total: int, paging: Paging) -> dict[str, Any]:
    page = selectors.DirectoryPage(
        total_items=total, page_number=paging.page, size=len(items), per_page=paging.per_page, entries=items
    )
    return {**page.envelope, "contents": items}


def _paged_rows(rows, to_dict, paging: Paging) -> dict[str, Any]:
    """One page of a queryset, each row as ORUK's dict, in the paging envelope."""
    start = (paging.page - 1) * paging.per_page
    return _paged([to_dict(row) for row in rows[start : start + paging.per_page]], rows.count(), paging)


@api.get("/", response={200: Info, 404: ErrorsOut}, url_name="info", exclude_none=True, summary="About this API")
def info(request: HttpRequest):
    _host(request)
    return {
        "version": "3.0",
        "profile": PROFILE_URL,
        "openapi_url": request.build_absolute_uri("/oruk/openapi.json"),
    }


SERVICE_PARAMETERS = ("text", "search", "taxonomy_id", "taxonomy_term_id", "page", "per_page")


@api.get(
    "/services",
    response={200: ServicePageOut, 400: ErrorsOut, 404: ErrorsOut},
    url_name="service_list",
    exclude_none=True,
    summary="Services, a page at a time, filtered by words and category",
)
def service_list(request: HttpRequest, filters: Query[ServiceFilters]):
    refused = _unknown(request, *SERVICE_PARAMETERS)
    if refused:
        return refused
    host = _host(request)
    if filters.text and filters.search and filters.text != filters.search:
        return Status(400, {"errors": [{"field": "search", "message": "Give text or search, not both"}]})
    term = taxonomy = None
    empty = False
    if filters.taxonomy_term_id:
        term = selectors.term_get(host, filters.taxonomy_term_id)
        empty = term is None
    if filters.taxonomy_id:
        taxonomy = selectors.taxonomy_get(host, filters.taxonomy_id)
        empty = empty or taxonomy is None
    if empty:  # a category this directory does not have: nothing is filed under it
        return _paged([], 0, filters)
    query = selectors.DirectoryQuery(text=filters.text or filters.search or "", term=term, taxonomy=taxonomy)
    result = selectors.directory_search(host, query, page=filters.page, per_page=filters.per_page)
    return {**result.envelope, "contents": result.entries}


@api.get(
    "/services/{service_id}",
    response={200: ServiceOut, 404: ErrorsOut},
    url_name="service_read",
    exclude_none=True,
    summary="A whole service: organisation, locations, contacts, opening times, categories",
)
def service_read(request: HttpRequest, service_id: str):
    host = _host(request)
    entry = selectors.directory_entry_get(host, service_id)
    if entry is None:
        return Status(
            404, {"errors": [{"field": "id", "message": "There is no service with this id in this directory"}]}
        )
    return entry.service


@api.get(
    "/taxonomies",
    response={200: TaxonomyPageOut, 400: ErrorsOut, 404: ErrorsOut},
    url_name="taxonomy_list",
    exclude_none=True,
    summary="The taxonomies (vocabularies) the directory's categories come from",
)
def taxonomy_list(request: HttpRequest, paging: Query[Paging]):
    refused = _unknown(request, "page", "per_page")
    if refused:
        return refused
    return _paged_rows(selectors.taxonomies_for(_host(request)), oruk.taxonomy_dict, paging)


@api.get(
    "/taxonomy_terms",
    response={200: TermPageOut, 400: ErrorsOut, 404: ErrorsOut},
    url_name="taxonomy_term_list",
    exclude_none=True,
    summary="The categories services are filed under",
)
def taxonomy_term_list(request: HttpRequest, paging: Query[Paging]):
    refused = _unknown(request, "page", "per_page")
    if refused:
        return refused
    return _paged_rows(selectors.terms_for(_host(request)), oruk.term_dict, paging)
