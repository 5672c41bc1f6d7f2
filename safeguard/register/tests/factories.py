import datetime

import factory
from factory.django import DjangoModelFactory

from safeguard.register.models import Child, Placement


class ChildFactory(DjangoModelFactory):
    class Meta:
        model = Child

    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.Faker("last_name", locale="en_GB")
    date_of_birth = factory.Faker("date_between", start_date="-17y", end_date="-2y")
    legal_status = "C2"


class PlacementFactory(DjangoModelFactory):
    class Meta:
        model = Placement
        skip_postgeneration_save = True

    placement_type = "U4"
    address_line1 = factory.Faker("street_address", locale="en_GB")
    town = "Luton"
    postcode = "LU1 2BQ"
    start_date = factory.LazyFunction(lambda: datetime.date.today() - datetime.timedelta(days=30))

    @factory.post_generation
    def register_listeners(obj, create, extracted, **kwargs):
        """As the register's services do: the domains above keep their records in step (education)."""
        if create:
            from safeguard.register.extensions import placements_changed

            placements_changed(obj.child)
