"""Reads of the procedures manual. Everything public is read from recorded versions (published) and
published releases: a draft has neither, so no public page can show one."""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import OuterRef, Subquery
from django.http import HttpRequest
from django.utils import timezone

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
    """Each chapter's version in force at `at` (its latest published by then), removed chapters left out."""
    latest = (
        ChapterVersion.objects.filter(chapter=OuterRef("chapter"), in_force_from__lt=at)
        .order_by("-in_force_from", "-number")
        .values("pk")[:1]
    )
    return (
        ChapterVersion.objects.filter(manual=manual, in_force_from__lt=at, pk=Subquery(latest))
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
    version: ChapterVersion
    section_slug: str
    mark: str = ""  # "Updated" or "New" in the latest release


@dataclass
class ContentsSection:
    number: int
    title: str
    slug: str
    chapters: list[ContentsChapter] = field(default_factory=list)


def contents(manual: ManualIndexPage, *, on: date | None = None) -> tuple[list[ContentsSection], ManualRelease | None]:
    """The manual's sections and numbered chapters as in force at the end of `on` (or now), each chapter
    marked "Updated" or "New" when its version in force was listed in the latest release by then."""
    at = end_of_day(on) if on else timezone.now()
    release = release_latest(manual, on or timezone.localdate())
    versions = {v.chapter.path: v for v in versions_in_force(manual, at)}
    sections: list[ContentsSection] = []
    for section in ManualSectionPage.objects.child_of(manual).order_by("path"):
        chapters = [v for path, v in sorted(versions.items()) if path.startswith(section.path)]
        if not chapters:
            continue
        entry = ContentsSection(number=len(sections) + 1, title=section.title, slug=section.slug)
        for index, version in enumerate(chapters, start=1):
            mark = ""
            if release is not None and version.release_id == release.pk:
                mark = {ChangeKind.NEW: "New", ChangeKind.UPDATED: "Updated"}.get(version.kind, "")
            entry.chapters.append(ContentsChapter(f"{entry.number}.{index}", version, section.slug, mark))
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
    return next((e.number for s in sections for e in s.chapters if e.version.chapter_id == chapter.pk), "")
