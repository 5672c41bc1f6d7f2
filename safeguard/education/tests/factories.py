import factory
from factory.django import DjangoModelFactory

from safeguard.education.models import School, SchoolTerm


class SchoolFactory(DjangoModelFactory):
    class Meta:
        model = School
        django_get_or_create = ("urn",)

    urn = factory.Sequence(lambda n: 980000 + n)
    name = factory.Sequence(lambda n: f"Invented Primary School {n}")
    phase = "Primary"
    establishment_type = "Community school"
    la_code = "821"
    la_name = "Luton"
    postcode = "LU1 1AA"
    is_open = True
    status = "Open"


class SchoolTermFactory(DjangoModelFactory):
    class Meta:
        model = SchoolTerm
