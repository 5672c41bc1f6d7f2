"""Every app's test factories make records the models accept, so a test built on them starts valid."""

import pytest

from safeguard.accounts.models import Role
from safeguard.accounts.tests.factories import HostCouncilFactory, TeamFactory, UserFactory
from safeguard.allegations.tests.factories import LadoActionFactory, LadoChildFactory
from safeguard.core.tests.factories import OutboxMessageFactory
from safeguard.exploitation.tests.factories import ExploitationConcernFactory
from safeguard.missing.tests.factories import MissingEpisodeFactory, PoliceForceFactory, placed_child
from safeguard.notifications.tests.factories import WorkItemFactory
from safeguard.reference.tests.factories import OpeningHoursFactory


@pytest.mark.django_db
def test_every_factory_makes_a_valid_record():
    host = HostCouncilFactory(police_force=PoliceForceFactory())
    child, carer = placed_child(host=host)
    records = [
        host,
        host.police_force,
        TeamFactory(host_council=host),
        child,
        child.placements.get(),
        carer,
        MissingEpisodeFactory(child=child),
        ExploitationConcernFactory(child=child, raised_by=carer),
        OutboxMessageFactory(),
        OpeningHoursFactory(contact__host_council=host),
        LadoChildFactory(case__host_council=host),
        LadoActionFactory(case__host_council=host),
    ]
    item = WorkItemFactory(notification__child=child)
    records += [item, item.notification, item.team]
    for record in records:
        # Columns the database lets be empty may be empty (a timed rule records without a person).
        record.full_clean(exclude=[field.name for field in record._meta.fields if field.null])
    assert item.team.host_council == host == item.host_council
    assert UserFactory(role=Role.SQA_OFFICER, organisation=host.organisation).host_council == host
