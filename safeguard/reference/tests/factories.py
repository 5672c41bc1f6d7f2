"""Factories for a host council's contacts and their opening hours (factory_boy, Faker en_GB)."""

from datetime import time

import factory
from factory.django import DjangoModelFactory

from safeguard.accounts.tests.factories import HostCouncilFactory
from safeguard.reference.models import Contact, OpeningHours


class ContactFactory(DjangoModelFactory):
    """A contact that answers at all times (no opening hours) unless given some."""

    class Meta:
        model = Contact

    host_council = factory.SubFactory(HostCouncilFactory)
    purpose = Contact.Purpose.EMERGENCY
    name = factory.Sequence(lambda n: f"Emergency duty team {n}")
    phone = factory.Faker("phone_number", locale="en_GB")


class OpeningHoursFactory(DjangoModelFactory):
    """Monday, nine to five."""

    class Meta:
        model = OpeningHours

    contact = factory.SubFactory(ContactFactory)
    weekday = OpeningHours.Weekday.MONDAY
    opens = time(9)
    closes = time(17)
