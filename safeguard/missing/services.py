"""Writes for missing from care: photographs (seed 000), reporting a child missing and their return."""

import hashlib
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from safeguard.core.audit import audit_event_record, changes_between
from safeguard.core.errors import ServiceRefusal, TransitionRefused
from safeguard.core.outbox import outbox_email_enqueue

from .documents import DocumentRejected, document_check
from .models import (
    PROFILE_FIELDS,
    RISK_ASSESSMENT_FIELDS,
    ChildPhotograph,
    MissingEpisode,
    MissingProfile,
    MissingProfileVersion,
    MissingRiskAssessment,
    ReturnHomeInterview,
)
from .photos import PhotoRejected, photo_process
from .selectors import may_upload_photographs, may_write_risk_assessment

# DfE statutory guidance (2014): a return-home interview within 72 hours of the return.
RETURN_INTERVIEW_WITHIN = timedelta(hours=72)

__all__ = [
    "EpisodeInvalid",
    "PhotoRejected",
    "missing_episode_report",
    "missing_episode_return",
    "missing_profile_save",
    "missing_risk_assessment_save",
    "missing_sweep",
    "photograph_upload",
]


@transaction.atomic
def photograph_upload(*, actor, child, kind: str, data: bytes, taken_on: date | None = None) -> ChildPhotograph:
    """Keep a new photograph of the child, checked and stripped of metadata (GPS included).

    The camera's date wins over the one typed; with neither, the photograph is dated today.
    Raises PhotoRejected with the message for the carer; nothing is stored then.
    """
    if not may_upload_photographs(actor, child):
        raise PermissionDenied
    if kind not in ChildPhotograph.Kind.values:
        raise PhotoRejected("Select whether this is a face or a full-length photograph", code="kind")
    processed = photo_process(data)
    taken = timezone.localdate(processed.taken_at) if processed.taken_at else (taken_on or timezone.localdate())
    if taken > timezone.localdate():
        raise PhotoRejected("The date the photograph was taken must be today or in the past", code="taken_on")
    photo = ChildPhotograph(
        child=child,
        kind=kind,
        width=processed.width,
        height=processed.height,
        sha256=processed.sha256,
        taken_on=taken,
        uploaded_by=actor,
    )
    # Names say nothing about the child: the photograph's hash.
    photo.image.save(f"{processed.sha256[:32]}.jpg", ContentFile(processed.image), save=False)
    photo.thumbnail.save(f"{processed.sha256[:32]}-thumb.jpg", ContentFile(processed.thumbnail), save=False)
    photo.save()
    audit_event_record(
        actor=actor,
        action="photograph.upload",
        target=photo,
        host_council=child.host_council,
        changes={"kind": [None, kind], "taken_on": [None, taken]},
    )
    return photo


class EpisodeInvalid(ServiceRefusal):
    """Field-by-field problems with a report or a return; nothing was saved."""


def _refused_on(field: str, refused: TransitionRefused) -> TransitionRefused:
    refused.errors = {field: refused.errors["__all__"]}
    return refused


def _episode_transition_check(episode: MissingEpisode, to: str) -> None:
    """Refuse (TransitionRefused) unless `MissingEpisode.TRANSITIONS` lets the episode move to `to`."""
    try:
        MissingEpisode.TRANSITIONS.check(
            episode.status, to, noun="episode", message="The return has already been recorded"
        )
    except TransitionRefused as refused:
        raise _refused_on("returned_at", refused) from None


def _episode_transition(episode: MissingEpisode, to: str, *, at: datetime) -> None:
    """The one place an episode changes state, checked against `MissingEpisode.TRANSITIONS`. The state
    is not a column: a return is its time (`returned_at`)."""
    _episode_transition_check(episode, to)
    if to == MissingEpisode.Status.RETURNED:
        episode.returned_at = at


