import pytest

from safeguard.accounts.tests.oidc_provider.provider import council_provider


@pytest.fixture(scope="session")
def running_council_provider():
    """The council's OpenID Connect provider, on loopback for the whole session (Django's test client)."""
    with council_provider(["http://testserver"]) as provider:
        yield provider
