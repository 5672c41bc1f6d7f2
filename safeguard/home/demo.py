"""Invented demo data for the embedded default: one sign-in per role and a few children.

Every person and child here is invented (Faker, en_GB, fixed seed). Safe to run again.
"""

import logging
import random
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from faker import Faker

from safeguard.accounts.models import HostCouncil, Organisation, Role, Team, User
from safeguard.allegations.demo import lado_demo_load
from safeguard.core.audit import Target, audit_event_record
from safeguard.missing.models import MissingEpisode
from safeguard.register.models import Child

DEMO_PASSWORD = "safeguard-demo-2026"
DEMO_DOMAIN = "demo.safeguard.test"
PLACING_COUNCILS = ["823", "919", "822", "209", "330", "886"]  # Central Beds, Herts, Bedford, …
PLACING_COUNCILS_ALL = PLACING_COUNCILS + ["825", "873", "850", "316", "202", "380", "935", "881"]
logger = logging.getLogger(__name__)
LEGAL_STATUSES = ["C2", "C1", "V2", "E1"]
# SSDA903 placement types by the kind of carer or provider: foster care (long-term, short-term, with
# family or friends), a children's home, and supported accommodation for 16 and 17-year-olds.
FOSTER_PLACEMENT_TYPES = ["U4", "U6", "U4", "U6", "U1", "U3"]
CHILDRENS_HOME_PLACEMENT_TYPE = "K2"
SUPPORTED_PLACEMENT_TYPES = ["H5", "K3"]
# Looked-after children by age (roughly the national picture): few babies, most of them teenagers.
AGE_BANDS = [((1, 4), 14), ((5, 9), 17), ((10, 15), 40), ((16, 17), 29)]


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
        ("admin", "Ash Admin", Role.HOST_ADMIN, council, None),
    ]
    sign_ins = []
    for local, name, role, organisation, team in people:
        email = f"{local}@{DEMO_DOMAIN}"
        _user(email, name, role, organisation, team)
        sign_ins.append(DemoSignIn(Role(role).label, email, organisation.name))

    if not Child.objects.filter(host_council=host).exists():
        _register_load(
            host=host,
            placing=placing,
            providers=_Providers(host=host, fake=fake, rng=rng, foster=foster, home=home),
            fake=fake,
            rng=rng,
            acknowledger=User.objects.get(email=f"ra.worker@{DEMO_DOMAIN}"),
        )
        missing_child = (
            Child.objects.filter(
                host_council=host,
                placing_authority=placing,
                placements__carer=foster,
                placements__end_date__isnull=True,
            )
            .order_by("pk")
            .first()
        )
        _missing_from_care_load(host=host, foster=foster, missing_child=missing_child, fake=fake, rng=rng)
        _exploitation_load(host=host, foster=foster, missing_child=missing_child, placing=placing)
        lado_demo_load(host=host, lado=User.objects.get(email=f"lado@{DEMO_DOMAIN}"), fake=fake, rng=rng)
        audit_event_record(actor=None, action="demo.load", target=Target("core.demo"), host_council=host)
    return sign_ins


DEMO_CHILDREN = 260


def _nhs_number(rng: random.Random) -> str:
    """A made-up NHS number that passes the modulus 11 check."""
    while True:
        digits = [rng.randint(0, 9) for _ in range(9)]
        check = 11 - sum(d * (10 - i) for i, d in enumerate(digits)) % 11
        if check == 11:
            check = 0
        if check != 10:
            return "".join(map(str, digits)) + str(check)


