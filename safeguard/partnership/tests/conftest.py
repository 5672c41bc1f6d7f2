import pytest
from django.db import transaction


@pytest.fixture(scope="module")
def _luton_partnership_world(django_db_setup, django_db_blocker):
    """Luton, its manual and its partnership site as the run command loads them, built once for a module;
    each test runs in a savepoint of it, and the whole is rolled back at the end."""
    from safeguard.core.audit import SystemActor
    from safeguard.manual.demo import manual_demo_load
    from safeguard.partnership.demo import partnership_demo_load
    from safeguard.reference import services as reference_services

    with django_db_blocker.unblock(), transaction.atomic():
        reference_services.councils_load()
        host = reference_services.host_council_seed(
            actor=SystemActor("Safeguard test suite"), config=reference_services.host_config_read("luton")
        ).host_council
        manual_demo_load(host=host)
        yield partnership_demo_load(host=host)
        transaction.set_rollback(True)


@pytest.fixture
def luton_partnership(_luton_partnership_world, db):
    return _luton_partnership_world