def _interview_transition_check(interview: ReturnHomeInterview, to: str) -> None:
    """Refuse (TransitionRefused) unless `ReturnHomeInterview.TRANSITIONS` lets the interview move to `to`."""
    try:
        ReturnHomeInterview.TRANSITIONS.check(
            interview.outcome, to, noun="interview", message="This interview has already been recorded"
        )
    except TransitionRefused as refused:
        raise _refused_on("outcome", refused) from None


def _interview_transition(interview: ReturnHomeInterview, to: str) -> None:
    """The one place an interview's outcome changes, checked against `ReturnHomeInterview.TRANSITIONS`."""
    _interview_transition_check(interview, to)
    interview.outcome = to


def _grade_ok(grade: str) -> bool:
    return not grade or grade in settings.MISSING_RISK_GRADES


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
    if child.missing_episodes.filter(returned_at__isnull=True).exists():
        errors["kind"] = f"{child.first_name} is already recorded as missing or away: record the return first"
    if errors:
        raise EpisodeInvalid(errors)
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
    audit_event_record(
        actor=actor,
        action="missing.report",
        target=episode,
        host_council=child.host_council,
        changes={"kind": [None, kind], "last_seen_at": [None, last_seen_at], "risk_grade": [None, risk_grade]},
    )
    _tell(
        episode,
        f"{child.full_name} is {episode.get_kind_display().lower()}",
        f"{child.full_name} was reported {episode.get_kind_display().lower()} in {child.host_council.name}. "
        f"Last seen {timezone.localtime(last_seen_at):%d %B %Y at %H:%M}. Open Safeguard for the details.",
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
) -> MissingEpisode:
    """Record the child's return. A return-home interview is then due within 72 hours (issue 4, next)."""
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
    episode.save()
    audit_event_record(
        actor=actor,
        action="missing.return",
        target=episode,
        host_council=episode.child.host_council,
        changes={"returned_at": [None, returned_at]},
    )
    ReturnHomeInterview.objects.create(episode=episode, due_at=returned_at + RETURN_INTERVIEW_WITHIN)
    child = episode.child
    _tell(
        episode,
        f"{child.full_name} has returned",
        f"{child.full_name} returned on {timezone.localtime(returned_at):%d %B %Y at %H:%M}. "
        "A return-home interview is due within 72 hours. Open Safeguard for the details.",
    )
    return episode


def _when(moment: datetime) -> str:
    return f"{timezone.localtime(moment):%d %B %Y at %H:%M}"


def _ra_email(host_council) -> str:
    team = host_council.teams.filter(kind="referral_assessment").first()
    return team.email if team else ""


def _tell(episode: MissingEpisode, subject: str, body: str) -> None:
    """The placing social worker and the IRO; R&A when the risk grade calls for it. No details by e-mail."""
    child = episode.child
    recipients = [child.social_worker_email, child.iro_email]
    if episode.risk_grade in settings.MISSING_TELL_RA_GRADES and episode.ra_told_at is None:
        recipients.append(_ra_email(child.host_council))
        episode.ra_told_at = timezone.now()
        episode.save(update_fields=["ra_told_at"])
    for address in dict.fromkeys(r for r in recipients if r):
        outbox_email_enqueue(
            to=address, subject=subject, body=body, purpose="missing.tell", host_council=child.host_council
        )


