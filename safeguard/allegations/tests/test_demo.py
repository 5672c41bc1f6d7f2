"""The demonstration's LADO cases cover every state and outcome, through the services."""

import random

from faker import Faker

from safeguard.allegations import selectors
from safeguard.allegations.demo import lado_demo_load
from safeguard.allegations.models import LadoCase, Outcome


def test_demo_cases_cover_every_status_and_outcome(host, lado):
    lado_demo_load(host=host, lado=lado, fake=Faker("en_GB"), rng=random.Random(821))
    cases = LadoCase.objects.filter(host_council=host)
    assert cases.count() >= 25
    assert set(cases.values_list("status", flat=True)) == set(LadoCase.Status.values)
    assert set(cases.exclude(outcome="").values_list("outcome", flat=True)) == set(Outcome.values)
    assert set(cases.values_list("channel", flat=True)) == set(LadoCase.Channel.values)
    assert cases.filter(status="received", initial_consideration_due_at__lt=selectors.timezone.now()).exists()
    assert selectors.overdue_actions(lado).exists()
    assert selectors.retention_due(lado).exists()
    assert selectors.personnel_record_removals(lado).exists()
    assert cases.filter(outcome="false", personnel_record_consent=True, remove_from_personnel_record=False).exists()
    current = selectors.financial_year_of(selectors.timezone.localdate())
    assert selectors.annual_figures(host, current).received + selectors.annual_figures(host, current - 1).received >= 10
