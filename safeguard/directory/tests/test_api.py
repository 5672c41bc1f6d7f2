"""The Open Referral UK read API: its shape checked against the standard's published schema (a copy in
data/oruk/, see NOTICE.md), the paging envelope's values, bad parameters, unknown ids, two hosts."""

import json
from pathlib import Path

import jsonschema_rs
import pytest

from safeguard.directory.models import Service, TaxonomyTerm
from safeguard.directory.oruk import reference_contact_id

from .conftest import MK_SITE
from .factories import ServiceFactory

pytestmark = pytest.mark.django_db

ORUK = Path(__file__).parent / "data" / "oruk"
SERVICE_SCHEMA = json.loads((ORUK / "service.json").read_text())
SERVICE_LIST_SCHEMA = json.loads((ORUK / "service_list.json").read_text())
# The taxonomy's own schema is not compiled: its `taxonomy_terms` property refers to another file that
# a taxonomy here does not carry, so that property is left out before validating.
TAXONOMY_SCHEMA = json.loads((ORUK / "taxonomy.json").read_text())
TAXONOMY_SCHEMA["properties"] = {k: v for k, v in TAXONOMY_SCHEMA["properties"].items() if "$ref" not in json.dumps(v)}
OPENAPI = json.loads((ORUK / "openapi.json").read_text())
ENVELOPE = set(OPENAPI["components"]["schemas"]["Page"]["properties"]) | {"contents"}
# HSDS 3.0 fields the UK profile leaves out, which the directory sends so people can get in touch
# (and, for eligibility, see who a service is for). Everything else must be a field of the profile.
HSDS_EXTRAS = {
    ("service", "eligibility_description"): None,
    ("contact", "email"): None,
    ("contact", "phones"): {"id", "number", "description"},
}


def _validate(instance, schema):
    # jsonschema_rs: the JSON Schema validator schemathesis brings; formats (uuid, email, uri) checked too.
    jsonschema_rs.Draft7Validator(schema, validate_formats=True).validate(instance)


def _fields_outside_the_standard(value: dict, schema: dict, where: str) -> list[str]:
    """Every key we send, at every depth, must be a property the ORUK schema has at that place."""
    strays = []
    properties = schema.get("properties", {})
    for key, item in value.items():
        extra = HSDS_EXTRAS.get((where, key), False)
        if extra is not False:
            if extra:  # an array of objects with these fields
                strays += [f"{where}.{key}.{k}" for row in item for k in row if k not in extra]
            continue
        if key not in properties:
            strays.append(f"{where}.{key}")
            continue
        child = properties[key]
        if child.get("type") == "array" and isinstance(item, list):
            for row in item:
                if isinstance(row, dict):
                    strays += _fields_outside_the_standard(row, child["items"], child["items"].get("name", key))
        elif isinstance(item, dict):
            strays += _fields_outside_the_standard(item, child, child.get("name", key))
    return strays


def _virtual_school(host) -> Service:
    return Service.objects.get(host_council=host, name="Luton Virtual School")


def test_a_whole_service_keeps_to_the_oruk_schema(client, luton_directory):
    response = client.get(f"/oruk/services/{_virtual_school(luton_directory).pk}")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/json")
    service = response.json()
    _validate(service, SERVICE_SCHEMA)
    assert _fields_outside_the_standard(service, SERVICE_SCHEMA, "service") == []
    assert service["organization"]["name"] == "Luton Borough Council"
    location = service["service_at_locations"][0]["location"]
    assert location["addresses"][0]["postal_code"] == "LU1 2BQ"
    assert service["schedules"][0] | {"id": None, "service_id": None} == {
        "id": None,
        "service_id": None,
        "freq": "WEEKLY",
        "byday": "MO,TU,WE,TH,FR",
        "opens_at": "08:30",
        "closes_at": "17:00",
    }
    assert [a["taxonomy_term"]["name"] for a in service["attributes"]] == ["Education"]
    assert service["contacts"][0]["phones"][0]["number"] == "01582 548150"
    assert (service["minimum_age"], service["maximum_age"]) == (2, 18)


def test_a_reference_contact_is_a_whole_service_of_the_host_council(client, luton_directory):
    contact = luton_directory.contacts.get(name="Bedfordshire Police missing persons unit")
    service = client.get(f"/oruk/services/{reference_contact_id(contact)}").json()
    _validate(service, SERVICE_SCHEMA)
    assert _fields_outside_the_standard(service, SERVICE_SCHEMA, "service") == []
    assert service["organization"]["name"] == "Luton Borough Council"
    assert [(s["byday"], s["opens_at"], s["closes_at"]) for s in service["schedules"]] == [
        ("MO,TU,WE,TH,FR", "08:00", "22:00"),
        ("SA,SU", "08:00", "18:00"),
    ]
    assert [a["taxonomy_term"]["term"] for a in service["attributes"]] == [TaxonomyTerm.WHO_TO_CALL]


