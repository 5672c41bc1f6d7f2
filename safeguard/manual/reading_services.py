"""Writes of the manual's read acknowledgements (issue 12; docs/adr/0021-manual-read-acknowledgements.md):
a manager asks teams or roles of their council to read a chapter or a release's material changes by a
date; a person confirms they have read and understood the version in force; a material change to a
chapter asks everyone again."""

from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from safeguard.accounts.models import HOST_ROLES, Team
from safeguard.core.audit import audit_event_record
from safeguard.core.errors import ServiceRefusal

from .models import (
    ChapterPage,
    ChapterVersion,
    ManualRelease,
    ReadConfirmation,
    ReadingAssignment,
    ReadingAudience,
    ReadingItem,
)
from .reading_selectors import (
    MATERIAL_KINDS,
    assignment_people,
    manual_of_host,
    may_manage_reading,
    reading_item_open_for,
    release_material_chapters,
)
from .selectors import chapter_version_in_force


@transaction.atomic
def reading_assign(
    *,
    actor,
    due_on: date | None,
    chapter: ChapterPage | None = None,
    release: ManualRelease | None = None,
    teams: list[Team] | tuple = (),
    roles: list[str] | tuple = (),
) -> ReadingAssignment:
    """Ask teams and/or roles of the manager's own council to read a chapter, or a release's new and updated
    chapters, by `due_on` (today or later). Each chapter must be read in its latest material version."""
    if not may_manage_reading(actor):
        raise ServiceRefusal(
            {"__all__": "Only your council's managers and the manual's editors can ask people to read"}
        )
    host = actor.host_council
    manual = manual_of_host(host)
    errors: dict[str, str] = {}
    if manual is None:
        raise ServiceRefusal({"__all__": "Your council has no procedures manual yet"})
    if (chapter is None) == (release is None):
        errors["what"] = "Choose a chapter, or a release's new and updated chapters"
    chapters: list[ChapterPage] = []
    if chapter is not None:
        if not chapter.path.startswith(manual.path) or chapter_version_in_force(chapter) is None:
            errors["chapter"] = "Choose a chapter that is in your council's manual now"
        else:
            chapters = [chapter]
    if release is not None:
        published = release.published_on is not None and release.published_on <= timezone.localdate()
        if release.manual_id != manual.pk or not published:
            errors["release"] = "Choose a published release of your council's manual"
        else:
            chapters = release_material_chapters(release)
            if not chapters:
                errors["release"] = "This release has no new or updated chapters in the manual now: choose another"
    if not teams and not roles:
        errors["teams"] = "Choose at least one team or role"
    if any(team.host_council_id != host.pk for team in teams):
        errors["teams"] = "Choose teams of your own council"
    if any(role not in HOST_ROLES for role in roles):
        errors["roles"] = "Choose roles of your council's staff"
    if due_on is None:
        errors["due_on"] = "Enter the due date"
    elif due_on < timezone.localdate():
        errors["due_on"] = "The due date must be today or in the future"
    if errors:
        raise ServiceRefusal(errors)
    assignment = ReadingAssignment.objects.create(
        manual=manual,
        host_council=host,
        release=release,
        due_on=due_on,
        assigned_by=actor,
        assigned_at=timezone.now(),
    )
    ReadingAudience.objects.bulk_create(
        [ReadingAudience(assignment=assignment, team=team) for team in teams]
        + [ReadingAudience(assignment=assignment, role=role) for role in sorted(set(roles))]
    )
    items = []
    for each in chapters:
        version = (
            each.versions.filter(in_force_from__lte=timezone.now(), kind__in=MATERIAL_KINDS)
            .order_by("-in_force_from", "-number")
            .first()
        )
        items.append(ReadingItem(assignment=assignment, chapter=each, version=version, due_on=due_on))
    ReadingItem.objects.bulk_create(items)
    audit_event_record(
        actor=actor,
        action="manual.reading_assign",
        target=assignment,
        host_council=host,
        changes={
            "chapters": [f"{item.chapter.title} (version {item.version.number})" for item in items],
            "release": release.name if release else None,
            "teams": [team.name for team in teams],
            "roles": sorted(set(roles)),
            "due_on": due_on,
            "people": assignment_people(assignment).count(),
        },
    )
    return assignment


@transaction.atomic
def reading_confirm(*, actor, chapter: ChapterPage, version_number: int | None) -> ReadConfirmation:
    """The person confirms they have read and understood the chapter as it is in force now (the version
    they were shown, `version_number`: if the chapter changed while they read, they read it again)."""
    if not reading_item_open_for(actor, chapter):
        raise ServiceRefusal({"chapter": "You have not been asked to read this chapter"})
    version = chapter_version_in_force(chapter)
    if version is None:
        raise ServiceRefusal({"chapter": "This chapter is no longer in the manual"})
    if version_number != version.number:
        raise ServiceRefusal(
            {"version": "This chapter has changed since you opened it: read the version in force now, then confirm"}
        )
    existing = ReadConfirmation.objects.filter(user=actor, version=version).first()
    if existing is not None:
        return existing
    confirmation = ReadConfirmation.objects.create(
        user=actor, chapter=chapter, version=version, confirmed_at=timezone.now()
    )
    audit_event_record(
        actor=actor,
        action="manual.reading_confirm",
        target=confirmation,
        host_council=actor.host_council,
        changes={"chapter": chapter.title, "version": version.number},
    )
    return confirmation


def reading_version_recorded(*, actor, version: ChapterVersion) -> int:
    """A version of a chapter was recorded (published). A material change (new or updated, not a
    correction) asks again everyone each assignment of the chapter asks: earlier confirmations no longer
    count for it, and it is due no sooner than MANUAL_READ_AGAIN_WITHIN_DAYS from today. Returns the
    number of assignments asked again. Runs in the publish's transaction."""
    if version.kind not in MATERIAL_KINDS:
        return 0
    items = list(
        ReadingItem.objects.filter(chapter_id=version.chapter_id, version__number__lt=version.number).select_related(
            "assignment", "version"
        )
    )
    earliest_due = timezone.localdate() + timedelta(days=settings.MANUAL_READ_AGAIN_WITHIN_DAYS)
    now = timezone.now()
    for item in items:
        previous = item.version.number
        item.version, item.due_on, item.assigned_again_at = version, max(item.due_on, earliest_due), now
        item.save(update_fields=["version", "due_on", "assigned_again_at"])
        audit_event_record(
            actor=actor,
            action="manual.reading_assign_again",
            target=item.assignment,
            host_council=item.assignment.host_council,
            changes={
                "chapter": version.title,
                "version": [previous, version.number],
                "due_on": item.due_on,
            },
        )
    return len(items)
