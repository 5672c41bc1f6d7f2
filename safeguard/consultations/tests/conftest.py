import pytest

from safeguard.core.audit import SystemActor

MK_SITE = "milton-keynes.localhost"


@pytest.fixture
def luton(host):
    """Luton with its content site (the default: it answers any host name) and the demo's consultations."""
    from safeguard.consultations.demo import consultations_demo_load
    from safeguard.content.services import host_content_ensure

    host_content_ensure(actor=SystemActor("Safeguard test suite"), host=host)
    consultations_demo_load(host=host)
    return host


@pytest.fixture
def mk_host(host, settings):
    """Milton Keynes, a second host with its own site and a consultation of its own."""
    from datetime import timedelta

    from django.utils import timezone

    from safeguard.accounts.models import HostCouncil, Organisation
    from safeguard.consultations.services import QuestionDetails, consultation_add
    from safeguard.content.services import host_content_ensure

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver", MK_SITE]
    mk = HostCouncil.objects.create(
        organisation=Organisation.objects.get(dfe_code="826"), slug="milton-keynes", postcode_districts="MK1 MK2"
    )
    actor = SystemActor("Safeguard test suite")
    host_content_ensure(actor=actor, host=mk)
    today = timezone.localdate()
    mk.consultation = consultation_add(
        actor=actor,
        host_council=mk,
        slug="keynes-youth-offer",
        title="Keynes youth offer",
        summary="What should Milton Keynes's youth offer be?",
        background="We ask.",
        opens_on=today - timedelta(days=1),
        closes_on=today + timedelta(days=10),
        questions=[QuestionDetails(text="What should it be?")],
    )
    return mk
