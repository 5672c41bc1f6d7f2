import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from safeguard.allegations.models import LadoCase


class LadoCaseFactory(DjangoModelFactory):
    class Meta:
        model = LadoCase

    reference = factory.Sequence(lambda n: f"LADO-T-{n:04d}")
    received_at = factory.LazyFunction(timezone.now)
    summary = "An allegation about a member of staff."
