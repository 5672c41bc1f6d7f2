"""A child reported missing or away, and their return: the episode's workflow (`MissingEpisode.TRANSITIONS`)."""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from safeguard.core.audit import audit_event_record
from safeguard.core.jinja2 import format_datetime
from safeguard.core.locks import advisory_lock

from ..models import MissingEpisode, ReturnHomeInterview
from .common import EpisodeInvalid, _tell, child_link

# DfE statutory guidance (2014): a return-home interview within 72 hours of the return.
RETURN_INTERVIEW_WITHIN = timedelta(hours=72)


def _grade_ok(grade: str) -> bool:
    return not grade or grade in settings.MISSING_RISK_GRADES


def _episode_transition_check(episode: MissingEpisode, to: str, *, field: str = "returned_at") -> None:
    """Refuse (TransitionRefused) unless `MissingEpisode.TRANSITIONS` lets the episode move to `to`."""
    already = (
        "The police have already recorded the child found"
        if episode.status == MissingEpisode.Status.FOUND
        else "The return has already been recorded"
    )
    MissingEpisode.TRANSITIONS.check(episode.status, to, noun="episode", message=already, field=field)


def _episode_transition(episode: MissingEpisode, to: str, *, at: datetime) -> None:
    """The one place an episode changes state, checked against `MissingEpisode.TRANSITIONS`. The state
    is not a column: a return or a finding is its time (`returned_at`); found by the police, its flag."""
    _episode_transition_check(episode, to)
    if to in (MissingEpisode.Status.RETURNED, MissingEpisode.Status.FOUND):
        episode.returned_at = at
        episode.found_by_police = to == MissingEpisode.Status.FOUND


def _episode_close_after(episode: MissingEpisode) -> None:
    """What follows a return or a finding: the return-home interview falls due, and the placing social
    worker and the IRO are told."""
    ReturnHomeInterview.objects.create(episode=episode, due_at=episode.returned_at + RETURN_INTERVIEW_WITHIN)
    child = episode.child
    found = "was found by the police" if episode.found_by_police else "has returned"
    _tell(
        episode,
        f"A child {found}: {child.initials_and_reference}",
        f"A child who was missing or away {found}. A return-home interview is due within 72 hours. "
        f"Open Safeguard for the details (sign in first): {child_link(child)}",
    )


class EpisodeAlreadyOpen(EpisodeInvalid):
    """The child is already recorded missing or away: `episode` is the open one, to show instead."""

    def __init__(self, episode: MissingEpisode):
        child = episode.child
        by = f" by {episode.reported_by}" if episode.reported_by_id else ""
        super().__init__(
            {
                "kind": f"{child.first_name} was already reported {episode.get_kind_display().lower()}{by} "
                f"at {format_datetime(episode.created_at)}: record the return first"
            }
        )
        self.episode = episode


def _refuse_when_open(child) -> None:
    episode = child.missing_episodes.filter(returned_at__isnull=True).select_related("reported_by", "child").first()
    if episode is not None:
        raise EpisodeAlreadyOpen(episode)


@transaction.atomic
def missing_episode_report(
    *,
    actor,
    child,
    kind: str,
    last_seen_at: datetime,
    last_seen_where: str = "",
    clothing: str = "",
    with_whom: str = "",
    circumstances: str = "",
    police_reference: str = "",
    risk_grade: str = "",
) -> MissingEpisode:
    """Record that a child is missing (whereabouts unknown) or away without authorisation (known).

    DfE statutory guidance (2014) for the M/A distinction; the Philomena Protocol for what to record.
    The placing social worker and the IRO are told; the host's R&A team too when the police grade the
    risk at one of MISSING_TELL_RA_GRADES.
    """
    errors = {}
    if kind not in MissingEpisode.Kind.values:
        errors["kind"] = "Select whether the child is missing or away from placement without authorisation"
    if last_seen_at > timezone.now():
        errors["last_seen_at"] = "The time the child was last seen must be in the past"
    if not _grade_ok(risk_grade):
        errors["risk_grade"] = f"Choose one of these risk grades: {', '.join(settings.MISSING_RISK_GRADES)}"
    if errors:
        raise EpisodeInvalid(errors)
    # Two people reporting the child at once (the carer and the home's manager): the second waits here
    # for the first's episode, then is shown it instead of opening another (ADR 0033). The database's
    # one-open-episode constraint stays the last word.
    advisory_lock("missing-episode-open", child.pk)
    _refuse_when_open(child)
    try:
        with transaction.atomic():
            episode = MissingEpisode.objects.create(
                child=child,
                kind=kind,
                last_seen_at=last_seen_at,
                last_seen_where=last_seen_where,
                clothing=clothing,
                with_whom=with_whom,
                circumstances=circumstances,
                police_reference=police_reference,
                risk_grade=risk_grade,
                reported_by=actor,
            )
    except IntegrityError:
        _refuse_when_open(child)
        raise
    audit_event_record(
        actor=actor,
        action="missing.report",
        target=episode,
        host_council=child.host_council,
        changes={"kind": [None, kind], "last_seen_at": [None, last_seen_at], "risk_grade": [None, risk_grade]},
    )
    _tell(
        episode,
        f"A child is {episode.get_kind_display().lower()}: {child.initials_and_reference}",
        f"A child placed in {child.host_council.name} was reported {episode.get_kind_display().lower()}. "
        f"Open Safeguard for the details (sign in first): {child_link(child)}",
    )
    return episode


