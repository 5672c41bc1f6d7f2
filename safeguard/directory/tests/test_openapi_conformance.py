"""The ORUK API does what its OpenAPI document (/oruk/openapi.json) says: schemathesis generates requests
from the document and runs every check on the answers (no server error, statuses and bodies as
documented, content types, methods)."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.config import SchemathesisConfig

from safeguard.directory.api import api

# A request the document allows may still name a category this directory does not have, or a page
# past the last: those answer 200 with an empty page, or 404 for an unknown service.
CONFIG = SchemathesisConfig.from_dict(
    {"checks": {"positive_data_acceptance": {"expected-statuses": ["2xx", "400", "404"]}}}
)
schema = schemathesis.openapi.from_dict(api.get_openapi_schema(), config=CONFIG)
schema.app = get_wsgi_application()


@pytest.fixture
def in_process(db):
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@schema.parametrize()
@settings(max_examples=25, derandomize=True, deadline=None, database=None, suppress_health_check=list(HealthCheck))
def test_the_oruk_api_keeps_to_its_openapi_document(case, luton_directory, in_process):
    case.call_and_validate()


def test_the_document_is_served(client, luton_directory):
    document = client.get("/oruk/openapi.json").json()
    assert {
        "/oruk/services",
        "/oruk/services/{service_id}",
        "/oruk/taxonomies",
        "/oruk/taxonomy_terms",
        "/oruk/",
    } <= set(document["paths"])
    parameters = {p["name"] for p in document["paths"]["/oruk/services"]["get"]["parameters"]}
    assert parameters == {"text", "search", "taxonomy_id", "taxonomy_term_id", "page", "per_page"}
