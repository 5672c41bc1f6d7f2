import factory
from factory.django import DjangoModelFactory

from safeguard.accounts.models import HostCouncil, Organisation, Team, User

TEST_PASSWORD = "correct-horse-battery-staple"


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation

    kind = Organisation.Kind.COUNCIL
    name = factory.Sequence(lambda n: f"Test council {n}")


class ProviderFactory(OrganisationFactory):
    kind = Organisation.Kind.PROVIDER
    name = factory.Faker("company", locale="en_GB")
    provider_type = Organisation.ProviderType.FOSTER_CARER


class HostCouncilFactory(DjangoModelFactory):
    class Meta:
        model = HostCouncil

    organisation = factory.SubFactory(OrganisationFactory)
    slug = factory.Sequence(lambda n: f"host-{n}")


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.test")
    full_name = factory.Faker("name", locale="en_GB")
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class TeamFactory(DjangoModelFactory):
    class Meta:
        model = Team

    host_council = factory.SubFactory(HostCouncilFactory)
    kind = Team.Kind.REFERRAL_ASSESSMENT
    name = factory.Sequence(lambda n: f"Referral and Assessment {n}")
    email = factory.Sequence(lambda n: f"team{n}@council.example")
