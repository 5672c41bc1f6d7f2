"""Reads of the manual's read acknowledgements (docs/adr/0021-manual-read-acknowledgements.md).

Scoped by who asks: a manager sees their own council's assignments and people only (anything else is
"not found", like a record that does not exist); a person sees what they themselves were asked to read.
"""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q, QuerySet
from django.utils import timezone

from safeguard.accounts.models import HOST_ROLES, HostCouncil, Role, Team, User
from safeguard.content.access import EDITOR_ROLES
from safeguard.content.models import HostHomePage

from .models import (
    ChangeKind,
    ChapterPage,
    ChapterVersion,
    ManualIndexPage,
    ManualRelease,
    ReadConfirmation,
    ReadingAssignment,
    ReadingItem,
)
from .selectors import chapter_version_in_force, contents

# Who may ask people to read: the host council's managers and the manual's editors (EDITOR_ROLES, where a
# manual editor role joins). Each asks only people of their own council.
READING_MANAGER_ROLES = frozenset({Role.RA_DUTY_MANAGER, Role.SQA_MANAGER, Role.HOST_ADMIN}) | EDITOR_ROLES
MATERIAL_KINDS = (ChangeKind.NEW, ChangeKind.UPDATED)


def may_manage_reading(user) -> bool:
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_active
        and user.role in READING_MANAGER_ROLES
        and user.host_council is not None
    )


def may_assign_in(user, manual: ManualIndexPage) -> bool:
    """A manager of the council whose manual this is."""
    return may_manage_reading(user) and manual_of_host(user.host_council) == manual


def manual_of_host(host: HostCouncil | None) -> ManualIndexPage | None:
    """The host council's procedures manual (published), whatever site a request came through."""
    if host is None:
        return None
    home = HostHomePage.objects.filter(host_council=host).first()
    if home is None:
        return None
    return ManualIndexPage.objects.child_of(home).live().first()


def material_version_in_force(chapter: ChapterPage) -> ChapterVersion | None:
    """The chapter's latest new or updated version in force now: what people must have read. A
    correction after it does not change that; None when the chapter is not in the manual now."""
    if chapter_version_in_force(chapter) is None:
        return None
    return (
        chapter.versions.filter(in_force_from__lte=timezone.now(), kind__in=MATERIAL_KINDS)
        .order_by("-in_force_from", "-number")
        .first()
    )


def chapters_to_assign(manual: ManualIndexPage) -> list[tuple[ChapterPage, str]]:
    """The chapters in the manual now, with their numbers as the contents shows them ("2.4 Title")."""
    sections, _ = contents(manual)
    entries = [entry for section in sections for entry in section.chapters]
    pages = ChapterPage.objects.in_bulk([entry.chapter_id for entry in entries])
    return [(pages[entry.chapter_id], f"{entry.number} {entry.title}") for entry in entries]


def releases_to_assign(manual: ManualIndexPage) -> list[ManualRelease]:
    """Published releases that list new or updated chapters."""
    return list(
        manual.releases.filter(
            published_on__isnull=False,
            published_on__lte=timezone.localdate(),
            chapter_versions__kind__in=MATERIAL_KINDS,
        )
        .distinct()
        .order_by("-published_on", "-pk")
    )


def release_material_chapters(release: ManualRelease) -> list[ChapterPage]:
    """The chapters a release lists as new or updated that are still in the manual, in the manual's order."""
    chapter_ids = release.chapter_versions.filter(kind__in=MATERIAL_KINDS).values("chapter")
    chapters = ChapterPage.objects.filter(pk__in=chapter_ids).order_by("path")
    return [chapter for chapter in chapters if chapter_version_in_force(chapter) is not None]


def assignable_teams(host: HostCouncil) -> QuerySet[Team]:
    return host.teams.order_by("name")


ASSIGNABLE_ROLES = [role for role in Role if role in HOST_ROLES]


# --- who was asked --------------------------------------------------------------------------------------


