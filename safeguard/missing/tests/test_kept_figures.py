"""The figures kept per day (docs/adr/0031) give exactly what a plain count of the episodes gives."""

import random
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import time_machine
from django.db.models import Count, F, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone

from safeguard.missing import figures, selectors
from safeguard.missing.models import MissingEpisode, MissingFigureDay, MissingFigureYear, ReturnHomeInterview
from safeguard.missing.summary import figures_rebuild
from safeguard.register.models import Child
from safeguard.register.selectors import children_visible_to

LONDON = ZoneInfo("Europe/London")
DUE = ReturnHomeInterview.Outcome.DUE


def _counted(children, year: int) -> dict:
    """The dashboard's figures by plain counts of the episodes (as before the kept figures)."""
    episodes = figures.episodes_in_year(children, year)
    recorded = ~Q(return_interview__outcome=DUE) & Q(return_interview__isnull=False)
    months, councils = {}, {}
    for cell in (
        episodes.annotate(month=TruncMonth("last_seen_at"))
        .values("month", "child__placing_authority")
        .annotate(
            episodes=Count("pk"),
            missing=Count("pk", filter=Q(kind="M")),
            away=Count("pk", filter=Q(kind="A")),
            recorded=Count("pk", filter=recorded),
            on_time=Count("pk", filter=recorded & Q(return_interview__held_at__lte=F("return_interview__due_at"))),
        )
        .order_by()
    ):
        month = timezone.localtime(cell["month"]).date()
        total = months.setdefault(month, [0, 0, 0])
        council = councils.setdefault(cell["child__placing_authority"], [0, 0, 0, 0, 0, 0])
        for i, key in enumerate(("episodes", "missing", "away")):
            total[i] += cell[key]
            council[i] += cell[key]
        council[3] += cell["recorded"]
        council[4] += cell["on_time"]
    for row in episodes.values("child__placing_authority").annotate(n=Count("child", distinct=True)).order_by():
        councils[row["child__placing_authority"]][5] = row["n"]
    overdue = ReturnHomeInterview.objects.filter(
        episode__child__in=children, outcome=DUE, due_at__lt=timezone.now()
    ).count()
    return {"months": months, "councils": councils, "overdue": overdue}


def _kept(children, year: int, scope) -> dict:
    shown = figures.missing_figures(children, year, scope=scope)
    months = {m["month"]: [m["episodes"], m["missing"], m["away"]] for m in shown["by_month"] if m["episodes"]}
    councils = {
        c.placing_authority_id: [c.episodes, c.missing, c.away, c.interviews_recorded, c.interviews_on_time, c.children]
        for c in shown["by_council"]
    }
    return {"months": months, "councils": councils, "overdue": shown["overdue_interviews"]}


def _queue_counted(interviews, now):
    due = interviews.filter(outcome=DUE).count()
    figures_ = (
        interviews.filter(due_at__gte=now - timedelta(days=365))
        .exclude(outcome=DUE)
        .aggregate(recorded=Count("pk"), on_time=Count("pk", filter=Q(held_at__lte=F("due_at"))))
    )
    timeliness = round(100 * figures_["on_time"] / figures_["recorded"]) if figures_["recorded"] else None
    return due, timeliness


def _a_small_world(world):
    """Forty episodes of the world's children over two and a half years, each ended, interviews of
    every outcome (late, on time, still due), at times near midnight and the year's turn."""
    rng = random.Random(7)
    children = list(Child.objects.order_by("pk"))
    now = timezone.now()
    for n in range(40):
        child = children[n % len(children)]
        start = now - timedelta(days=rng.uniform(2, 900), hours=rng.choice([0, 1, 23.5]))
        if MissingEpisode.objects.filter(child=child, returned_at__isnull=True).exists():
            continue
        episode = MissingEpisode.objects.create(
            child=child,
            kind=rng.choice("MA"),
            last_seen_at=start,
            returned_at=start + timedelta(hours=rng.uniform(1, 30)),
        )
        interview = ReturnHomeInterview.objects.create(
            episode=episode, due_at=episode.returned_at + timedelta(hours=72)
        )
        outcome = rng.choice(["done", "declined", "due"])
        if outcome != "due":
            interview.outcome = outcome
            interview.held_at = episode.returned_at + timedelta(hours=rng.uniform(4, 100))
            interview.save()


