"""Writes of the procedures manual: chapter versions as they come into force, releases, publishing."""

from datetime import date, datetime

from django.db import transaction
from django.db.models import Max

from safeguard.content.publishing import publishing_as
from safeguard.content.selectors import host_home_of_page
from safeguard.core.audit import audit_event_record
from safeguard.core.errors import ServiceRefusal

from .models import ChangeKind, ChapterPage, ChapterVersion, ManualIndexPage, ManualRelease
from .reading_services import reading_version_recorded


def _manual_of(chapter: ChapterPage) -> ManualIndexPage:
    return ManualIndexPage.objects.ancestor_of(chapter).get()


def _next_number(chapter: ChapterPage) -> int:
    return (ChapterVersion.objects.filter(chapter=chapter).aggregate(n=Max("number"))["n"] or 0) + 1


@transaction.atomic
def chapter_version_record(*, actor, chapter: ChapterPage, revision, in_force_from: datetime) -> ChapterVersion:
    """Record the version of `chapter` that came into force at `in_force_from` (issue 12): what it said
    and what the editor recorded about the change. A chapter's first version is new, whatever was chosen."""
    page = revision.as_object() if revision is not None else chapter
    number = _next_number(chapter)
    kind = ChangeKind.NEW if number == 1 or _last_was_removed(chapter) else page.change_kind
    version = ChapterVersion.objects.create(
        manual=_manual_of(chapter),
        chapter=chapter,
        number=number,
        revision=revision,
        kind=kind,
        details=page.change_details if kind != ChangeKind.CORRECTION else "",
        release_id=page.release_id if kind != ChangeKind.CORRECTION else None,
        in_force_from=in_force_from,
        title=page.title,
        scope=page.scope,
        body=page.body,
        amendment_note=page.amendment_note,
    )
    chapter_in_force_chain(chapter)
    home = host_home_of_page(chapter)
    audit_event_record(
        actor=actor,
        action="manual.chapter_version_record",
        target=version,
        host_council=home.host_council if home else None,
        changes={"chapter": chapter.pk, "number": number, "kind": kind, "release": version.release_id},
    )
    # A material change asks again everyone who was asked to read the chapter (docs/adr/0021).
    reading_version_recorded(actor=actor, version=version)
    return version


def chapter_in_force_chain(chapter: ChapterPage) -> None:
    """Set each of the chapter's versions' `in_force_until` to when the next one came into force (the
    last one's to nothing). Derived data, written with the version that changed it; not audited itself."""
    versions = list(ChapterVersion.objects.filter(chapter=chapter).order_by("in_force_from", "number"))
    changed = []
    for version, following in zip(versions, [*versions[1:], None], strict=True):
        until = following.in_force_from if following is not None else None
        if version.in_force_until != until:
            version.in_force_until = until
            changed.append(version)
    ChapterVersion.objects.bulk_update(changed, ["in_force_until"])


def _last_was_removed(chapter: ChapterPage) -> bool:
    last = ChapterVersion.objects.filter(chapter=chapter).order_by("-number").first()
    return last is not None and last.kind == ChangeKind.REMOVED


@transaction.atomic
def chapter_removal_record(
    *, actor, chapter: ChapterPage, in_force_from: datetime, release: ManualRelease | None = None, details: str = ""
) -> ChapterVersion:
    """A chapter taken out of the manual: listed as removed in `release` (or the manual's next release
    not yet published, if there is one)."""
    manual = _manual_of(chapter)
    if release is None:
        release = manual.releases.filter(published_on__isnull=True).order_by("pk").first()
    version = ChapterVersion.objects.create(
        manual=manual,
        chapter=chapter,
        number=_next_number(chapter),
        kind=ChangeKind.REMOVED,
        details=details,
        release=release,
        in_force_from=in_force_from,
        title=chapter.title,
    )
    chapter_in_force_chain(chapter)
    home = host_home_of_page(chapter)
    audit_event_record(
        actor=actor,
        action="manual.chapter_removal_record",
        target=version,
        host_council=home.host_council if home else None,
        changes={"chapter": chapter.pk, "release": release.pk if release else None},
    )
    return version


def chapter_publish(*, actor, chapter: ChapterPage, in_force_from: datetime | None = None) -> ChapterVersion:
    """Publish the chapter's latest draft (as the editor's admin does), in force from now or, for a loader
    recording the manual's history, from `in_force_from`."""
    user = actor if getattr(actor, "is_authenticated", False) else None
    with transaction.atomic(), publishing_as(actor, in_force_from=in_force_from):
        revision = chapter.save_revision(user=user, log_action=False)
        revision.publish(user=user, log_action=False, skip_permission_checks=True)
    return ChapterVersion.objects.filter(chapter=chapter).latest("number")


def chapter_unpublish(
    *, actor, chapter: ChapterPage, release: ManualRelease, details: str = "", in_force_from: datetime | None = None
) -> ChapterVersion:
    """Take a chapter out of the manual, listed as removed in `release`."""
    chapter = ChapterPage.objects.get(pk=chapter.pk)  # as stored: Wagtail unpublishes only a live page
    if not chapter.live:
        raise ServiceRefusal({"chapter": "This chapter is not in the manual"})
    with transaction.atomic(), publishing_as(actor, in_force_from=in_force_from):
        # Wagtail's unpublish tells our signal handler, which lists it in the next unpublished release;
        # the release named here is recorded instead.
        chapter.unpublish(user=actor if getattr(actor, "is_authenticated", False) else None, log_action=False)
        version = ChapterVersion.objects.get(chapter=chapter, kind=ChangeKind.REMOVED, number=_next_number(chapter) - 1)
        version.release, version.details = release, details
        version.save(update_fields=["release", "details"])
    return version


@transaction.atomic
def release_create(
    *,
    actor,
    manual: ManualIndexPage,
    name: str,
    slug: str,
    published_on: date | None = None,
    next_update: date | None = None,
    removed_note: str = "",
) -> ManualRelease:
    if ManualRelease.objects.filter(manual=manual, slug=slug).exists():
        raise ServiceRefusal({"slug": "A release with this slug already exists"})
    release = ManualRelease.objects.create(
        manual=manual,
        name=name,
        slug=slug,
        published_on=published_on,
        next_update=next_update,
        removed_note=removed_note,
    )
    home = host_home_of_page(manual)
    audit_event_record(
        actor=actor,
        action="manual.release_create",
        target=release,
        host_council=home.host_council if home else None,
        changes={"name": name, "published_on": published_on},
    )
    return release
