import pytest

from safeguard.core.audit import SystemActor

MK_SITE = "milton-keynes.localhost"


@pytest.fixture
def luton_directory(host):
    """Luton with its content site (the default: it answers any host name) and its demo directory."""
    from safeguard.directory.demo import directory_demo_load

    directory_demo_load(host=host)
    return host


@pytest.fixture
def mk_host(host, settings):
    """Milton Keynes, a second host with its own site (milton-keynes.localhost), categories and one service."""
    from safeguard.accounts.models import HostCouncil, Organisation
    from safeguard.directory.demo import directory_demo_load

    from .factories import LocationFactory, ServiceFactory

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver", MK_SITE]
    mk = HostCouncil.objects.create(
        organisation=Organisation.objects.get(dfe_code="826"), slug="milton-keynes", postcode_districts="MK1 MK2"
    )
    directory_demo_load(host=mk)
    service = ServiceFactory(
        host_council=mk, name="Keynes Kids Counselling", description="Counselling in Milton Keynes"
    )
    LocationFactory(service=service, postcode="MK1 1AA")
    return mk


@pytest.fixture
def test_actor():
    return SystemActor("Safeguard test suite")