def test_the_kept_figures_equal_a_plain_count_for_host_staff_and_a_placing_council(
    sqa_officer, placing_social_worker, world
):
    with time_machine.travel(datetime(2026, 11, 22, 12, 0, tzinfo=LONDON), tick=False):
        _a_small_world(world)
        # A change and a removal after the event are followed too.
        interview = ReturnHomeInterview.objects.filter(outcome=DUE).first()
        interview.outcome, interview.held_at = "done", interview.due_at - timedelta(hours=1)
        interview.save()
        MissingEpisode.objects.filter(returned_at__isnull=False).order_by("pk").last().delete()
        now = timezone.now()
        for user in (sqa_officer, placing_social_worker):
            children, scope = children_visible_to(user), selectors.figures_scope(user)
            assert children.exists()
            for year in (2024, 2025, 2026):
                assert _kept(children, year, scope) == _counted(children, year), (user.role, year)
            interviews = selectors.return_interviews_visible_to(user)
            assert (
                figures.interviews_due_count(scope=scope),
                figures.interview_timeliness_last_year(interviews, scope=scope, now=now),
            ) == _queue_counted(interviews, now)


def test_a_rebuild_gives_the_figures_the_writes_kept(world):
    with time_machine.travel(datetime(2026, 11, 22, 12, 0, tzinfo=LONDON), tick=False):
        _a_small_world(world)
        columns = [f.name for f in MissingFigureDay._meta.fields if f.name != "id"]
        kept = sorted(MissingFigureDay.objects.values_list(*columns))
        years = sorted(MissingFigureYear.objects.values_list("host_council", "placing_authority", "year", "children"))
        assert kept and years
        figures_rebuild()
        assert sorted(MissingFigureDay.objects.values_list(*columns)) == kept
        assert (
            sorted(MissingFigureYear.objects.values_list("host_council", "placing_authority", "year", "children"))
            == years
        )


def test_an_interview_due_today_is_overdue_once_its_time_has_passed(sqa_officer, world):
    with time_machine.travel(datetime(2026, 11, 22, 12, 0, tzinfo=LONDON), tick=False):
        start = timezone.now() - timedelta(hours=80)
        episode = MissingEpisode.objects.create(
            child=world.child, kind="M", last_seen_at=start, returned_at=start + timedelta(hours=5)
        )
        ReturnHomeInterview.objects.create(episode=episode, due_at=timezone.now() - timedelta(hours=3))
        children, scope = children_visible_to(sqa_officer), selectors.figures_scope(sqa_officer)
        assert figures.interviews_overdue_count(children, scope=scope) == _counted(children, 2026)["overdue"] >= 1
    assert date(2026, 11, 22) in set(MissingFigureDay.objects.values_list("day", flat=True))


def test_the_repeat_list_is_the_grouped_count_of_the_people_in_scope(sqa_officer, placing_social_worker, world):
    with time_machine.travel(datetime(2026, 11, 22, 12, 0, tzinfo=LONDON), tick=False):
        now = timezone.now()
        for child in Child.objects.order_by("pk"):
            for days in (5, 20, 40, 60):
                MissingEpisode.objects.create(
                    child=child,
                    kind="M",
                    last_seen_at=now - timedelta(days=days + child.pk % 3),
                    returned_at=now - timedelta(days=days - 1),
                )
        for user in (sqa_officer, placing_social_worker):
            children = children_visible_to(user)
            plain = [
                {
                    "pk": row["child"],
                    "name": f"{row['child__first_name']} {row['child__last_name']}",
                    "placing_authority": row["child__placing_authority__name"],
                    "episodes": row["episodes"],
                }
                for row in MissingEpisode.objects.filter(child__in=children, last_seen_at__gte=now - timedelta(days=90))
                .values("child", "child__first_name", "child__last_name", "child__placing_authority__name")
                .annotate(episodes=Count("pk"))
                .filter(episodes__gte=3)
                .order_by("-episodes", "child__last_name", "child__first_name")
            ]
            assert plain and figures.repeat_missing_children(children, now=now) == plain
            assert figures.repeat_missing_children(children, now=now, limit=1) == plain[:1]
