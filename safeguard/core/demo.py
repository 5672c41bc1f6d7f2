"""Invented demo data for the embedded default: one sign-in per role and a few children.

Every person and child here is invented (Faker, en_GB, fixed seed). Safe to run again.
"""

import random
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from faker import Faker

from safeguard.accounts.models import HostCouncil, Organisation, Role, Team, User
from safeguard.allegations.models import LadoCase
from safeguard.core.audit import Target, audit_event_record
from safeguard.missing.models import MissingEpisode
from safeguard.register.models import Child, Placement

DEMO_PASSWORD = "safeguard-demo-2026"
DEMO_DOMAIN = "demo.safeguard.test"
PLACING_COUNCILS = ["823", "919", "822", "209", "330", "886"]  # Central Beds, Herts, Bedford, …
PLACEMENT_TYPES = ["U4", "U6", "K2", "U1", "H5", "R1"]
LEGAL_STATUSES = ["C2", "C1", "V2", "E1"]


@dataclass(frozen=True)
class DemoSignIn:
    role: str
    email: str
    organisation: str


def _user(email: str, name: str, role: str, organisation: Organisation, team: Team | None = None) -> User:
    user, created = User.objects.get_or_create(
        email=email, defaults={"full_name": name, "role": role, "organisation": organisation, "team": team}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    return user


@transaction.atomic
def demo_data_load(*, host: HostCouncil) -> list[DemoSignIn]:
    fake = Faker("en_GB")
    Faker.seed(821)
    rng = random.Random(821)
    teams = {team.kind: team for team in host.teams.all()}
    council = host.organisation
    placing = Organisation.objects.get(dfe_code=PLACING_COUNCILS[0])
    police = host.police_force
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
        ("police", "PC Avery Police", Role.POLICE, police, None),
    ]
    sign_ins = []
    for local, name, role, organisation, team in people:
        email = f"{local}@{DEMO_DOMAIN}"
        _user(email, name, role, organisation, team)
        sign_ins.append(DemoSignIn(Role(role).label, email, organisation.name))

    if not Child.objects.filter(host_council=host).exists():
        today = timezone.localdate()
        placing_councils = list(Organisation.objects.filter(dfe_code__in=PLACING_COUNCILS))
        for index in range(24):
            authority = placing if index < 6 else rng.choice(placing_councils)
            child = Child.objects.create(
                host_council=host,
                placing_authority=authority,
                first_name=fake.first_name(),
                last_name=fake.last_name(),
                date_of_birth=today - timedelta(days=rng.randint(3 * 365, 17 * 365)),
                sex=rng.choice(["F", "M"]),
                legal_status=rng.choice(LEGAL_STATUSES),
                local_id=f"{authority.dfe_code}-{1000 + index}",
            )
            start = today - timedelta(days=rng.randint(20, 700))
            ended = index % 5 == 4
            Placement.objects.create(
                child=child,
                carer=foster if index % 2 == 0 else home,
                placement_type=rng.choice(PLACEMENT_TYPES),
                address_line1=fake.street_address(),
                town="Luton",
                postcode=rng.choice(["LU1", "LU2", "LU3", "LU4"])
                + f" {rng.randint(1, 9)}{rng.choice('ABDEFGHJ')}{rng.choice('LNPQRSTU')}",
                start_date=start,
                end_date=start + timedelta(days=rng.randint(10, 19)) if ended else None,
            )
        missing_child = Child.objects.filter(host_council=host, placing_authority=placing).order_by("pk").first()
        MissingEpisode.objects.create(
            child=missing_child,
            kind=MissingEpisode.Kind.MISSING,
            last_seen_at=timezone.now() - timedelta(hours=5),
        )
        for number, status in enumerate(["received", "referral", "consultation", "closed"], start=1):
            LadoCase.objects.create(
                host_council=host,
                reference=f"LADO-DEMO-{number:03d}",
                status=status,
                received_at=timezone.now() - timedelta(days=number * 9),
                summary="Invented demonstration case: concern raised about a member of staff's conduct.",
            )
        audit_event_record(actor=None, action="demo.load", target=Target("core.demo"), host_council=host)
    return sign_ins