def assignment_people(assignment: ReadingAssignment) -> QuerySet[User]:
    """The people an assignment asks: active staff of its council in one of its teams or with one of its
    roles, as they are now."""
    audience = list(assignment.audience.all())
    teams = [a.team_id for a in audience if a.team_id]
    roles = [a.role for a in audience if a.role]
    return (
        User.objects.filter(
            is_active=True,
            organisation_id=assignment.host_council.organisation_id,
            role__in=HOST_ROLES,
        )
        .filter(Q(team_id__in=teams) | Q(role__in=roles))
        .select_related("team")
        .order_by("full_name", "pk")
    )


def _assignments_for(user) -> QuerySet[ReadingAssignment]:
    """The assignments that ask this person (host staff of the assignment's council)."""
    host = getattr(user, "host_council", None)
    if host is None or not user.is_active:
        return ReadingAssignment.objects.none()
    reaches = Q(audience__role=user.role)
    if user.team_id:
        reaches |= Q(audience__team_id=user.team_id)
    return ReadingAssignment.objects.filter(reaches, host_council=host).distinct()


def _confirmed(user_id: int, item: ReadingItem, confirmations: list[ReadConfirmation]) -> ReadConfirmation | None:
    """The person's latest confirmation that counts for the item: of its version or a later one."""
    counted = [
        c
        for c in confirmations
        if c.user_id == user_id and c.chapter_id == item.chapter_id and c.version.number >= item.version.number
    ]
    return max(counted, key=lambda c: c.confirmed_at) if counted else None


@dataclass
class ToRead:
    """A chapter a person was asked to read and has not confirmed (its current version)."""

    chapter: ChapterPage
    title: str
    section_slug: str
    due_on: date
    overdue: bool
    again: bool  # asked again after a material change


def to_read_for(user, *, today: date | None = None) -> list[ToRead]:
    """A person's "To read": each chapter they were asked to read and have not confirmed, once (the
    earliest due date of the assignments asking), oldest due first."""
    today = today or timezone.localdate()
    items = list(
        ReadingItem.objects.filter(assignment__in=_assignments_for(user))
        .select_related("chapter", "version")
        .order_by("due_on", "pk")
    )
    if not items:
        return []
    confirmations = list(
        ReadConfirmation.objects.filter(user=user, chapter__in=[i.chapter_id for i in items]).select_related("version")
    )
    chosen: dict[int, ToRead] = {}
    for item in items:
        if item.chapter_id in chosen or _confirmed(user.pk, item, confirmations) is not None:
            continue
        version = chapter_version_in_force(item.chapter)
        if version is None:  # taken out of the manual since
            continue
        chosen[item.chapter_id] = ToRead(
            chapter=item.chapter,
            title=version.title,
            section_slug=item.chapter.url_path.strip("/").split("/")[-2],
            due_on=item.due_on,
            overdue=item.due_on < today,
            again=item.assigned_again_at is not None,
        )
    return sorted(chosen.values(), key=lambda t: (t.due_on, t.title))


@dataclass
class ChapterReading:
    """On a chapter's page: whether the person was asked to read it, by when, and what they confirmed."""

    due_on: date
    overdue: bool
    confirmation: ReadConfirmation | None  # the one that counts for every assignment asking, if any
    again: bool


def chapter_reading_for(user, chapter: ChapterPage, *, today: date | None = None) -> ChapterReading | None:
    """None unless this person was asked to read this chapter."""
    if user is None or not user.is_authenticated:
        return None
    today = today or timezone.localdate()
    items = list(
        ReadingItem.objects.filter(assignment__in=_assignments_for(user), chapter=chapter)
        .select_related("version")
        .order_by("due_on", "pk")
    )
    if not items:
        return None
    confirmations = list(ReadConfirmation.objects.filter(user=user, chapter=chapter).select_related("version"))
    open_items = [i for i in items if _confirmed(user.pk, i, confirmations) is None]
    if open_items:
        first = open_items[0]
        return ChapterReading(first.due_on, first.due_on < today, None, first.assigned_again_at is not None)
    latest = max(confirmations, key=lambda c: c.confirmed_at)
    return ChapterReading(items[0].due_on, False, latest, False)


def reading_item_open_for(user, chapter: ChapterPage) -> bool:
    """Whether the person was asked to read this chapter (by any assignment of their council)."""
    return ReadingItem.objects.filter(assignment__in=_assignments_for(user), chapter=chapter).exists()