def missing_sweep(*, now: datetime | None = None) -> dict[str, int]:
    """The periodic rules (Celery beat every 5 minutes; `outbox_worker` on the embedded default).

    - A child missing or away longer than MISSING_TELL_RA_AFTER_HOURS: the host's R&A team is told,
      once, whatever the risk grade.
    - A return-home interview past its 72 hours: escalated, once, to R&A and the placing social worker.
    """
    now = now or timezone.now()
    told = escalated = 0
    long_missing = MissingEpisode.objects.filter(
        returned_at__isnull=True,
        ra_told_at__isnull=True,
        last_seen_at__lte=now - timedelta(hours=settings.MISSING_TELL_RA_AFTER_HOURS),
    ).select_related("child__host_council")
    for episode in long_missing:
        with transaction.atomic():
            if MissingEpisode.objects.filter(pk=episode.pk, ra_told_at__isnull=True).update(ra_told_at=now) != 1:
                continue  # another sweep got there first
            child = episode.child
            address = _ra_email(child.host_council)
            if address:
                outbox_email_enqueue(
                    to=address,
                    subject=f"Missing longer than {settings.MISSING_TELL_RA_AFTER_HOURS} hours: a child placed in "
                    f"{child.host_council.name}",
                    body=f"A child placed in {child.host_council.name} by {child.placing_authority.name} has been "
                    f"{episode.get_kind_display().lower()} since {_when(episode.last_seen_at)}. "
                    "Open Safeguard for the details.",
                    purpose="missing.tell_ra_after_hours",
                    host_council=child.host_council,
                )
            audit_event_record(
                actor=None,
                action="missing.tell_ra",
                target=episode,
                host_council=child.host_council,
                changes={"ra_told_at": [None, now], "rule": [None, f"{settings.MISSING_TELL_RA_AFTER_HOURS} hours"]},
            )
            told += 1
    overdue = ReturnHomeInterview.objects.filter(
        outcome=ReturnHomeInterview.Outcome.DUE, due_at__lt=now, escalated_at__isnull=True
    ).select_related("episode__child__host_council", "episode__child__placing_authority")
    for interview in overdue:
        with transaction.atomic():
            updated = ReturnHomeInterview.objects.filter(pk=interview.pk, escalated_at__isnull=True).update(
                escalated_at=now
            )
            if updated != 1:
                continue
            child = interview.episode.child
            for address in dict.fromkeys(a for a in (_ra_email(child.host_council), child.social_worker_email) if a):
                outbox_email_enqueue(
                    to=address,
                    subject=f"Return-home interview overdue: a child placed in {child.host_council.name}",
                    body=f"A return-home interview was due by {_when(interview.due_at)} "
                    "(72 hours after the child came back) and has not been recorded. "
                    "Open Safeguard's return-home interview queue.",
                    purpose="return_interview.overdue",
                    host_council=child.host_council,
                )
            audit_event_record(
                actor=None,
                action="return_interview.escalate",
                target=interview,
                host_council=child.host_council,
                changes={"escalated_at": [None, now]},
            )
            escalated += 1
    return {"told_ra": told, "interviews_escalated": escalated}


@transaction.atomic
def missing_profile_save(*, actor, child, answers: dict[str, str]) -> MissingProfile:
    """The carer keeps the child's missing profile (Philomena Protocol part 1); earlier text is kept."""
    if not may_upload_photographs(actor, child):  # the same person: the carer the child lives with
        raise PermissionDenied
    profile, created = MissingProfile.objects.select_for_update().get_or_create(child=child)
    before = profile.as_dict()
    if not created and any(before.values()):
        MissingProfileVersion.objects.create(
            profile=profile, content=before, saved_at=profile.updated_at, saved_by=profile.updated_by
        )
    for name, _label, _hint in PROFILE_FIELDS:
        setattr(profile, name, (answers.get(name) or "").strip())
    profile.updated_by = actor
    profile.save()
    audit_event_record(
        actor=actor,
        action="missing_profile.save",
        target=profile,
        host_council=child.host_council,
        changes=changes_between(before, profile.as_dict()),
    )
    return profile


