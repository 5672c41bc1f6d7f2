"""The missing figures kept per day (docs/adr/0031): `MissingFigureDay` and `MissingFigureYear`.

Whenever an episode or a return-home interview is saved or deleted (post_save, post_delete), the
days and collection years it counts in are worked out again from the episodes and interviews
themselves, for the child's host council and placing council, under a lock on that pair (so two
writers never keep each other's stale count). A day's figure is a small grouped count; the pages
then add up at most a year of days. What the signals do not see (bulk_create, update(), raw SQL: the
benchmark's fill, a data repair) is put right by `manage.py missing_figures_rebuild`.

A child's host council and placing council are set when they join the register and never changed
by its services (`register.services.CHILD_FIELDS` has neither), so a child's episodes stay in the
figures of one pair.
"""

from datetime import date, datetime, time, timedelta

from django.db import connection, transaction
from django.db.models import Count, Exists, F, OuterRef, Q
from django.db.models.functions import TruncDate
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from .models import MissingEpisode, MissingFigureDay, MissingFigureYear, ReturnHomeInterview

SEEN_FIELDS = ("episodes", "missing", "away", "interviews_recorded", "interviews_on_time")
DUE_FIELDS = ("due_recorded", "due_on_time", "due_open")
LOCK_SPACE = 0x4D49  # "MI": the pair's advisory lock, apart from other users of pg_advisory locks


def local_day(moment: datetime) -> date:
    return timezone.localdate(moment)


def day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min), timezone.get_current_timezone())


def collection_year_of(day: date) -> int:
    return day.year if day.month >= 4 else day.year - 1


def _seen_counts(episodes):
    """Episodes grouped by the local day they started, with their recorded and on-time interviews."""
    due = ReturnHomeInterview.Outcome.DUE
    recorded = Q(return_interview__isnull=False) & ~Q(return_interview__outcome=due)
    return episodes.annotate(
        episodes=Count("pk"),
        missing=Count("pk", filter=Q(kind=MissingEpisode.Kind.MISSING)),
        away=Count("pk", filter=Q(kind=MissingEpisode.Kind.AWAY)),
        interviews_recorded=Count("pk", filter=recorded),
        interviews_on_time=Count(
            "pk", filter=recorded & Q(return_interview__held_at__lte=F("return_interview__due_at"))
        ),
    )


def _due_counts(interviews):
    """Interviews grouped by the local day they are due: recorded, on time, still due."""
    due = ReturnHomeInterview.Outcome.DUE
    return interviews.annotate(
        due_recorded=Count("pk", filter=~Q(outcome=due)),
        due_on_time=Count("pk", filter=~Q(outcome=due) & Q(held_at__lte=F("due_at"))),
        due_open=Count("pk", filter=Q(outcome=due)),
    )


def _pair_lock(host_id: int, placing_id: int) -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_advisory_xact_lock(%s, %s)", [LOCK_SPACE, (host_id * 100_003 + placing_id) % 2**31]
            )


@transaction.atomic
def pair_refresh(host_id: int, placing_id: int, days: set[date], years: set[int] = frozenset()) -> None:
    """Work out again one pair's figures for `days` (and its children counts for `years`)."""
    _pair_lock(host_id, placing_id)
    if days:
        start, end = day_start(min(days)), day_start(max(days) + timedelta(days=1))
        pair = {"child__host_council_id": host_id, "child__placing_authority_id": placing_id}
        cells = {day: {} for day in days}
        seen = _seen_counts(
            MissingEpisode.objects.filter(**pair, last_seen_at__gte=start, last_seen_at__lt=end).values(
                day=TruncDate("last_seen_at")
            )
        ).order_by()
        for row in seen:
            if row["day"] in cells:
                cells[row["day"]].update({name: row[name] for name in SEEN_FIELDS})
        due = _due_counts(
            ReturnHomeInterview.objects.filter(
                **{f"episode__{key}": value for key, value in pair.items()}, due_at__gte=start, due_at__lt=end
            ).values(day=TruncDate("due_at"))
        ).order_by()
        for row in due:
            if row["day"] in cells:
                cells[row["day"]].update({name: row[name] for name in DUE_FIELDS})
        MissingFigureDay.objects.filter(host_council_id=host_id, placing_authority_id=placing_id, day__in=days).delete()
        MissingFigureDay.objects.bulk_create(
            MissingFigureDay(host_council_id=host_id, placing_authority_id=placing_id, day=day, **counts)
            for day, counts in cells.items()
            if any(counts.values())
        )
    for year in years:
        start, end = day_start(date(year, 4, 1)), day_start(date(year + 1, 4, 1))
        from safeguard.register.models import Child

        children = (
            Child.objects.filter(host_council_id=host_id, placing_authority_id=placing_id)
            .filter(
                Exists(
                    MissingEpisode.objects.filter(child=OuterRef("pk"), last_seen_at__gte=start, last_seen_at__lt=end)
                )
            )
            .count()
        )
        MissingFigureYear.objects.filter(host_council_id=host_id, placing_authority_id=placing_id, year=year).delete()
        if children:
            MissingFigureYear.objects.create(
                host_council_id=host_id, placing_authority_id=placing_id, year=year, children=children
            )


