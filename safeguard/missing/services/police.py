"""The police update an open episode: their risk grade and reference, sightings, and the child found.

Only the force whose area the child is in, while the child is missing (`selectors.may_update_as_police`,
the register's scope for an officer); anyone else is refused with `PermissionDenied` before anything is
read. Each write is audited in its transaction.
"""

from datetime import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from safeguard.core.audit import audit_event_record

from ..models import MissingEpisode, MissingSighting
from ..selectors import may_update_as_police
from .common import EpisodeInvalid, _tell
from .episodes import _episode_close_after, _episode_transition, _episode_transition_check


def _open_for_police(actor, episode: MissingEpisode) -> MissingEpisode:
    """The episode, locked; refused unless `actor` is the police of the child's area and it is open."""
    if not may_update_as_police(actor, episode.child):
        raise PermissionDenied
    return MissingEpisode.objects.select_for_update().select_related("child__host_council").get(pk=episode.pk)


def _still_open(episode: MissingEpisode, field: str) -> dict:
    """An episode closed while the page was open (a return recorded meanwhile) takes no more updates."""
    if episode.is_open:
        return {}
    return {field: "The child is no longer missing: their return or finding has been recorded"}


def _past(moment: datetime | None, field: str, what: str, errors: dict, *, after: datetime) -> None:
    if moment is None:
        errors[field] = f"Enter the date and time {what}"
    elif moment > timezone.now():
        errors[field] = f"The date and time {what} must be in the past"
    elif moment < after:
        errors[field] = f"The date and time {what} must be after the child was last seen, {_local(after)}"


def _local(moment: datetime) -> str:
    local = timezone.localtime(moment)
    return f"{local:%-d %B %Y at %-I:%M}{local:%p}".replace("AM", "am").replace("PM", "pm")


@transaction.atomic
def missing_episode_police_update(
    *, actor, episode: MissingEpisode, risk_grade: str, police_reference: str = ""
) -> MissingEpisode:
    """The police grade the risk and give their reference. Their grade is the one shown; the grade
    given at the report is kept. R&A are told at once when the grade is one of MISSING_TELL_RA_GRADES
    (as at the report)."""
    episode = _open_for_police(actor, episode)
    errors = _still_open(episode, "risk_grade")
    if risk_grade not in settings.MISSING_RISK_GRADES:
        errors["risk_grade"] = "Select the police risk grade"
    reference = police_reference.strip()
    if errors:
        raise EpisodeInvalid(errors)
    before = {"police_risk_grade": episode.police_risk_grade, "police_reference": episode.police_reference}
    episode.police_risk_grade, episode.police_reference = risk_grade, reference
    episode.police_updated_at, episode.police_updated_by = timezone.now(), actor
    episode.save(update_fields=["police_risk_grade", "police_reference", "police_updated_at", "police_updated_by"])
    changes = {name: [old, getattr(episode, name)] for name, old in before.items() if old != getattr(episode, name)}
    audit_event_record(
        actor=actor,
        action="missing.police_update",
        target=episode,
        host_council=episode.child.host_council,
        changes=changes,
    )
    if "police_risk_grade" in changes:
        child = episode.child
        _tell(
            episode,
            f"Police risk grade for a child placed in {child.host_council.name}",
            f"The police graded the risk to {child.full_name} as {risk_grade}. Open Safeguard for the details.",
        )
    return episode


@transaction.atomic
def missing_sighting_record(
    *, actor, episode: MissingEpisode, seen_at: datetime | None, seen_where: str, seen_by: str, what: str = ""
) -> MissingSighting:
    """A sighting of the child while missing: when (after last seen, not in the future), where, by whom
    and what was seen. Sightings are only ever added."""
    episode = _open_for_police(actor, episode)
    errors = _still_open(episode, "seen_at")
    _past(seen_at, "seen_at", "of the sighting", errors, after=episode.last_seen_at)
    if not seen_where.strip():
        errors["seen_where"] = "Enter where the child was seen"
    if not seen_by.strip():
        errors["seen_by"] = "Enter who saw the child"
    if errors:
        raise EpisodeInvalid(errors)
    sighting = MissingSighting.objects.create(
        episode=episode,
        seen_at=seen_at,
        seen_where=seen_where.strip(),
        seen_by=seen_by.strip(),
        what=what.strip(),
        recorded_by=actor,
    )
    audit_event_record(
        actor=actor,
        action="missing.sighting",
        target=episode,
        host_council=episode.child.host_council,
        changes={"seen_at": [None, seen_at], "seen_where": [None, sighting.seen_where]},
    )
    return sighting


@transaction.atomic
def missing_episode_found(
    *, actor, episode: MissingEpisode, found_at: datetime | None, found_where: str, found_by: str, found_with: str = ""
) -> MissingEpisode:
    """The police record the child found: where, by whom, when. This closes the episode
    (`MissingEpisode.TRANSITIONS`, open -> found), so the police's access ends; a return-home interview
    falls due within 72 hours, as after a return."""
    episode = _open_for_police(actor, episode)
    _episode_transition_check(episode, MissingEpisode.Status.FOUND, field="found_at")
    errors = {}
    _past(found_at, "found_at", "the child was found", errors, after=episode.last_seen_at)
    if not found_where.strip():
        errors["found_where"] = "Enter where the child was found"
    if not found_by.strip():
        errors["found_by"] = "Enter who found the child"
    if errors:
        raise EpisodeInvalid(errors)
    _episode_transition(episode, MissingEpisode.Status.FOUND, at=found_at)
    episode.found_where, episode.found_by, episode.found_with = (
        found_where.strip(),
        found_by.strip(),
        found_with.strip(),
    )
    episode.return_recorded_by = actor
    episode.save()
    audit_event_record(
        actor=actor,
        action="missing.found",
        target=episode,
        host_council=episode.child.host_council,
        changes={"returned_at": [None, found_at], "found_where": [None, episode.found_where]},
    )
    _episode_close_after(episode)
    return episode