@transaction.atomic
def missing_episode_return(
    *,
    actor,
    episode: MissingEpisode,
    returned_at: datetime,
    found_where: str = "",
    found_by: str = "",
    found_with: str = "",
    harm_indicators: str = "",
    police_told: bool | None = None,
) -> MissingEpisode:
    """Record the child's return, and whether the police have been told the child is back (the police
    close their missing-person report on it). A return-home interview is then due within 72 hours."""
    episode = MissingEpisode.objects.select_for_update().get(pk=episode.pk)
    _episode_transition_check(episode, MissingEpisode.Status.RETURNED)
    errors = {}
    if returned_at < episode.last_seen_at:
        errors["returned_at"] = "The time of the return must be after the child was last seen"
    elif returned_at > timezone.now():
        errors["returned_at"] = "The time of the return must be in the past"
    if errors:
        raise EpisodeInvalid(errors)
    _episode_transition(episode, MissingEpisode.Status.RETURNED, at=returned_at)
    episode.found_where, episode.found_by = found_where, found_by
    episode.found_with, episode.harm_indicators, episode.return_recorded_by = found_with, harm_indicators, actor
    episode.police_told_of_return = police_told
    episode.save()
    audit_event_record(
        actor=actor,
        action="missing.return",
        target=episode,
        host_council=episode.child.host_council,
        changes={"returned_at": [None, returned_at], "police_told_of_return": [None, police_told]},
    )
    _episode_close_after(episode)
    return episode


@transaction.atomic
def missing_episode_after_return(
    *, actor, episode: MissingEpisode, harm_indicators: str = "", police_told: bool | None = None
) -> MissingEpisode:
    """What comes to light after a return or a finding: signs of harm noticed later (added to those
    recorded, never replacing them), and that the police have now been told the child is back.

    Refused while the child is still missing; "police told" cannot be taken back once recorded.
    """
    episode = MissingEpisode.objects.select_for_update().select_related("child__host_council").get(pk=episode.pk)
    harm = (harm_indicators or "").strip()
    errors = {}
    if episode.returned_at is None:
        errors["harm_indicators"] = "Record the return first: the child is still missing"
    elif not harm and police_told is not True:
        errors["harm_indicators"] = "Enter the signs of harm you noticed, or say that the police have been told"
    if police_told is False and episode.police_told_of_return:
        errors["police_told"] = "The police have already been told that the child is back"
    if errors:
        raise EpisodeInvalid(errors)
    before = {"harm_indicators": bool(episode.harm_indicators), "police_told_of_return": episode.police_told_of_return}
    if harm:
        stamp = timezone.localtime().strftime("%-d %B %Y")
        addition = f"Added on {stamp}: {harm}"
        episode.harm_indicators = f"{episode.harm_indicators}\n\n{addition}" if episode.harm_indicators else addition
    if police_told is True:
        episode.police_told_of_return = True
    episode.save(update_fields=["harm_indicators", "police_told_of_return"])
    audit_event_record(
        actor=actor,
        action="missing.after_return",
        target=episode,
        host_council=episode.child.host_council,
        changes={
            "harm_indicators_added": [None, bool(harm)],
            "police_told_of_return": [before["police_told_of_return"], episode.police_told_of_return],
        },
    )
    return episode
