"""The demo's register, notified through the same services as real notifications (composed by home.demo).

Every child here is invented (Faker, en_GB, fixed seed): 260 placements from councils near Luton, a
quarter of them ended with a reason, an uncertain match waiting for an officer, and the teams' work
dated as it would have been done.
"""

import logging
import random
from collections import Counter
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from safeguard.accounts.demo import PLACING_COUNCILS, DemoWorld
from safeguard.accounts.models import Organisation
from safeguard.core.audit import DEMO_LOADER
from safeguard.core.working_days import add_working_hours

from . import services
from .models import MatchReview, Notification, RoutingRule, WorkItem

logger = logging.getLogger(__name__)
PLACING_COUNCILS_ALL = PLACING_COUNCILS + ["825", "873", "850", "316", "202", "380", "935", "881"]
LEGAL_STATUSES = ["C2", "C1", "V2", "E1"]
# SSDA903 placement types by the kind of carer or provider: foster care (long-term, short-term, with
# family or friends), a children's home, and supported accommodation for 16 and 17-year-olds.
FOSTER_PLACEMENT_TYPES = ["U4", "U6", "U4", "U6", "U1", "U3"]
CHILDRENS_HOME_PLACEMENT_TYPE = "K2"
SUPPORTED_PLACEMENT_TYPES = ["H5", "K3"]
# Looked-after children by age (roughly the national picture): few babies, most of them teenagers.
AGE_BANDS = [((1, 4), 14), ((5, 9), 17), ((10, 15), 40), ((16, 17), 29)]
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
        # The demo carer's foster family is kept for its three teenagers (see register_demo_load).
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


def register_demo_load(world: DemoWorld) -> None:
    """A lived-in register, notified through the same service as real notifications.

    Every date is in the past and in order: a notification is received before or after the placement
    starts but never after today, the host's teams are given the work minutes after it is received,
    and most of it was acknowledged within two days.
    """
    host, placing, fake, rng = world.host, world.placing, world.fake, world.rng
    providers = _Providers(host=host, fake=fake, rng=rng, foster=world.foster, home=world.home)
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
            actor=DEMO_LOADER,
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
            actor=DEMO_LOADER,
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
    services.notification_receive(actor=DEMO_LOADER, channel=Notification.Channel.WEB, payload=twin)
    if not MatchReview.objects.filter(notification__host_council=host).exists():
        logger.warning("The demo's uncertain match did not need a decision")

    providers.remove_unused()
    _work_dated(host=host, rng=rng, acknowledger=world.person("ra.worker"))
    _work_owned(host=host, rng=rng, world=world)


def _work_owned(*, host, rng, world: DemoWorld) -> None:
    """Some of the open work has an owner: the R&A duty manager has given some to the R&A worker, the
    Virtual School officer has taken some; overdue work has been escalated to the team's manager (the
    timed rule, as it would have run at the due-by time)."""
    now = timezone.now()
    manager, worker, school = world.person("ra.duty"), world.person("ra.worker"), world.person("virtual.school")
    for item in WorkItem.objects.filter(host_council=host, status=WorkItem.Status.OPEN).select_related("team"):
        if item.escalate_at < now and item.team.manager_email:
            item.escalated_at = item.escalate_at + timedelta(minutes=rng.randint(1, 14))
            item.escalated_to = item.team.manager_email
        if item.team_id == worker.team_id and rng.random() < 0.5:
            item.owner, item.assigned_by = worker, manager
        elif item.team_id == school.team_id and rng.random() < 0.4:
            item.owner, item.assigned_by = school, school
        if item.owner_id:
            item.assigned_at = min(item.created_at + timedelta(minutes=rng.randint(15, 240)), now)
        item.save()


def _work_dated(*, host, rng, acknowledger) -> None:
    """Routing runs as a notification is received, so the demo's work items, made today, are dated
    minutes after their notification's (past) receipt, with the escalation clock from then. Work
    older than ten days has all been acknowledged, within two days of routing (a team does not
    leave a placed child unacknowledged for months); of the newest, some wait and some are overdue."""
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
