"""Reads of the procedures manual. Everything public is read from recorded versions (published) and
published releases: a draft has neither, so no public page can show one."""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import OuterRef, Q, Subquery
from django.http import HttpRequest
from django.utils import timezone
from wagtail.models import Page

from safeguard.content.selectors import host_home_for_request

from .models import ChangeKind, ChapterPage, ChapterVersion, ManualIndexPage, ManualRelease, ManualSectionPage


def manual_for_request(request: HttpRequest) -> ManualIndexPage | None:
    """The procedures manual of the host council whose site answers this request."""
    home = host_home_for_request(request)
    if home is None:
        return None
    return ManualIndexPage.objects.child_of(home).live().first()


def end_of_day(day: date) -> datetime:
    """The moment a day ends in the council's time zone: what was published that day was in force on it."""
    return timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))


def versions_in_force(manual: ManualIndexPage, at: datetime):
    """Each chapter's version in force at `at` (its latest published by then), removed chapters left out:
    the versions that came into force before `at` and were not replaced by then."""
    return (
        ChapterVersion.objects.filter(manual=manual, in_force_from__lt=at)
        .filter(Q(in_force_until__isnull=True) | Q(in_force_until__gte=at))
        .exclude(kind=ChangeKind.REMOVED)
        .select_related("chapter", "release")
    )


def release_latest(manual: ManualIndexPage, on: date) -> ManualRelease | None:
    return (
        manual.releases.filter(published_on__isnull=False, published_on__lte=on)
        .order_by("-published_on", "-pk")
        .first()
    )


@dataclass
class ContentsChapter:
    number: str
    title: str
    url_path: str  # the chapter page's, for its address
    chapter_id: int
    kind: str
    mark: str = ""  # "Updated" or "New" in the latest release


@dataclass
class ContentsSection:
    number: int
    title: str
    slug: str
    chapters: list[ContentsChapter] = field(default_factory=list)


def contents(manual: ManualIndexPage, *, on: date | None = None) -> tuple[list[ContentsSection], ManualRelease | None]:
    """The manual's sections and numbered chapters as in force at the end of `on` (or now), each chapter
    marked "Updated" or "New" when its version in force was listed in the latest release by then.

    Two queries whatever the manual's size; the chapters are read as values, not as pages (a page is
    costly to build and the contents needs only its title and address)."""
    at = end_of_day(on) if on else timezone.now()
    release = release_latest(manual, on or timezone.localdate())
    in_force = sorted(
        versions_in_force(manual, at).values_list(
            "title", "kind", "release_id", "chapter__path", "chapter__url_path", "chapter_id"
        ),
        key=lambda row: row[3],
    )
    step = len(manual.path) + Page.steplen  # a section path's length: a chapter's path starts with it
    by_section: dict[str, list[tuple]] = {}
    for row in in_force:
        by_section.setdefault(row[3][:step], []).append(row)
    marks = {ChangeKind.NEW: "New", ChangeKind.UPDATED: "Updated"}
    sections: list[ContentsSection] = []
    for section in ManualSectionPage.objects.child_of(manual).order_by("path").only("title", "slug", "path"):
        rows = by_section.get(section.path)
        if not rows:
            continue
        entry = ContentsSection(number=len(sections) + 1, title=section.title, slug=section.slug)
        for index, (title, kind, release_id, _path, url_path, chapter_id) in enumerate(rows, start=1):
            mark = marks.get(kind, "") if release is not None and release_id == release.pk else ""
            entry.chapters.append(ContentsChapter(f"{entry.number}.{index}", title, url_path, chapter_id, kind, mark))
        sections.append(entry)
    return sections, release


def chapter_get(manual: ManualIndexPage, *, section_slug: str, chapter_slug: str) -> ChapterPage | None:
    section = ManualSectionPage.objects.child_of(manual).filter(slug=section_slug).first()
    if section is None:
        return None
    return ChapterPage.objects.child_of(section).filter(slug=chapter_slug).first()


def chapter_version_in_force(chapter: ChapterPage, *, on: date | None = None) -> ChapterVersion | None:
    """The chapter's version in force at the end of `on` (or now); None if it was not in the manual then."""
    at = end_of_day(on) if on else timezone.now()
    version = chapter.versions.filter(in_force_from__lt=at).order_by("-in_force_from", "-number").first()
    if version is None or version.kind == ChangeKind.REMOVED:
        return None
    return version


def chapter_versions_published(chapter: ChapterPage) -> list[ChapterVersion]:
    """Every version of the chapter that has come into force, oldest first (removals left out)."""
    return list(
        chapter.versions.filter(in_force_from__lte=timezone.now())
        .exclude(kind=ChangeKind.REMOVED)
        .select_related("release")
        .order_by("number")
    )


def releases_published(manual: ManualIndexPage, *, year: int | None = None) -> list[ManualRelease]:
    releases = manual.releases.filter(published_on__isnull=False, published_on__lte=timezone.localdate())
    if year is not None:
        releases = releases.filter(published_on__year=year)
    return list(releases.order_by("-published_on", "-pk"))


def release_get(manual: ManualIndexPage, slug: str) -> ManualRelease | None:
    return manual.releases.filter(slug=slug, published_on__isnull=False, published_on__lte=timezone.localdate()).first()


@dataclass
class ReleaseChanges:
    updated: list[ChapterVersion]
    new: list[ChapterVersion]
    removed: list[ChapterVersion]


def release_changes(release: ManualRelease) -> ReleaseChanges:
    """What editors recorded when they published each chapter's change listed in this release, in the
    manual's order."""
    versions = list(
        release.chapter_versions.filter(in_force_from__lte=timezone.now())
        .select_related("chapter")
        .order_by("chapter__path", "number")
    )
    return ReleaseChanges(
        updated=[v for v in versions if v.kind == ChangeKind.UPDATED],
        new=[v for v in versions if v.kind == ChangeKind.NEW],
        removed=[v for v in versions if v.kind == ChangeKind.REMOVED],
    )


def amendment_years(manual: ManualIndexPage) -> list[int]:
    return sorted({r.published_on.year for r in releases_published(manual)}, reverse=True)


def chapter_changes_listed(manual: ManualIndexPage, *, limit: int = 50) -> list[ChapterVersion]:
    """The chapter changes readers are told of (new, updated and removed versions in force; not
    corrections), newest first, each with the number of the version it replaced (`previous_number`)."""
    previous = (
        ChapterVersion.objects.filter(chapter=OuterRef("chapter"), number__lt=OuterRef("number"))
        .exclude(kind=ChangeKind.REMOVED)
        .order_by("-number")
        .values("number")[:1]
    )
    return list(
        ChapterVersion.objects.filter(manual=manual, in_force_from__lte=timezone.now())
        .exclude(kind=ChangeKind.CORRECTION)
        .annotate(previous_number=Subquery(previous))
        .select_related("chapter", "release")
        .order_by("-in_force_from", "-pk")[:limit]
    )


def chapter_number(manual: ManualIndexPage, chapter: ChapterPage, *, on: date | None = None) -> str:
    """The chapter's number in the manual ("2.4") as in force at the end of `on` (or now), or ""."""
    sections, _release = contents(manual, on=on)
    return next((e.number for s in sections for e in s.chapters if e.chapter_id == chapter.pk), "")


# The chapter that governs an act, for the pages where people act (docs/adr/0022-manual-editors-and-review.md).
from .procedure_links import Act, Procedure, procedure_for, procedures_for  # noqa: E402, F401
