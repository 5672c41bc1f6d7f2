"""Demo people and providers, for the embedded default: one sign-in per role (composed by home.demo).

Every person here is invented. Accounts are made through `user_create`, so the demo keeps the rule
that a role fits its organisation. Safe to run again.
"""

import random
from dataclasses import dataclass, field

from faker import Faker

from safeguard.core.audit import DEMO_LOADER

from .models import CouncilSignIn, HostCouncil, Organisation, Role, User
from .services import user_create

DEMO_PASSWORD = "safeguard-demo-2026"
DEMO_DOMAIN = "demo.safeguard.test"
# The placing council whose social worker signs in (Central Bedfordshire), then others near Luton.
PLACING_COUNCILS = ["823", "919", "822", "209", "330", "886"]


@dataclass(frozen=True)
class DemoSignIn:
    role: str
    email: str
    organisation: str


@dataclass
class DemoWorld:
    """What every app's demo builds on: the host, the demo placing council, the demo carer's foster
    family and a children's home, the people who sign in, and one seeded source of invented values."""

    host: HostCouncil
    placing: Organisation
    foster: Organisation
    home: Organisation
    fake: Faker
    rng: random.Random
    people: dict[str, User] = field(default_factory=dict)
    sign_ins: list[DemoSignIn] = field(default_factory=list)

    def person(self, local: str) -> User:
        """A demo person by the local part of their e-mail address ("carer", "sqa.officer")."""
        return self.people[local]


def _person(world: DemoWorld, local: str, name: str, role: str, organisation: Organisation, team) -> User:
    email = f"{local}@{DEMO_DOMAIN}"
    user = User.objects.filter(email=email).first() or user_create(
        actor=DEMO_LOADER,
        email=email,
        full_name=name,
        role=role,
        organisation=organisation,
        team=team,
        password=DEMO_PASSWORD,
    )
    world.people[local] = user
    world.sign_ins.append(DemoSignIn(Role(role).label, email, organisation.name))
    return user


def demo_people_load(*, host: HostCouncil, fake: Faker, rng: random.Random) -> DemoWorld:
    """The demo's people, one per role, and the two providers the demo carer and the children live with."""
    teams = {team.kind: team for team in host.teams.all()}
    council = host.organisation
    placing = Organisation.objects.get(dfe_code=PLACING_COUNCILS[0])
    foster, _ = Organisation.objects.get_or_create(
        kind=Organisation.Kind.PROVIDER,
        name="Meadow View foster family (demo)",
        defaults={"provider_type": Organisation.ProviderType.FOSTER_CARER, "located_in": host},
    )
    home, _ = Organisation.objects.get_or_create(
        kind=Organisation.Kind.PROVIDER,
        name="Oak Lane children's home (demo)",
        defaults={"provider_type": Organisation.ProviderType.CHILDRENS_HOME, "located_in": host},
    )
    # A secondary school of the demo's invented sample (education/data/gias-sample.csv), by its URN.
    school, _ = Organisation.objects.get_or_create(
        kind=Organisation.Kind.SCHOOL,
        urn=990108,
        defaults={"name": "Stockwood Park High School", "located_in": host},
    )
    world = DemoWorld(host=host, placing=placing, foster=foster, home=home, fake=fake, rng=rng)
    people = [
        ("sqa.officer", "Sam Officer", Role.SQA_OFFICER, council, teams.get("sqa")),
        ("sqa.manager", "Morgan Manager", Role.SQA_MANAGER, council, teams.get("sqa")),
        ("ra.worker", "Riley Worker", Role.RA_SOCIAL_WORKER, council, teams.get("referral_assessment")),
        ("ra.duty", "Dana Duty", Role.RA_DUTY_MANAGER, council, teams.get("referral_assessment")),
        ("virtual.school", "Vic School", Role.VIRTUAL_SCHOOL_OFFICER, council, teams.get("virtual_school")),
        ("lado", "Lee Lado", Role.LADO, council, teams.get("lado")),
        ("partnership", "Pat Editor", Role.PARTNERSHIP_EDITOR, council, teams.get("partnership")),
        ("placing.sw", "Casey Placing", Role.PLACING_SOCIAL_WORKER, placing, None),
        ("carer", "Jordan Carer", Role.CARER, foster, None),
        ("police", "PC Avery Police", Role.POLICE, host.police_force, None),
        ("admin", "Ash Admin", Role.HOST_ADMIN, council, None),
        ("manual.editor", "Max Manual", Role.MANUAL_EDITOR, council, None),
        ("cme.officer", "Carys Welfare", Role.CME_OFFICER, council, None),
        ("school.staff", "Sunita Registrar", Role.SCHOOL_STAFF, school, None),
    ]
    for local, name, role, organisation, team in people:
        _person(world, local, name, role, organisation, team)
    demo_council_sign_in_load(host=host)
    return world


def demo_council_sign_in_load(*, host: HostCouncil) -> None:
    """An example provider on the administrator's single sign-on page, switched off: an invented Entra
    ID tenant, so the page shows what a council fills in (the demo's people sign in with passwords)."""
    from .services import council_sign_in_configure

    if CouncilSignIn.objects.filter(host_council=host).exists():
        return
    council_sign_in_configure(
        actor=DEMO_LOADER,
        host_council=host,
        issuer="https://login.microsoftonline.com/00000000-0000-4000-8000-000000000821/v2.0",
        client_id="11111111-2222-4333-8444-555555555555",
        client_secret="demo-client-secret-not-real",  # noqa: S106 - invented, and the provider is switched off
        email_domains="luton.gov.uk",
        scopes="openid email profile",
        group_claim="groups",
        group_roles={"sqa-officers-group-id": Role.SQA_OFFICER, "sqa-managers-group-id": Role.SQA_MANAGER},
        enabled=False,
    )
