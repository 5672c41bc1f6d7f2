"""Patterns in missing episodes (reads only): per month, per placing council, repeat episodes,
return-home interview timeliness, and the SSDA903 Missing table.

Years are SSDA903 collection years, 1 April to 31 March, named by the year they start in.
Every figure is an aggregate in the database, so the page costs the same at 200,000 episodes.
"""

from dataclasses import dataclass
from datetime import date, datetime, time

from django.conf import settings
from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone

from .models import MissingEpisode, ReturnHomeInterview
from .selectors import open_episodes, repeat_missing_since


def collection_year_of(day: date) -> int:
    return day.year if day.month >= 4 else day.year - 1


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


def missing_figures(children: QuerySet, year: int) -> dict:
    """The dashboard's figures for the children the person may see.

    Two grouped queries over the year's episodes (per month and placing council, with their
    return-home interviews; and distinct children per council), whatever the number of episodes.
    """
    episodes = episodes_in_year(children, year)
    recorded = ~Q(return_interview__outcome=ReturnHomeInterview.Outcome.DUE) & Q(return_interview__isnull=False)
    cells = (
        episodes.annotate(month=TruncMonth("last_seen_at"))
        .values("month", "child__placing_authority")
        .annotate(
            episodes=Count("pk"),
            missing=Count("pk", filter=Q(kind=MissingEpisode.Kind.MISSING)),
            away=Count("pk", filter=Q(kind=MissingEpisode.Kind.AWAY)),
            recorded=Count("pk", filter=recorded),
            on_time=Count("pk", filter=recorded & Q(return_interview__held_at__lte=F("return_interview__due_at"))),
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
            cell["child__placing_authority"],
            CouncilRow(cell["child__placing_authority"], "", "", 0, 0, 0, 0),
        )
        for key in ("episodes", "missing", "away"):
            total[key] += cell[key]
            setattr(council, key, getattr(council, key) + cell[key])
        council.interviews_recorded += cell["recorded"]
        council.interviews_on_time += cell["on_time"]
    # A child has one placing council, so the children of all councils add up.
    for row in (
        episodes.values(
            "child__placing_authority", "child__placing_authority__name", "child__placing_authority__dfe_code"
        )
        .annotate(children=Count("child", distinct=True))
        .order_by()
    ):
        council = councils[row["child__placing_authority"]]
        council.name, council.dfe_code = (
            row["child__placing_authority__name"],
            row["child__placing_authority__dfe_code"] or "",
        )
        council.children = row["children"]
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
        "overdue_interviews": ReturnHomeInterview.objects.filter(
            episode__child__in=children, outcome=ReturnHomeInterview.Outcome.DUE, due_at__lt=timezone.now()
        ).count(),
    }


def repeat_missing_children(children: QuerySet, *, now: datetime | None = None, limit: int = 100) -> list[dict]:
    """Children who reach the repeat threshold now (default 3 episodes in 90 days), most episodes first."""
    rows = (
        MissingEpisode.objects.filter(child__in=children, last_seen_at__gte=repeat_missing_since(now))
        .values("child", "child__first_name", "child__last_name", "child__placing_authority__name")
        .annotate(episodes=Count("pk"))
        .filter(episodes__gte=settings.MISSING_REPEAT_EPISODES)
        .order_by("-episodes", "child__last_name", "child__first_name")[:limit]
    )
    return [
        {
            "pk": row["child"],
            "name": f"{row['child__first_name']} {row['child__last_name']}",
            "placing_authority": row["child__placing_authority__name"],
            "episodes": row["episodes"],
        }
        for row in rows
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