class _Providers:
    """Carers and homes in the host area, each taking no more children than it could: a foster family
    one to three, a children's home or supported lodgings up to six. New ones are made as needed."""

    def __init__(self, *, host, fake, rng, foster, home):
        self.host, self.fake, self.rng = host, fake, rng
        self.existing = set(Organisation.objects.filter(kind=Organisation.Kind.PROVIDER).values_list("name", flat=True))
        self.names = set(self.existing)
        # The demo carer's foster family is kept for its three teenagers (see _register_load).
        self.rooms: dict[Organisation, int] = {home: 6}
        self.foster = foster

    def _new(self, provider_type: str) -> Organisation:
        while True:
            if provider_type == Organisation.ProviderType.FOSTER_CARER:
                name = f"{self.fake.last_name()} foster family (demo)"
            elif provider_type == Organisation.ProviderType.CHILDRENS_HOME:
                name = f"{self.fake.street_name()} children's home (demo)"
            else:
                name = f"{self.fake.street_name()} supported lodgings (demo)"
            if name not in self.names:
                break
        self.names.add(name)
        provider = Organisation.objects.create(
            kind=Organisation.Kind.PROVIDER, name=name, provider_type=provider_type, located_in=self.host
        )
        if provider_type == Organisation.ProviderType.FOSTER_CARER:
            self.rooms[provider] = self.rng.choice([1, 2, 2, 3, 3])
        else:
            self.rooms[provider] = self.rng.randint(3, 6)
        return provider

    def remove_unused(self) -> None:
        """Forget the providers made here that no placement names (their child's notification was
        incomplete, so nobody was placed), so that no demo family is left without a child."""
        made = [provider.pk for provider in self.rooms if provider.name not in self.existing]
        Organisation.objects.filter(pk__in=made, placements__isnull=True).delete()

    def take(self, provider_type: str) -> Organisation:
        """A provider of this kind with room for one more child (every placement counts, ended or not)."""
        provider = next((p for p, room in self.rooms.items() if room and p.provider_type == provider_type), None)
        provider = provider or self._new(provider_type)
        self.rooms[provider] -= 1
        return provider

    def for_age(self, years: int) -> tuple[Organisation, str]:
        """Where a child of this age lives, and the SSDA903 placement type: foster care for most, a
        children's home for some from 12, supported accommodation only at 16 and 17."""
        roll = self.rng.random()
        if years >= 16 and roll < 0.25:
            return self.take(Organisation.ProviderType.SUPPORTED_ACCOMMODATION), self.rng.choice(
                SUPPORTED_PLACEMENT_TYPES
            )
        if years >= 12 and roll > 0.72:
            return self.take(Organisation.ProviderType.CHILDRENS_HOME), CHILDRENS_HOME_PLACEMENT_TYPE
        return self.take(Organisation.ProviderType.FOSTER_CARER), self.rng.choice(FOSTER_PLACEMENT_TYPES)


def _age_in_days(rng: random.Random) -> int:
    (youngest, oldest), _ = rng.choices(AGE_BANDS, weights=[weight for _, weight in AGE_BANDS])[0]
    return rng.randint(youngest * 365 + 30, oldest * 365 + 330)


