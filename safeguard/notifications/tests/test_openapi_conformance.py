"""The API does what its OpenAPI document says.

schemathesis generates requests from the document and runs every one of its checks on the answers:
no server error, every status and response body as documented, the content type, authentication
(a request without the token must get 401), unsupported methods (405), and that values the document
allows are accepted and values it forbids are refused.
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.config import SchemathesisConfig

from safeguard.notifications.api import api
from safeguard.notifications.services import api_token_create
from safeguard.notifications.tests.payloads import TOKEN_COMMAND

# Every check runs. A request the document allows may still be refused with 400 for what a schema
# cannot state: a council that exists and is the token's own, a real date, an NHS number's check
# digit, a postcode in a host area, a name in letters. So positive data may also answer 400.
CONFIG = SchemathesisConfig.from_dict(
    {"checks": {"positive_data_acceptance": {"expected-statuses": ["2xx", "400", "401", "404", "409", "429"]}}}
)
schema = schemathesis.openapi.from_dict(api.get_openapi_schema(), config=CONFIG)
schema.app = get_wsgi_application()


@pytest.fixture
def api_token(host, placing_council) -> str:
    return api_token_create(actor=TOKEN_COMMAND, placing_authority=placing_council)[1]


@pytest.fixture
def in_process(db):
    """Requests go through the WSGI application in this process, inside the test's transaction: like
    Django's test client, keep the start and end of a request from closing the database connection."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


# The same examples on every run, so the shared test command cannot fail by chance; raise
# max_examples or drop derandomize locally to search further.
@schema.parametrize()
@settings(max_examples=30, derandomize=True, deadline=None, database=None, suppress_health_check=list(HealthCheck))
def test_the_api_keeps_to_its_openapi_document(case, api_token, in_process):
    case.call_and_validate(headers={"Authorization": f"Bearer {api_token}"})
