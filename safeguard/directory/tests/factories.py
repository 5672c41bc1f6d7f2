import factory

from safeguard.directory.models import (
    Location,
    Organisation,
    Schedule,
    Service,
    ServiceTaxonomy,
    Taxonomy,
    TaxonomyTerm,
)
from safeguard.directory.services import search_text


class TaxonomyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Taxonomy

    name = factory.Sequence(lambda n: f"Categories {n}")
    description = "Categories of the directory"


class TaxonomyTermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TaxonomyTerm

    taxonomy = factory.SubFactory(TaxonomyFactory)
    host_council = factory.SelfAttribute("taxonomy.host_council")
    code = factory.Sequence(lambda n: f"term-{n}")
    name = factory.Sequence(lambda n: f"Category {n}")
    description = "A category"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    description = "Runs services"


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service

    organisation = factory.SubFactory(OrganisationFactory, host_council=factory.SelfAttribute("..host_council"))
    name = factory.Sequence(lambda n: f"Service {n}")
    description = "Helps children and families"
    search_text = factory.LazyAttribute(
        lambda o: search_text(name=o.name, description=o.description, organisation=o.organisation.name)
    )


class LocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Location

    name = "Centre"
    address_1 = "1 High Street"
    city = "Luton"
    postcode = "LU1 2BQ"
    postcode_district = factory.LazyAttribute(lambda o: o.postcode.split()[0])


class ScheduleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Schedule

    byday = "MO,TU,WE,TH,FR"
    opens_at = "09:00"
    closes_at = "17:00"


class ServiceTaxonomyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceTaxonomy
