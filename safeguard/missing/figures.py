"""Patterns in missing episodes (reads only): per month, per placing council, repeat episodes,
return-home interview timeliness, and the SSDA903 Missing table.

Years are SSDA903 collection years, 1 April to 31 March, named by the year they start in.
The year's figures are added up from the figures kept per day (`summary`, docs/adr/0031), so the
page costs the same at 200,000 episodes.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from .models import MissingEpisode, MissingFigureDay, MissingFigureYear, ReturnHomeInterview
from .selectors import open_episodes, repeat_missing_since
from .summary import collection_year_of as collection_year_of
from .summary import day_start


def collection_year_bounds(year: int) -> tuple[datetime, datetime]:
    zone = timezone.get_current_timezone()
    return (
        timezone.make_aware(datetime.combine(date(year, 4, 1), time.min), zone),
        timezone.make_aware(datetime.combine(date(year + 1, 4, 1), time.min), zone),
    )


def collection_year_label(year: int) -> str:
    return f"1 April {year} to 31 March {year + 1}"


def episodes_in_year(children: QuerySet, year: int) -> QuerySet[MissingEpisode]:
    """Episodes that started in the collection year (SSDA903: MIS_START in the year)."""
    start, end = collection_year_bounds(year)
    return MissingEpisode.objects.filter(child__in=children, last_seen_at__gte=start, last_seen_at__lt=end)


@dataclass
class CouncilRow:
    placing_authority_id: int
    name: str
    dfe_code: str
    episodes: int
    missing: int
    away: int
    children: int
    interviews_recorded: int = 0
    interviews_on_time: int = 0

    @property
    def timeliness(self) -> int | None:
        return round(100 * self.interviews_on_time / self.interviews_recorded) if self.interviews_recorded else None


def missing_figures(children: QuerySet, year: int, *, scope: Q) -> dict:
    """The dashboard's figures for the children the person may see (`children`; `scope`, the same
    children as rows of the kept figures: `selectors.figures_scope`).

    Added up from the figures kept per day (`summary`, docs/adr/0031): at most a year of days per
    placing council, whatever the number of episodes. Only what is open or overdue now is counted
    from the episodes and interviews themselves, by their indexes.
    """
    first, last = date(year, 4, 1), date(year + 1, 4, 1)
    cells = (
        MissingFigureDay.objects.filter(scope, day__gte=first, day__lt=last, episodes__gt=0)
        .values("placing_authority", "placing_authority__name", "placing_authority__dfe_code", month=TruncMonth("day"))
        .annotate(
            episodes=Sum("episodes"),
            missing=Sum("missing"),
            away=Sum("away"),
            recorded=Sum("interviews_recorded"),
            on_time=Sum("interviews_on_time"),
        )
        .order_by()
    )
    months: dict[date, dict] = {}
    councils: dict[int, CouncilRow] = {}
    for cell in cells:
        month = cell["month"]
        month = timezone.localtime(month).date() if isinstance(month, datetime) else month
        total = months.setdefault(month, {"episodes": 0, "missing": 0, "away": 0})
        council = councils.setdefault(
            cell["placing_authority"],
            CouncilRow(
                cell["placing_authority"],
                cell["placing_authority__name"],
                cell["placing_authority__dfe_code"] or "",
                0,
                0,
                0,
                0,
            ),
        )
        for key in ("episodes", "missing", "away"):
            total[key] += cell[key]
            setattr(council, key, getattr(council, key) + cell[key])
        council.interviews_recorded += cell["recorded"]
        council.interviews_on_time += cell["on_time"]
    # A child has one placing council, so the children of all councils add up.
    for placing_authority, count in MissingFigureYear.objects.filter(scope, year=year).values_list(
        "placing_authority", "children"
    ):
        if placing_authority in councils:
            councils[placing_authority].children = count
    by_month = []
    for offset in range(12):
        month = date(year + (3 + offset) // 12, (3 + offset) % 12 + 1, 1)
        by_month.append({"month": month, **months.get(month, {"episodes": 0, "missing": 0, "away": 0})})
    recorded_total = sum(c.interviews_recorded for c in councils.values())
    on_time_total = sum(c.interviews_on_time for c in councils.values())
    return {
        "totals": {
            "episodes": sum(c.episodes for c in councils.values()),
            "missing": sum(c.missing for c in councils.values()),
            "away": sum(c.away for c in councils.values()),
            "children": sum(c.children for c in councils.values()),
        },
        "by_month": by_month,
        "busiest_month": max((m["episodes"] for m in by_month), default=0),
        "by_council": sorted(councils.values(), key=lambda c: (-c.episodes, c.name)),
        "timeliness": round(100 * on_time_total / recorded_total) if recorded_total else None,
        "interviews_recorded": recorded_total,
        "open_now": open_episodes().filter(child__in=children).count(),
        "overdue_interviews": interviews_overdue_count(children, scope=scope),
    }


def interviews_overdue_count(children: QuerySet, *, scope: Q, now: datetime | None = None) -> int:
    """Interviews still due whose 72 hours have passed: those due before today from the kept figures,
    and today's from the interviews themselves (`rhi_queue_idx`)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    before_today = MissingFigureDay.objects.filter(scope, day__lt=today).aggregate(n=Sum("due_open"))["n"] or 0
    return (
        before_today
        + ReturnHomeInterview.objects.filter(
            episode__child__in=children,
            outcome=ReturnHomeInterview.Outcome.DUE,
            due_at__gte=day_start(today),
            due_at__lt=now,
        ).count()
    )


def interviews_due_count(*, scope: Q) -> int:
    """Every interview still due (the queue's length), from the kept figures."""
    return MissingFigureDay.objects.filter(scope, due_open__gt=0).aggregate(n=Sum("due_open"))["n"] or 0


def interview_timeliness_last_year(interviews: QuerySet, *, scope: Q, now: datetime | None = None) -> int | None:
    """Per cent of the recorded interviews due from 365 days ago on (the queue's "last 12 months") that
    were on time: whole days from the kept figures, the first day's part from the interviews."""
    now = now or timezone.now()
    since = now - timedelta(days=365)
    next_day = timezone.localdate(since) + timedelta(days=1)
    kept = MissingFigureDay.objects.filter(scope, day__gte=next_day).aggregate(
        recorded=Sum("due_recorded"), on_time=Sum("due_on_time")
    )
    part = (
        interviews.filter(due_at__gte=since, due_at__lt=day_start(next_day))
        .exclude(outcome=ReturnHomeInterview.Outcome.DUE)
        .aggregate(recorded=Count("pk"), on_time=Count("pk", filter=Q(held_at__lte=F("due_at"))))
    )
    recorded = (kept["recorded"] or 0) + part["recorded"]
    on_time = (kept["on_time"] or 0) + part["on_time"]
    return round(100 * on_time / recorded) if recorded else None


def repeat_missing_children(children: QuerySet, *, now: datetime | None = None, limit: int = 100) -> list[dict]:
    """Children who reach the repeat threshold now (default 3 episodes in 90 days), most episodes first.

    One query: the last 90 days' episodes of every child grouped from `episode_seen_child_idx` alone
    (no join with the children, whose hash would cost more than the count) give the children at the
    threshold; only those are read, within `children`, each counted again by `episode_child_seen_idx`.
    """
    recent = MissingEpisode.objects.filter(last_seen_at__gte=repeat_missing_since(now)).order_by()
    at_threshold = (
        recent.values("child").annotate(n=Count("*")).filter(n__gte=settings.MISSING_REPEAT_EPISODES).values("child")
    )
    per_child = recent.filter(child=OuterRef("pk")).values("child").annotate(n=Count("pk")).values("n")
    rows = (
        children.filter(pk__in=at_threshold)
        .annotate(episodes=Subquery(per_child))
        .order_by("-episodes", "last_name", "first_name")
        .values_list("pk", "first_name", "last_name", "placing_authority__name", "episodes")[:limit]
    )
    return [
        {"pk": pk, "name": f"{first} {last}", "placing_authority": placing, "episodes": episodes}
        for pk, first, last, placing, episodes in rows
    ]


SSDA903_MISSING_COLUMNS = ["CHILD", "DOB", "MISSING", "MIS_START", "MIS_END"]


def ssda903_missing_rows(children: QuerySet, placing_authority, year: int):
    """The SSDA903 Missing table for one placing council's children: dates DD/MM/YYYY, MIS_END blank while open."""
    episodes = (
        episodes_in_year(children.filter(placing_authority=placing_authority), year)
        .select_related("child")
        .order_by("child__local_id", "child_id", "last_seen_at")
    )
    for episode in episodes.iterator(chunk_size=2000):
        yield [
            episode.child.local_id or f"SG{episode.child_id}",
            f"{episode.child.date_of_birth:%d/%m/%Y}",
            episode.kind,
            f"{timezone.localtime(episode.last_seen_at):%d/%m/%Y}",
            f"{timezone.localtime(episode.returned_at):%d/%m/%Y}" if episode.returned_at else "",
        ]