def _register_load(*, host, placing, providers: _Providers, fake, rng, acknowledger) -> None:
    """A lived-in register, notified through the same service as real notifications.

    Every date is in the past and in order: a notification is received before or after the placement
    starts but never after today, the host's teams are given the work minutes after it is received,
    and most of it was acknowledged within two days.
    """
    from safeguard.notifications import services
    from safeguard.notifications.models import MatchReview, Notification

    councils = list(Organisation.objects.filter(dfe_code__in=PLACING_COUNCILS_ALL))
    today = timezone.localdate()
    now = timezone.now()
    received_first = []
    # The demo carer fosters three teenagers placed by the demo placing council (whose social worker
    # signs in): one of them goes missing, another has been away and come back.
    with_demo_carer = 0
    for index in range(DEMO_CHILDREN):
        council = placing if index % 5 == 0 else rng.choice(councils)
        emergency = rng.random() < 0.15
        late = rng.random() < 0.25
        if council == placing and with_demo_carer < 3:
            with_demo_carer += 1
            age_days = rng.randint(13 * 365 + 30, 16 * 365 + 300)
            start = today - timedelta(days=rng.randint(150, 400))
            carer, placement_type = providers.foster, rng.choice(["U4", "U6"])
            emergency = late = False
        else:
            age_days = _age_in_days(rng)
            start = today - timedelta(days=rng.randint(1, min(720, age_days - 20)))
            carer, placement_type = providers.for_age((age_days - (today - start).days) // 365)
        born = today - timedelta(days=age_days)
        received = start + timedelta(days=rng.randint(1, 14)) if late else start - timedelta(days=rng.randint(0, 10))
        received_at = timezone.make_aware(datetime.combine(received, time(rng.randint(8, 17), rng.randint(0, 59))))
        received_at = min(received_at, now - timedelta(minutes=rng.randint(10, 180)))
        sex = rng.choice("FM")
        sw_name, iro_name = fake.name(), fake.name()
        payload = {
            "kind": "placement_start",
            "placing_authority": council.dfe_code,
            "child": {
                "first_name": fake.first_name_female() if sex == "F" else fake.first_name_male(),
                "last_name": fake.last_name(),
                "sex": sex,
                "date_of_birth": born.isoformat(),
                "nhs_number": _nhs_number(rng),
                "local_id": f"{council.dfe_code}-{10000 + index}",
            },
            "legal_status": rng.choice(LEGAL_STATUSES + ["V2", "C2", "C2"]),
            "placement": {
                "type": placement_type,
                "start_date": start.isoformat(),
                "emergency": emergency,
                "carer": carer.name,
                "address": {
                    "line1": fake.street_address(),
                    "town": "Luton",
                    "postcode": f"LU{rng.randint(1, 4)} {rng.randint(1, 9)}{rng.choice('ABDEFGHJ')}"
                    f"{rng.choice('LNPQRSTU')}",
                },
            },
            "social_worker": {
                "name": sw_name,
                "email": f"{sw_name.split()[-1].lower()}@{council.dfe_code}.demo.invalid",
                "phone": f"01632 960 {rng.randint(100, 999)}",
            },
            "iro": {"name": iro_name, "email": f"{iro_name.split()[-1].lower()}.iro@{council.dfe_code}.demo.invalid"},
            "ehc_plan": {"has_plan": False},
        }
        if rng.random() < 0.2:
            payload["ehc_plan"] = {"has_plan": True, "maintaining_authority": council.dfe_code}
        if rng.random() < 0.12 and carer != providers.foster:  # some arrive without the IRO or EHC plan answer
            payload.pop(rng.choice(["iro", "ehc_plan"]))
        notification, _ = services.notification_receive(
            actor=None,
            channel=rng.choice([Notification.Channel.API, Notification.Channel.WEB]),
            payload=payload,
            received_at=received_at,
        )
        if notification.status == Notification.Status.REGISTERED and carer != providers.foster:
            received_first.append((notification, payload))

    # Ended placements, each notified with its reason (never the demo carer's three), leaving every
    # carer at least one child: the ended child's place was taken by the child who is there now.
    placed_with = Counter(payload["placement"]["carer"] for _notification, payload in received_first)
    for _notification, payload in rng.sample(received_first, k=len(received_first) // 4):
        start = date.fromisoformat(payload["placement"]["start_date"])
        end = min(start + timedelta(days=rng.randint(30, 300)), today - timedelta(days=1))
        if end <= start or placed_with[payload["placement"]["carer"]] < 2:
            continue
        placed_with[payload["placement"]["carer"]] -= 1
        ended_received = timezone.make_aware(datetime.combine(end + timedelta(days=rng.randint(0, 15)), time(11)))
        services.notification_receive(
            actor=None,
            channel=Notification.Channel.API,
            payload={
                "kind": "placement_end",
                "placing_authority": payload["placing_authority"],
                "child": payload["child"],
                "placement": {"end_date": end.isoformat(), "end_reason": rng.choice(["E11", "E12", "E4A", "E8"])},
            },
            received_at=min(ended_received, now - timedelta(minutes=rng.randint(10, 180))),
        )
    # An uncertain match waiting for an officer: the same name and birth date, no identifiers, but
    # notified by a different council.
    _notification, payload = received_first[0]
    other = next(c for c in councils if c.dfe_code != payload["placing_authority"])
    twin = {
        **payload,
        "placing_authority": other.dfe_code,
        "child": {**payload["child"], "nhs_number": None, "local_id": None},
    }
    twin["placement"] = {
        **payload["placement"],
        "start_date": (today - timedelta(days=2)).isoformat(),
        "address": {**payload["placement"]["address"], "postcode": "LU2 7AB"},
    }
    services.notification_receive(actor=None, channel=Notification.Channel.WEB, payload=twin)
    if not MatchReview.objects.filter(notification__host_council=host).exists():
        logger.warning("The demo's uncertain match did not need a decision")

    providers.remove_unused()
    _work_dated(host=host, rng=rng, acknowledger=acknowledger)


def _work_dated(*, host, rng, acknowledger) -> None:
    """Routing runs as a notification is received, so the demo's work items, made today, are dated
    minutes after their notification's (past) receipt, with the escalation clock from then. Work
    older than ten days has all been acknowledged, within two days of routing (a team does not
    leave a placed child unacknowledged for months); of the newest, some wait and some are overdue."""
    from safeguard.core.working_days import add_working_hours
    from safeguard.notifications.models import RoutingRule, WorkItem

    now = timezone.now()
    hours = {rule.team_id: rule.escalate_after_working_hours for rule in RoutingRule.objects.filter(host_council=host)}
    items = WorkItem.objects.filter(host_council=host, notification__isnull=False).select_related(
        "notification", "team"
    )
    for item in items.order_by("pk"):
        routed = min(item.notification.received_at + timedelta(minutes=rng.randint(1, 30)), now)
        item.created_at = routed
        item.escalate_at = add_working_hours(routed, hours.get(item.team_id, 16))
        if routed < now - timedelta(days=10) or (routed < now - timedelta(days=1) and rng.random() < 0.4):
            item.status = WorkItem.Status.ACKNOWLEDGED
            item.acknowledged_by = acknowledger
            item.acknowledged_at = min(routed + timedelta(minutes=rng.randint(20, 48 * 60)), now)
            if item.team.kind == "referral_assessment":
                item.case_reference = f"LCS-{rng.randint(100000, 999999)}"
        item.save()


def _demo_photograph(rng: random.Random, size: tuple[int, int]) -> bytes:
    """A generated picture (a figure on a coloured ground), never a photograph of anyone."""
    import io

    from PIL import Image, ImageDraw

    image = Image.new("RGB", size, tuple(rng.randint(150, 230) for _ in range(3)))
    draw = ImageDraw.Draw(image)
    width, height = size
    colour = tuple(rng.randint(30, 120) for _ in range(3))
    draw.ellipse([width * 0.35, height * 0.08, width * 0.65, height * 0.32], fill=colour)
    draw.rectangle([width * 0.3, height * 0.34, width * 0.7, height * 0.9], fill=colour)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG")
    return buffer.getvalue()


def _missing_from_care_load(*, host, foster, missing_child, fake, rng) -> None:
    """Photographs (some out of date), profiles, a child missing now, and a return with its interview due."""
    from safeguard.missing import services as missing
    from safeguard.missing.models import ChildPhotograph

    carer = User.objects.get(email=f"carer@{DEMO_DOMAIN}")
    placed = Child.objects.filter(placements__carer=foster, placements__end_date__isnull=True).distinct()
    # The child who goes missing first, so the police's grab pack has the photographs and profile.
    children = [missing_child, *placed.exclude(pk=missing_child.pk)[:7]]
    for index, child in enumerate(children):
        for kind, size in (("face", (600, 750)), ("full_length", (500, 1000))):
            missing.photograph_upload(
                actor=carer,
                child=child,
                kind=kind,
                data=_demo_photograph(rng, size),
                taken_on=timezone.localdate() - timedelta(days=rng.randint(10, 150)),
            )
        if index % 3 == 2:  # out of date: taken long ago (never the missing child's)
            ChildPhotograph.objects.filter(child=child).update(taken_on=timezone.localdate() - timedelta(days=300))
        missing.missing_profile_save(
            actor=carer,
            child=child,
            answers={
                "physical_description": f"{rng.choice(['Slim', 'Medium', 'Stocky'])} build, "
                f"{rng.choice(['short dark', 'long fair', 'curly brown'])} hair",
                "places_frequented": f"{fake.street_name()}, Luton town centre, the Mall",
                "phones_social_media": f"Mobile 07700 900{rng.randint(100, 999)}",
                "vulnerabilities": "Invented demonstration text.",
            },
        )
    now = timezone.now()
    missing.missing_episode_report(
        actor=carer,
        child=missing_child,
        kind=MissingEpisode.Kind.MISSING,
        last_seen_at=now - timedelta(hours=5),
        last_seen_where="Luton bus station",
        clothing="Grey hoodie, black joggers, white trainers",
        police_reference="BP-DEMO-0001",
        risk_grade="Medium",
    )
    returned = next((c for c in children if c != missing_child), None)
    if returned is not None:
        episode = missing.missing_episode_report(
            actor=carer,
            child=returned,
            kind=MissingEpisode.Kind.AWAY,
            last_seen_at=now - timedelta(hours=30),
            last_seen_where="A friend's house in Bury Park",
        )
        missing.missing_episode_return(
            actor=carer,
            episode=episode,
            returned_at=now - timedelta(hours=20),
            found_where="A friend's house in Bury Park",
        )
    _missing_history_load(host=host, carer=carer, children=children, fake=fake, rng=rng)


def _missing_history_load(*, host, carer, children, fake, rng) -> None:
    """Eighteen months of past episodes (so the figures are lived-in), a child with repeat episodes,
    an overdue return-home interview, and risk assessments (one overdue), all through the services."""
    from safeguard.missing import services as missing
    from safeguard.missing.models import MissingRiskAssessment

    now = timezone.now()
    recorder = User.objects.get(email=f"ra.worker@{DEMO_DOMAIN}")
    placing_sw = User.objects.get(email=f"placing.sw@{DEMO_DOMAIN}")
    sqa = User.objects.get(email=f"sqa.officer@{DEMO_DOMAIN}")
    open_now = set(MissingEpisode.objects.filter(returned_at__isnull=True).values_list("child_id", flat=True))
    today = timezone.localdate()
    # Teenagers (14 to 17 now, so 12 or more at the earliest episode, 540 days ago) placed here for
    # long enough to have gone missing from this placement.
    others = list(
        Child.objects.filter(
            host_council=host,
            placements__end_date__isnull=True,
            placements__start_date__lte=today - timedelta(days=130),
            date_of_birth__lte=today - timedelta(days=14 * 365 + 4),
            date_of_birth__gt=today - timedelta(days=17 * 365 + 4),
        )
        .exclude(pk__in=open_now)
        .annotate(placed_on=Max("placements__start_date"))
        .distinct()
        .order_by("pk")[:40]
    )

    def past_episode(child, days_ago: float, hours: float, interview: str | None):
        episode = missing.missing_episode_report(
            actor=sqa,
            child=child,
            kind=rng.choice([MissingEpisode.Kind.MISSING, MissingEpisode.Kind.AWAY]),
            last_seen_at=now - timedelta(days=days_ago),
            last_seen_where=rng.choice(["Luton bus station", "The Mall, Luton", "Wardown Park", "A friend's house"]),
        )
        returned_at = episode.last_seen_at + timedelta(hours=hours)
        missing.missing_episode_return(actor=sqa, episode=episode, returned_at=returned_at, found_where="Home")
        if interview:
            late = interview == "late"
            missing.return_interview_record(
                actor=recorder,
                interview=episode.return_interview,
                outcome="declined" if interview == "declined" else "done",
                held_at=returned_at + timedelta(hours=rng.randint(90, 120) if late else rng.randint(12, 60)),
                interviewer=fake.name(),
                interviewer_organisation="Luton return-home interview service (demo)",
                independent=True,
                learned="Invented demonstration text.",
            )

    for child in others[:30]:
        placed_days = (today - child.placed_on).days - 2
        for _ in range(rng.randint(1, 3)):
            outcome = rng.choices(["on_time", "late", "declined"], weights=[7, 2, 1])[0]
            past_episode(child, rng.uniform(100, min(540, placed_days)), rng.uniform(2, 40), outcome)
    # Repeat episodes: three in the last two months, the last still awaiting its interview.
    repeat = others[30] if len(others) > 30 else None
    if repeat is not None:
        past_episode(repeat, 55, 6, "on_time")
        past_episode(repeat, 25, 12, "late")
        past_episode(repeat, 4, 8, None)  # its interview is overdue now
    # Risk assessments and action plans from the placing council; one of the demo placing council's
    # past its review date, so its social worker's home page lists it.
    overdue = next((c for c in children if c.placing_authority_id == placing_sw.organisation_id), None)
    for child in children:
        writer = placing_sw if child.placing_authority_id == placing_sw.organisation_id else sqa
        written_days_ago = 102 if child == overdue else rng.randint(3, 60)
        assessment = missing.missing_risk_assessment_save(
            actor=writer,
            child=child,
            answers={
                "risk_factors": "Invented demonstration text: older associates, late nights in the town centre.",
                "triggers": "Contact with family; arguments about phone use.",
                "agreed_actions": "Ring the child's phone and friends; after an hour, report to the police on 101.",
                "who_to_tell": "The placing social worker, then the emergency duty team out of hours.",
            },
            review_on=today + timedelta(days=30),
        )
        # Written some weeks ago, for review three months on; the overdue one 12 days past its date.
        MissingRiskAssessment.objects.filter(pk=assessment.pk).update(
            written_at=now - timedelta(days=written_days_ago), review_on=today + timedelta(days=90 - written_days_ago)
        )


def _exploitation_load(*, host, foster, missing_child, placing) -> None:
    """Exploitation concerns through the services: open, reviewed and closed; CSE, CCE (county lines),
    radicalisation; some linked to the children's missing episodes. All invented."""
    from django.db.models import Count

    from safeguard.exploitation import services as exploitation

    carer = User.objects.get(email=f"carer@{DEMO_DOMAIN}")
    placing_sw = User.objects.get(email=f"placing.sw@{DEMO_DOMAIN}")
    sqa = User.objects.get(email=f"sqa.officer@{DEMO_DOMAIN}")
    duty = User.objects.get(email=f"ra.duty@{DEMO_DOMAIN}")
    today = timezone.localdate()
    with_carer = list(
        Child.objects.filter(host_council=host, placements__carer=foster, placements__end_date__isnull=True)
        .exclude(pk=missing_child.pk)
        .distinct()
        .annotate(episodes=Count("missing_episodes", distinct=True))
        .order_by("-episodes", "pk")[:3]
    )
    # Teenagers (13 to 17) placed here for two months or more.
    elsewhere = list(
        Child.objects.filter(
            host_council=host,
            placing_authority=placing,
            placements__end_date__isnull=True,
            placements__start_date__lte=today - timedelta(days=60),
            date_of_birth__lte=today - timedelta(days=13 * 365 + 4),
            date_of_birth__gt=today - timedelta(days=17 * 365 + 4),
        )
        .exclude(pk__in=[missing_child.pk, *(c.pk for c in with_carer)])
        .distinct()
        .order_by("pk")[:2]
    )
    # Open: county lines, linked to the episode of the child missing now (the police see it while missing).
    exploitation.exploitation_concern_raise(
        actor=carer,
        child=missing_child,
        categories=["cce"],
        indicators=["going_missing", "multiple_phones", "county_lines_travel", "unexplained_money"],
        what_happened="Invented demonstration text: came back from two nights away with a second phone, "
        "£200 in cash and a coach ticket from Northampton. Would not say where they had been.",
        noticed_on=today - timedelta(days=2),
        police="new",
        missing_episodes=list(missing_child.missing_episodes.all()),
    )
    if with_carer:
        returned = with_carer[0]
        # Reviewed: sexual exploitation, linked to the return recorded in the missing-from-care demo.
        concern = exploitation.exploitation_concern_raise(
            actor=carer,
            child=returned,
            categories=["cse"],
            indicators=["older_partner", "unexplained_money", "online_grooming"],
            what_happened="Invented demonstration text: talks about an older boyfriend met online who buys "
            "clothes and a phone; was collected from the end of the road by a car late at night.",
            noticed_on=today - timedelta(days=9),
            source_name="Invented teacher",
            source_role="Designated safeguarding lead at the child's school",
            police="none",
            missing_episodes=list(returned.missing_episodes.all()),
        )
        exploitation.exploitation_concern_review(
            actor=duty,
            concern=concern,
            decisions=["strategy_discussion", "mace_panel"],
            next_steps="Strategy discussion with the police and the placing council on Thursday; "
            "referral to the MACE panel; placing council to update the safety plan.",
        )
    if elsewhere:
        # Closed: radicalisation, raised by the placing social worker; Prevent referral made.
        concern = exploitation.exploitation_concern_raise(
            actor=placing_sw,
            child=elsewhere[0],
            categories=["radicalisation"],
            indicators=["extremist_material", "extremist_contacts"],
            what_happened="Invented demonstration text: school saw extremist videos shared in a group chat.",
            noticed_on=today - timedelta(days=40),
            police="existing",
            police_reference="BP-DEMO-0420",
        )
        exploitation.exploitation_concern_review(
            actor=duty,
            concern=concern,
            decisions=["prevent_channel"],
            next_steps="Prevent referral made; Channel panel accepted the referral.",
        )
        exploitation.exploitation_concern_close(
            actor=duty, concern=concern, closing_note="Channel support in place; no exploitation concern remains."
        )
    if len(elsewhere) > 1:
        # Open: criminal and sexual exploitation together, raised by an SQA officer.
        exploitation.exploitation_concern_raise(
            actor=sqa,
            child=elsewhere[1],
            categories=["cce", "cse"],
            indicators=["new_associates", "drug_possession", "parties_hotels"],
            what_happened="Invented demonstration text: the police found the child at a house party in "
            "another town with cannabis and older adults.",
            noticed_on=today - timedelta(days=1),
            police="existing",
        )