@transaction.atomic
def return_interview_record(
    *,
    actor,
    interview: ReturnHomeInterview,
    outcome: str,
    held_at: datetime,
    interviewer: str,
    interviewer_organisation: str,
    independent: bool,
    learned: str = "",
    shared_with_placing_council: bool = False,
) -> ReturnHomeInterview:
    """Record the interview (or that it was offered and declined), by someone independent of the placement."""
    interview = ReturnHomeInterview.objects.select_for_update().select_related("episode").get(pk=interview.pk)
    errors = {}
    if outcome not in ReturnHomeInterview.TRANSITIONS.targets(ReturnHomeInterview.Outcome.DUE):
        errors["outcome"] = "Select whether the interview was held or offered and declined"
    else:
        _interview_transition_check(interview, outcome)  # a recorded interview is refused before its answers are read
    if held_at > timezone.now():
        errors["held_at"] = "The date and time must be in the past"
    elif held_at < interview.episode.returned_at:
        errors["held_at"] = "The interview must be after the child returned"
    if not interviewer.strip():
        errors["interviewer"] = "Enter who held or offered the interview"
    if not independent:
        errors["independent"] = "The interview must be by someone independent of the placement: confirm that it was"
    if errors:
        raise EpisodeInvalid(errors)
    _interview_transition(interview, outcome)
    interview.held_at = held_at
    interview.interviewer, interview.interviewer_organisation = interviewer.strip(), interviewer_organisation.strip()
    interview.learned, interview.shared_with_placing_council = learned, shared_with_placing_council
    interview.recorded_by, interview.recorded_at = actor, timezone.now()
    interview.save()
    child = interview.episode.child
    audit_event_record(
        actor=actor,
        action="return_interview.record",
        target=interview,
        host_council=child.host_council,
        changes={"outcome": ["due", outcome], "on_time": [None, interview.on_time]},
    )
    if shared_with_placing_council and child.social_worker_email:
        outbox_email_enqueue(
            to=child.social_worker_email,
            subject=f"Return-home interview: {child.full_name}",
            body="A return-home interview has been recorded. Open Safeguard to read it.",
            purpose="return_interview.share",
            host_council=child.host_council,
        )
    return interview


@transaction.atomic
def missing_risk_assessment_save(
    *,
    actor,
    child,
    answers: dict[str, str],
    review_on: date | None,
    document: bytes | None = None,
    document_name: str = "",
) -> MissingRiskAssessment:
    """A new risk assessment and action plan from the placing social worker; earlier ones are kept.

    Structured answers, a document, or both; a review date is always needed. Raises EpisodeInvalid
    with field-by-field messages; nothing is stored then.
    """
    if not may_write_risk_assessment(actor, child):
        raise PermissionDenied
    errors = {}
    answers = {name: (answers.get(name) or "").strip() for name, _label, _hint in RISK_ASSESSMENT_FIELDS}
    checked = None
    if document is not None:
        try:
            checked = document_check(document, max_bytes=settings.RISK_ASSESSMENT_DOCUMENT_MAX_BYTES)
        except DocumentRejected as problem:
            errors["document"] = str(problem)
    if not any(answers.values()) and document is None:
        errors["risk_factors"] = "Enter the risk factors and agreed actions, or upload the risk assessment document"
    today = timezone.localdate()
    if review_on is None:
        errors["review_on"] = "Enter the date the risk assessment will be reviewed"
    elif review_on < today:
        errors["review_on"] = "The review date must be today or in the future"
    elif review_on > today + timedelta(days=366):
        errors["review_on"] = "The review date must be within a year: risk changes, review it at least yearly"
    if errors:
        raise EpisodeInvalid(errors)
    assessment = MissingRiskAssessment(child=child, review_on=review_on, written_by=actor, **answers)
    if checked is not None:
        assessment.document_name = (document_name or f"risk-assessment.{checked.extension}")[-200:]
        assessment.document_type = checked.content_type
        digest = hashlib.sha256(document).hexdigest()[:32]
        assessment.document.save(f"{digest}.{checked.extension}", ContentFile(document), save=False)
    assessment.save()
    audit_event_record(
        actor=actor,
        action="missing_risk_assessment.save",
        target=assessment,
        host_council=child.host_council,
        changes={"review_on": [None, review_on], "document": [None, assessment.document_name or None]},
    )
    return assessment
