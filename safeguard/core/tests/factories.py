"""Factories for core records (factory_boy, Faker en_GB)."""

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from safeguard.core.models import OutboxMessage


class OutboxMessageFactory(DjangoModelFactory):
    """A pending e-mail, due now. Made directly, so no delivery is queued on commit."""

    class Meta:
        model = OutboxMessage

    to = factory.Faker("email", locale="en_GB")
    subject = "Placement notification"
    body = factory.Faker("paragraph", locale="en_GB")
    purpose = "test"
    next_attempt_at = factory.LazyFunction(timezone.now)