def test_the_list_keeps_to_the_envelope_and_the_list_schema(client, luton_directory):
    body = client.get("/oruk/services", {"per_page": 5}).json()
    assert set(body) == ENVELOPE
    for service in body["contents"]:
        _validate(service, SERVICE_LIST_SCHEMA)
        assert _fields_outside_the_standard(service, SERVICE_LIST_SCHEMA, "service") == []
    contacts, services = luton_directory.contacts.count(), Service.objects.filter(host_council=luton_directory).count()
    total = contacts + services
    assert body | {"contents": None} == {
        "total_items": total,
        "total_pages": -(-total // 5),
        "page_number": 1,
        "size": 5,
        "first_page": True,
        "last_page": False,
        "empty": False,
        "contents": None,
    }


def test_the_last_page_and_an_empty_result(client, luton_directory):
    total = client.get("/oruk/services").json()["total_items"]
    pages = -(-total // 4)
    last = client.get("/oruk/services", {"per_page": 4, "page": pages}).json()
    assert (last["page_number"], last["first_page"], last["last_page"]) == (pages, False, True)
    assert last["size"] == len(last["contents"]) == total - 4 * (pages - 1)
    # Contacts first, then services by name: the pages together list each entry once.
    seen = [
        s["id"]
        for p in range(1, pages + 1)
        for s in client.get("/oruk/services", {"per_page": 4, "page": p}).json()["contents"]
    ]
    assert len(seen) == len(set(seen)) == total
    empty = client.get("/oruk/services", {"text": "no such words anywhere"}).json()
    assert empty | {"contents": None} == {
        "total_items": 0,
        "total_pages": 1,
        "page_number": 1,
        "size": 0,
        "first_page": True,
        "last_page": True,
        "empty": True,
        "contents": None,
    }


def test_text_search_and_taxonomy_filters(client, luton_directory):
    names = lambda **q: [s["name"] for s in client.get("/oruk/services", q).json()["contents"]]  # noqa: E731
    assert names(text="return interview") == ["Missing Children Return Interview Service"]
    assert names(search="return interview") == ["Missing Children Return Interview Service"]
    youth = TaxonomyTerm.objects.get(host_council=luton_directory, code="youth")
    assert names(taxonomy_term_id=str(youth.pk)) == ["Luton Youth Service"]
    # taxonomy_id: any term of the vocabulary (all of Luton's are in one), so every entry.
    everything = client.get("/oruk/services", {"taxonomy_id": str(youth.taxonomy_id)}).json()["total_items"]
    assert everything == client.get("/oruk/services").json()["total_items"]


def test_taxonomies_and_terms(client, luton_directory):
    body = client.get("/oruk/taxonomies").json()
    assert set(body) == ENVELOPE and body["total_items"] == 1
    _validate(body["contents"][0], TAXONOMY_SCHEMA)
    assert body["contents"][0]["name"] == "Directory categories"
    terms = client.get("/oruk/taxonomy_terms", {"per_page": 100}).json()
    assert {t["term"] for t in terms["contents"]} >= {"who-to-call", "education", "youth"}


def test_the_info_endpoint(client, luton_directory):
    body = client.get("/oruk/").json()
    assert body["version"] == "3.0" and body["openapi_url"].endswith("/oruk/openapi.json")


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"page": "0"}, "page"),
        ({"page": "two"}, "page"),
        ({"per_page": "1000"}, "per_page"),
        ({"per_page": "-1"}, "per_page"),
        ({"taxonomy_id": "not-a-uuid"}, "taxonomy_id"),
        ({"taxonomy_term_id": "12"}, "taxonomy_term_id"),
        ({"limit": "5"}, "limit"),
        ({"text": "x" * 201}, "text"),
    ],
)
def test_a_bad_parameter_is_a_400_naming_it(client, luton_directory, query, field):
    response = client.get("/oruk/services", query)
    assert response.status_code == 400 and response["Content-Type"].startswith("application/json")
    errors = response.json()["errors"]
    assert [e["field"] for e in errors] == [field]
    assert field in errors[0]["message"]


def test_an_unknown_id_is_a_json_404(client, luton_directory):
    for path in ("/oruk/services/5f0c1d36-2c5b-4a8e-9a51-8e2a0d1f2b33", "/oruk/services/nothing"):
        response = client.get(path)
        assert response.status_code == 404 and response["Content-Type"].startswith("application/json")
        assert response.json()["errors"][0]["field"] == "id"


def test_each_site_answers_with_its_own_hosts_directory(client, luton_directory, mk_host):
    mk_service = Service.objects.get(host_council=mk_host)
    luton_ids = {s["id"] for s in client.get("/oruk/services", {"per_page": 100}).json()["contents"]}
    assert str(mk_service.pk) not in luton_ids
    assert client.get(f"/oruk/services/{mk_service.pk}").status_code == 404
    mk = client.get("/oruk/services", HTTP_HOST=MK_SITE).json()
    assert [s["name"] for s in mk["contents"]] == ["Keynes Kids Counselling"]
    assert client.get(f"/oruk/services/{_virtual_school(luton_directory).pk}", HTTP_HOST=MK_SITE).status_code == 404


def test_a_change_shows_in_the_api_at_once(client, luton_directory):
    service = ServiceFactory(host_council=luton_directory, name="Brand new club", description="New")
    assert client.get(f"/oruk/services/{service.pk}").json()["name"] == "Brand new club"
