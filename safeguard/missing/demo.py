"""The demo's missing from care: photographs (some out of date), profiles, a child missing now, a return
with its interview due, eighteen months of past episodes and risk assessments, all through the services
(composed by home.demo). Every picture is generated, never a photograph of anyone."""

import io
import random
from datetime import timedelta

from django.core.files.base import ContentFile
from django.db.models import Exists, Max, OuterRef
from django.utils import timezone
from PIL import Image, ImageDraw

from safeguard.accounts.demo import DemoWorld
from safeguard.register.models import Child, Placement

from . import services
from .models import ChildPhotograph, MissingEpisode, MissingRiskAssessment
from .photos import photo_process


def _demo_photograph(rng: random.Random, size: tuple[int, int]) -> bytes:
    """A generated picture (a figure on a coloured ground), never a photograph of anyone."""
    image = Image.new("RGB", size, tuple(rng.randint(150, 230) for _ in range(3)))
    draw = ImageDraw.Draw(image)
    width, height = size
    colour = tuple(rng.randint(30, 120) for _ in range(3))
    draw.ellipse([width * 0.35, height * 0.08, width * 0.65, height * 0.32], fill=colour)
    draw.rectangle([width * 0.3, height * 0.34, width * 0.7, height * 0.9], fill=colour)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG")
    return buffer.getvalue()


def missing_demo_load(world: DemoWorld, *, missing_child: Child) -> None:
    """Photographs (some out of date), profiles, a child missing now, and a return with its interview due."""
    foster, fake, rng = world.foster, world.fake, world.rng
    carer = world.person("carer")
    placed = Child.objects.filter(placements__carer=foster, placements__end_date__isnull=True).distinct()
    # The child who goes missing first, so the police's grab pack has the photographs and profile.
    children = [missing_child, *placed.exclude(pk=missing_child.pk)[:7]]
    for index, child in enumerate(children):
        for kind, size in (("face", (600, 750)), ("full_length", (500, 1000))):
            services.photograph_upload(
                actor=carer,
                child=child,
                kind=kind,
                data=_demo_photograph(rng, size),
                taken_on=timezone.localdate() - timedelta(days=rng.randint(10, 150)),
            )
        if index % 3 == 2:  # out of date: taken long ago (never the missing child's)
            ChildPhotograph.objects.filter(child=child).update(taken_on=timezone.localdate() - timedelta(days=300))
        services.missing_profile_save(
            actor=carer,
            child=child,
            answers={
                "height": f"1.{rng.randint(40, 75)} m",
                "build": rng.choice(["Slim", "Medium", "Stocky"]),
                "hair": rng.choice(["Short, dark", "Long, fair", "Curly, brown"]),
                "eyes": rng.choice(["Brown", "Blue", "Green; wears glasses"]),
                "languages": rng.choice(["English", "English and Polish", "English and Urdu"]),
                "usual_clothing": rng.choice(["Black puffer jacket, white trainers", "Grey hoodie, joggers"]),
                "money_transport": "Bus pass; no bank card",
                "medical_needs": rng.choice(["None known", "Asthma: blue inhaler"]),
                "physical_description": "Invented demonstration text.",
                "places_frequented": f"{fake.street_name()}, Luton town centre, the Mall",
                "phones_social_media": f"Mobile 07700 900{rng.randint(100, 999)}",
                "vulnerabilities": "Invented demonstration text.",
            },
        )
    now = timezone.now()
    missing_now = services.missing_episode_report(
        actor=carer,
        child=missing_child,
        kind=MissingEpisode.Kind.MISSING,
        last_seen_at=now - timedelta(hours=5),
        last_seen_where="Luton bus station",
        clothing="Grey hoodie, black joggers, white trainers",
        police_reference="BP-DEMO-0001",
        risk_grade="Medium",
    )
    # The grab pack prints the placing council's out-of-hours number (an Ofcom drama number, invented).
    placing = missing_child.placing_authority
    if not placing.out_of_hours_phone:
        placing.out_of_hours_phone = "01632 960444"
        placing.save(update_fields=["out_of_hours_phone"])
    # The police have graded the risk higher than the carer did, and have a sighting.
    police = world.person("police")
    services.missing_episode_police_update(
        actor=police, episode=missing_now, risk_grade="High", police_reference="BP-DEMO-0001"
    )
    services.missing_sighting_record(
        actor=police,
        episode=missing_now,
        seen_at=now - timedelta(hours=2, minutes=20),
        seen_where="Dunstable Road, near the Bury Park shops",
        seen_by="A bus driver (route 31), who called 101",
        what="Alone, heading towards the town centre; same clothing as reported",
    )
    returned = next((c for c in children if c != missing_child), None)
    if returned is not None:
        episode = services.missing_episode_report(
            actor=carer,
            child=returned,
            kind=MissingEpisode.Kind.AWAY,
            last_seen_at=now - timedelta(hours=30),
            last_seen_where="A friend's house in Bury Park",
        )
        services.missing_episode_return(
            actor=carer,
            episode=episode,
            returned_at=now - timedelta(hours=20),
            found_where="A friend's house in Bury Park",
        )
    _missing_history_load(world, children=children)


def _missing_history_load(world: DemoWorld, *, children: list[Child]) -> None:
    """Eighteen months of past episodes (so the figures are lived-in), a child with repeat episodes,
    an overdue return-home interview, and risk assessments (one overdue), all through the services."""
    host, fake, rng = world.host, world.fake, world.rng
    now = timezone.now()
    recorder = world.person("ra.worker")
    placing_sw = world.person("placing.sw")
    sqa = world.person("sqa.officer")
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
        episode = services.missing_episode_report(
            actor=sqa,
            child=child,
            kind=rng.choice([MissingEpisode.Kind.MISSING, MissingEpisode.Kind.AWAY]),
            last_seen_at=now - timedelta(days=days_ago),
            last_seen_where=rng.choice(["Luton bus station", "The Mall, Luton", "Wardown Park", "A friend's house"]),
        )
        returned_at = episode.last_seen_at + timedelta(hours=hours)
        services.missing_episode_return(actor=sqa, episode=episode, returned_at=returned_at, found_where="Home")
        if interview:
            late = interview == "late"
            services.return_interview_record(
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
        assessment = services.missing_risk_assessment_save(
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


def photographs_review_demo_load(world: DemoWorld) -> int:
    """Photographs of up to three children whose placements here ended over a year ago, kept by their
    former carer: past the schedule's period, so the records review puts them on SQA's review list."""
    open_placement = Placement.objects.filter(child=OuterRef("pk"), end_date__isnull=True)
    former = (
        Child.objects.filter(host_council=world.host, photographs__isnull=True)
        .annotate(last_end=Max("placements__end_date"), placed=Exists(open_placement))
        .filter(placed=False, last_end__lte=timezone.localdate() - timedelta(days=400))
        .order_by("pk")[:3]
    )
    for child in former:
        processed = photo_process(_demo_photograph(world.rng, (600, 750)))
        photo = ChildPhotograph(
            child=child,
            kind=ChildPhotograph.Kind.FACE,
            width=processed.width,
            height=processed.height,
            sha256=processed.sha256,
            taken_on=child.last_end - timedelta(days=90),
        )
        photo.image.save(f"{processed.sha256[:32]}.jpg", ContentFile(processed.image), save=False)
        photo.thumbnail.save(f"{processed.sha256[:32]}-thumb.jpg", ContentFile(processed.thumbnail), save=False)
        photo.save()
    return len(former)
