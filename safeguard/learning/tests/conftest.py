import pytest

from safeguard.core.audit import SystemActor

TEST_ACTOR = SystemActor("Safeguard test suite")


@pytest.fixture
def luton(host):
    """Luton with its content site (the default: it answers any host name)."""
    from safeguard.content.services import host_content_ensure

    host_content_ensure(actor=TEST_ACTOR, host=host)
    return host


@pytest.fixture
def organiser(luton):
    from conftest import make_person

    return make_person("partnership_editor", host=luton)
