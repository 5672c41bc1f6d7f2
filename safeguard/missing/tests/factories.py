"""Factories for missing-from-care records (factory_boy, Faker en_GB)."""

from datetime import timedelta

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from safeguard.accounts.models import Organisation, Role
from safeguard.accounts.tests.factories import HostCouncilFactory, OrganisationFactory, ProviderFactory, UserFactory
from safeguard.missing.models import MissingEpisode
from safeguard.register.tests.factories import ChildFactory, PlacementFactory


class PoliceForceFactory(OrganisationFactory):
    kind = Organisation.Kind.POLICE
    name = factory.Sequence(lambda n: f"Test Constabulary {n}")


class MissingEpisodeFactory(DjangoModelFactory):
    """A child missing now (no return), last seen three hours ago."""

    class Meta:
        model = MissingEpisode

    child = factory.SubFactory(ChildFactory)
    kind = MissingEpisode.Kind.MISSING
    last_seen_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=3))
    last_seen_where = factory.Faker("street_name", locale="en_GB")


def placed_child(*, host=None, carer=None, **child_fields):
    """A child placed now with a carer (a provider in the host's area), and the carer's account.

    Returns (child, carer_user). Light enough for a test that needs neither councils nor a world.
    """
    host = host or HostCouncilFactory()
    provider = carer or ProviderFactory(located_in=host)
    child_fields.setdefault("placing_authority", OrganisationFactory())
    child = ChildFactory(host_council=host, **child_fields)
    PlacementFactory(child=child, carer=provider)
    return child, UserFactory(role=Role.CARER, organisation=provider)