# --- the manager's pages ------------------------------------------------------------------------------


def assignments_visible_to(user) -> QuerySet[ReadingAssignment]:
    if not may_manage_reading(user):
        return ReadingAssignment.objects.none()
    return ReadingAssignment.objects.filter(host_council=user.host_council).select_related("release", "assigned_by")


def assignment_get_for(user, pk: int) -> ReadingAssignment | None:
    """One assignment of the manager's own council; None (a 404) for anything else."""
    return assignments_visible_to(user).filter(pk=pk).first()


@dataclass
class PersonReading:
    person: User
    # (item, the confirmation that counts or None) for each chapter of the assignment
    chapters: list[tuple[ReadingItem, ReadConfirmation | None]]
    confirmed: bool
    overdue: bool

    @property
    def confirmed_count(self) -> int:
        return sum(1 for _, c in self.chapters if c is not None)

    @property
    def last_confirmed(self) -> ReadConfirmation | None:
        done = [c for _, c in self.chapters if c is not None]
        return max(done, key=lambda c: c.confirmed_at) if done else None


@dataclass
class TeamReading:
    name: str
    pk: int | None
    people: list[PersonReading] = field(default_factory=list)

    @property
    def confirmed(self) -> int:
        return sum(1 for p in self.people if p.confirmed)

    @property
    def not_confirmed(self) -> int:
        return len(self.people) - self.confirmed

    @property
    def overdue(self) -> int:
        return sum(1 for p in self.people if p.overdue)


@dataclass
class AssignmentReport:
    assignment: ReadingAssignment
    items: list[ReadingItem]
    teams: list[TeamReading]

    @property
    def people(self) -> int:
        return sum(len(t.people) for t in self.teams)

    @property
    def confirmed(self) -> int:
        return sum(t.confirmed for t in self.teams)

    @property
    def not_confirmed(self) -> int:
        return sum(t.not_confirmed for t in self.teams)

    @property
    def overdue(self) -> int:
        return sum(t.overdue for t in self.teams)


def assignment_items(assignment: ReadingAssignment) -> list[ReadingItem]:
    return list(assignment.items.select_related("chapter", "version").order_by("chapter__path"))


def assignment_report(
    assignment: ReadingAssignment, *, team: Team | None = None, today: date | None = None
) -> AssignmentReport:
    """Who has and has not confirmed each chapter of the assignment, and who is overdue, per team (a
    person counts as confirmed when they have confirmed every chapter); with `team`, that team alone."""
    today = today or timezone.localdate()
    items = assignment_items(assignment)
    people = list(assignment_people(assignment))
    if team is not None:
        people = [p for p in people if p.team_id == team.pk]
    confirmations = list(
        ReadConfirmation.objects.filter(
            user__in=[p.pk for p in people], chapter__in=[i.chapter_id for i in items]
        ).select_related("version")
    )
    teams: dict[int | None, TeamReading] = {}
    for person in people:
        chapters = [(item, _confirmed(person.pk, item, confirmations)) for item in items]
        confirmed = all(c is not None for _, c in chapters)
        overdue = any(c is None and item.due_on < today for item, c in chapters)
        key = person.team_id
        if key not in teams:
            teams[key] = TeamReading(person.team.name if person.team_id else "No team", key)
        teams[key].people.append(PersonReading(person, chapters, confirmed, overdue))
    ordered = sorted(teams.values(), key=lambda t: (t.pk is None, t.name))
    return AssignmentReport(assignment, items, ordered)


def assignment_title(assignment: ReadingAssignment, items: list[ReadingItem] | None = None) -> str:
    """What an assignment asks people to read, in a line."""
    if assignment.release_id:
        return f"{assignment.release.name}: new and updated chapters"
    items = items if items is not None else assignment_items(assignment)
    if len(items) == 1:
        return items[0].chapter.title
    return ", ".join(i.chapter.title for i in items)


def audience_words(assignment: ReadingAssignment) -> str:
    """Who an assignment is for: its teams, then its roles ("Referral and Assessment; SQA manager")."""
    parts = [a.team.name for a in assignment.audience.all() if a.team_id]
    parts += [Role(a.role).label for a in assignment.audience.all() if a.role]
    return "; ".join(parts)