def _pair_of_child(child_id: int, instance=None) -> tuple[int, int] | None:
    from safeguard.register.models import Child

    child = instance._state.fields_cache.get("child") if instance is not None else None
    if child is not None and child.pk == child_id:
        return child.host_council_id, child.placing_authority_id
    return Child.objects.filter(pk=child_id).values_list("host_council_id", "placing_authority_id").first()


def episode_changed(sender, instance: MissingEpisode, created: bool = False, **kwargs) -> None:
    """post_save and post_delete of an episode: its start day (before and after) and collection year."""
    deleted = kwargs.get("signal") is post_delete
    now_key = instance.figures_key()
    loaded = getattr(instance, "_figures_loaded", ())
    if not (created or deleted) and now_key == loaded:
        return
    instance._figures_loaded = now_key
    for key in {k for k in (loaded, now_key) if k}:
        child_id, _kind, last_seen_at = key
        pair = _pair_of_child(child_id, instance)
        if pair:
            day = local_day(last_seen_at)
            pair_refresh(*pair, {day}, {collection_year_of(day)})


def interview_changed(sender, instance: ReturnHomeInterview, created: bool = False, **kwargs) -> None:
    """post_save and post_delete of an interview: the day it is due and its episode's start day."""
    deleted = kwargs.get("signal") is post_delete
    now_key = instance.figures_key()
    loaded = getattr(instance, "_figures_loaded", ())
    if not (created or deleted) and now_key == loaded:
        return
    instance._figures_loaded = now_key
    episode = instance._state.fields_cache.get("episode")
    if episode is None or deleted:
        episode = MissingEpisode.objects.filter(pk=instance.episode_id).first()
    if episode is None:
        return  # deleted with its episode, whose own signal puts its days right
    pair = _pair_of_child(episode.child_id, episode)
    if pair:
        days = {local_day(episode.last_seen_at)}
        days.update(local_day(key[1]) for key in (loaded, now_key) if key)
        pair_refresh(*pair, days)


def signals_connect() -> None:
    for signal in (post_save, post_delete):
        signal.connect(episode_changed, sender=MissingEpisode, dispatch_uid=f"missing-figures-episode-{signal!r}")
        signal.connect(interview_changed, sender=ReturnHomeInterview, dispatch_uid=f"missing-figures-rhi-{signal!r}")


def figures_rebuild(apps=None) -> tuple[int, int]:
    """Every figure worked out again from the episodes and interviews (a migration passes its `apps`).
    Returns the number of day and year rows."""
    from django.apps import apps as registry

    models = apps or registry
    Episode = models.get_model("missing", "MissingEpisode")
    Interview = models.get_model("missing", "ReturnHomeInterview")
    Day = models.get_model("missing", "MissingFigureDay")
    Year = models.get_model("missing", "MissingFigureYear")
    pair = ("child__host_council_id", "child__placing_authority_id")
    cells: dict[tuple, dict] = {}
    with transaction.atomic():
        seen = _seen_counts(Episode.objects.values(*pair, day=TruncDate("last_seen_at"))).order_by()
        for row in seen:
            key = (row["child__host_council_id"], row["child__placing_authority_id"], row["day"])
            cells.setdefault(key, {}).update({name: row[name] for name in SEEN_FIELDS})
        due = _due_counts(
            Interview.objects.values(*(f"episode__{name}" for name in pair), day=TruncDate("due_at"))
        ).order_by()
        for row in due:
            key = (row["episode__child__host_council_id"], row["episode__child__placing_authority_id"], row["day"])
            cells.setdefault(key, {}).update({name: row[name] for name in DUE_FIELDS})
        years: dict[tuple, set] = {}
        for host_id, placing_id, day, child_id in (
            Episode.objects.annotate(day=TruncDate("last_seen_at"))
            .values_list(*pair, "day", "child_id")
            .distinct()
            .order_by()
            .iterator(chunk_size=20_000)
        ):
            years.setdefault((host_id, placing_id, collection_year_of(day)), set()).add(child_id)
        Day.objects.all().delete()
        Year.objects.all().delete()
        Day.objects.bulk_create(
            (
                Day(host_council_id=host_id, placing_authority_id=placing_id, day=day, **counts)
                for (host_id, placing_id, day), counts in cells.items()
            ),
            batch_size=5000,
        )
        Year.objects.bulk_create(
            Year(host_council_id=host_id, placing_authority_id=placing_id, year=year, children=len(children))
            for (host_id, placing_id, year), children in years.items()
        )
    return len(cells), len(years)
