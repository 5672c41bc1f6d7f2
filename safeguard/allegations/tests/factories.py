from datetime import timedelta

import factory
from django.core.files.base import ContentFile
from django.utils import timezone
from factory.django import DjangoModelFactory

from safeguard.allegations.models import LadoAction, LadoCase, LadoChild
from safeguard.allegations.services import initial_consideration_due


class LadoCaseFactory(DjangoModelFactory):
    class Meta:
        model = LadoCase

    reference = factory.Sequence(lambda n: f"LADO-T-{n:04d}")
    received_at = factory.LazyFunction(timezone.now)
    initial_consideration_due_at = factory.LazyAttribute(lambda o: initial_consideration_due(o.received_at))
    summary = "An allegation about a member of staff."
    person_name = "Pat Teacher"
    person_employer = "Hilltop Primary School"
    what_happened = "An allegation about a member of staff."
    sector = "education"
    category = "physical"


class LadoChildFactory(DjangoModelFactory):
    class Meta:
        model = LadoChild

    case = factory.SubFactory(LadoCaseFactory)
    name = "Robin Pupil"


class LadoActionFactory(DjangoModelFactory):
    class Meta:
        model = LadoAction

    case = factory.SubFactory(LadoCaseFactory)
    kind = LadoAction.Kind.DISCIPLINARY
    owner = "Head teacher"
    due_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=7))


def email_case(host) -> LadoCase:
    case = LadoCaseFactory(host_council=host, channel=LadoCase.Channel.EMAIL, email_subject="Concern")
    case.original_message.save(
        f"{case.reference}.eml", ContentFile(b"From: a@school.example\nSubject: Concern\n\nText\n"), save=True
    )
    return case
