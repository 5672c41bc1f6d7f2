"""Reads about children missing from care, scoped by who is asking. Out of scope is a 404.

Each read of a record (a photograph, a risk assessment, an episode, the profile's history, the
return-home interview list) records its access event here, where the scoped read is made.
"""

import itertools
from datetime import date, timedelta

from django.conf import settings
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone

from safeguard.accounts.models import REGISTER_ROLES, Role
from safeguard.core.audit import audit_access_record, audit_list_record
from safeguard.core.working_days import add_months
from safeguard.register.extensions import Flag
from safeguard.register.models import Child
from safeguard.register.selectors import child_get_for, children_visible_to

from .models import (
    PROFILE_FIELDS,
    RISK_ASSESSMENT_FIELDS,
    ChildPhotograph,
    MissingEpisode,
    MissingProfile,
    MissingRiskAssessment,
    ReturnHomeInterview,
)


def open_episodes() -> QuerySet[MissingEpisode]:
    """Episodes with no return recorded: the child is missing or away now."""
    return MissingEpisode.objects.filter(returned_at__isnull=True)


def past_episodes_of(child) -> QuerySet[MissingEpisode]:
    """The child's episodes that have ended, newest first, with their return-home interviews."""
    return (
        child.missing_episodes.filter(returned_at__isnull=False)
        .select_related("return_interview")
        .prefetch_related("sightings")
    )


def open_episodes_for_children(children) -> QuerySet[MissingEpisode]:
    return open_episodes().filter(child__in=children).select_related("child").order_by("last_seen_at")


def may_upload_photographs(user, child) -> bool:
    """The carer the child is placed with now keeps the photographs (seed 000)."""
    return (
        getattr(user, "is_authenticated", False)
        and user.role == Role.CARER
        and children_visible_to(user).filter(pk=child.pk).exists()
    )


def photograph_age_limit_months() -> int:
    return settings.PHOTO_MAX_AGE_MONTHS


def taken_too_long_ago(taken_on, today=None) -> bool:
    """Older than the configured age (default 6 months): out of date, everywhere it shows."""
    today = today or timezone.localdate()
    return taken_on < add_months(today, -photograph_age_limit_months())


def photograph_out_of_date(photo, today=None) -> bool:
    return taken_too_long_ago(photo.taken_on, today)


def current_photographs(child) -> dict:
    """The newest photograph of each kind, with whether it is out of date: {"face": (photo, stale), …}."""
    current = {}
    for photo in child.photographs.order_by("kind", "-uploaded_at"):
        if photo.kind not in current:
            current[photo.kind] = (photo, photograph_out_of_date(photo))
    return {kind: current.get(kind) for kind in ChildPhotograph.Kind.values}


def photograph_get_for(user, pk: int):
    """A photograph, for anyone who may see the child; reading it is an access event."""
    photo = ChildPhotograph.objects.filter(pk=pk, child__in=children_visible_to(user)).select_related("child").first()
    if photo is None:
        raise Http404("No such photograph")
    audit_access_record(actor=user, action="photograph.view", target=photo, host_council=photo.child.host_council)
    return photo


def may_report_missing(user, child) -> bool:
    """The carer the child lives with, and host staff working the register, record episodes."""
    if not getattr(user, "is_authenticated", False) or user.role not in REGISTER_ROLES | {Role.CARER}:
        return False
    return children_visible_to(user).filter(pk=child.pk).exists()


def may_update_as_police(user, child) -> bool:
    """The police force whose area the child is in, while the child is missing: the register's scope
    for an officer (the host council's police force, and `extensions.MISSING_NOW`), and nobody else.
    Another force, or a child no longer missing, is refused."""
    return (
        getattr(user, "is_authenticated", False)
        and user.role == Role.POLICE
        and children_visible_to(user).filter(pk=child.pk).exists()
    )


def missing_profile_of(child):
    """The child's missing profile, or None; read through the child, so the child's scope applies."""
    return MissingProfile.objects.filter(child=child).first()


# Who sees the queue (host staff, placing councils), and who records interviews (host staff).
RETURN_INTERVIEW_ROLES = frozenset(REGISTER_ROLES | {Role.PLACING_SOCIAL_WORKER})
REGISTER_ROLES_FOR_RHI = frozenset(RETURN_INTERVIEW_ROLES - {Role.PLACING_SOCIAL_WORKER})


def return_interviews_visible_to(user):
    """Interviews of the children the person may see, for host staff and placing councils."""
    if not getattr(user, "is_authenticated", False) or user.role not in RETURN_INTERVIEW_ROLES:
        return ReturnHomeInterview.objects.none()
    return ReturnHomeInterview.objects.filter(episode__child__in=children_visible_to(user)).select_related(
        "episode__child__placing_authority"
    )


def return_interview_timeliness(interviews) -> int | None:
    """Per cent of recorded interviews held (or offered) within 72 hours; None when none is recorded."""
    figures = interviews.exclude(outcome=ReturnHomeInterview.Outcome.DUE).aggregate(
        recorded=Count("pk"), on_time=Count("pk", filter=Q(held_at__lte=F("due_at")))
    )
    return round(100 * figures["on_time"] / figures["recorded"]) if figures["recorded"] else None


# Risk assessment and action plan (issue 4): written by the placing council, read by everyone who
# may see the child (the carer needs the agreed actions; the police get it in the grab pack).


def may_write_risk_assessment(user, child) -> bool:
    """The placing council's social worker; SQA staff on their behalf, for documents sent by e-mail."""
    if not getattr(user, "is_authenticated", False) or user.role not in {
        Role.PLACING_SOCIAL_WORKER,
        Role.SQA_OFFICER,
        Role.SQA_MANAGER,
    }:
        return False
    return children_visible_to(user).filter(pk=child.pk).exists()


def risk_assessments_of(child):
    """Newest first; the first is the current one."""
    return MissingRiskAssessment.objects.filter(child=child).select_related("written_by__organisation")


def risk_assessment_get_for(user, pk: int):
    """One assessment (for its document), for anyone who may see the child; reading it is recorded."""
    assessment = (
        MissingRiskAssessment.objects.filter(pk=pk, child__in=children_visible_to(user)).select_related("child").first()
    )
    if assessment is None:
        raise Http404("No such risk assessment")
    audit_access_record(
        actor=user, action="risk_assessment.view", target=assessment, host_council=assessment.child.host_council
    )
    return assessment


def risk_review_overdue(assessment, today=None) -> bool:
    return assessment is not None and assessment.review_on < (today or timezone.localdate())


def repeat_missing_since(now=None):
    return (now or timezone.now()) - timedelta(days=settings.MISSING_REPEAT_DAYS)


def repeat_missing(child, now=None) -> int | None:
    """The number of recent episodes when they reach the repeat threshold (default 3 in 90 days), else None."""
    count = child.missing_episodes.filter(last_seen_at__gte=repeat_missing_since(now)).count()
    return count if count >= settings.MISSING_REPEAT_EPISODES else None


def missing_flags_for(child_ids, *, now=None) -> dict[int, set[str]]:
    """Flags for a page of children in three queries, whatever the page size.

    missing_now · repeat_missing · photo_out_of_date · photo_missing (a kind never uploaded) ·
    risk_review_overdue.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    ids = list(child_ids)
    flags: dict[int, set[str]] = {pk: set() for pk in ids}
    if not ids:
        return flags
    since = repeat_missing_since(now)
    # One query for the page (docs/adr/0031): each child's open episode, recent episodes, newest
    # photograph of each kind and current risk review, as subqueries the indexes on child_id serve.
    episodes = MissingEpisode.objects.filter(child=OuterRef("pk"))
    recent = episodes.filter(last_seen_at__gte=since).order_by().values("child").annotate(n=Count("pk")).values("n")
    photo = {
        kind: Subquery(
            ChildPhotograph.objects.filter(child=OuterRef("pk"), kind=kind)
            .order_by("-uploaded_at")
            .values("taken_on")[:1]
        )
        for kind in ChildPhotograph.Kind.values
    }
    review = MissingRiskAssessment.objects.filter(child=OuterRef("pk")).order_by("-written_at", "-pk")
    rows = Child.objects.filter(pk__in=ids).values_list(
        "pk",
        Exists(episodes.filter(returned_at__isnull=True)),
        Subquery(recent),
        Subquery(review.values("review_on")[:1]),
        *photo.values(),
    )
    for pk, missing_now, recent_count, review_on, *taken in rows:
        if missing_now:
            flags[pk].add("missing_now")
        if (recent_count or 0) >= settings.MISSING_REPEAT_EPISODES:
            flags[pk].add("repeat_missing")
        for taken_on in taken:
            if taken_on is None:
                flags[pk].add("photo_missing")
            elif taken_too_long_ago(taken_on, today):
                flags[pk].add("photo_out_of_date")
        if review_on is not None and review_on < today:
            flags[pk].add("risk_review_overdue")
    return flags


def risk_reviews_overdue(children, today=None):
    """Children whose current risk assessment has passed its review date, longest overdue first."""
    latest = (
        MissingRiskAssessment.objects.filter(child=OuterRef("pk")).order_by("-written_at", "-pk").values("review_on")
    )
    return (
        children.annotate(risk_review_on=Subquery(latest[:1]))
        .filter(risk_review_on__lt=today or timezone.localdate())
        .order_by("risk_review_on")
    )


def open_episode_get_for(user, pk: int) -> MissingEpisode:
    """An episode not yet ended, of a child `user` may see, or 404; reading the child's record is recorded."""
    episode = open_episodes().filter(pk=pk).first()
    if episode is None:
        raise Http404("No such episode")
    episode.child = child_get_for(user, episode.child_id)
    return episode


def returned_episode_get_for(user, pk: int) -> MissingEpisode:
    """An ended episode of a child `user` may see, or 404; reading the child's record is recorded."""
    episode = MissingEpisode.objects.filter(pk=pk, returned_at__isnull=False).first()
    if episode is None:
        raise Http404("No such episode")
    episode.child = child_get_for(user, episode.child_id)
    return episode


def return_interview_list_for(user) -> QuerySet[ReturnHomeInterview]:
    """The return-home interviews `user` may see, as a list of children's names: an access event."""
    interviews = return_interviews_visible_to(user)
    audit_list_record(
        actor=user, action="child.list", object_type="missing.returnhomeinterview", host_council=user.host_council
    )
    return interviews


def missing_profile_versions_for(user, child) -> list[dict]:
    """Every wording of the child's missing profile, newest first, each with the fields changed from the
    one before; 404 when there is no profile. Reading the history is an access event."""
    profile = missing_profile_of(child)
    if profile is None:
        raise Http404("No missing profile")
    audit_access_record(actor=user, action="missing_profile.history", target=profile, host_council=child.host_council)
    versions = [
        {"content": profile.as_dict(), "saved_at": profile.updated_at, "saved_by": profile.updated_by, "current": True}
    ] + [
        {"content": v.content, "saved_at": v.saved_at, "saved_by": v.saved_by, "current": False}
        for v in profile.versions.select_related("saved_by")
    ]
    for newer, older in itertools.pairwise(versions):
        newer["changed"] = {
            name for name, _l, _h in PROFILE_FIELDS if newer["content"].get(name) != older["content"].get(name)
        }
    return versions


# The missing-from-care figures (dashboard, SSDA903 export): host register staff, and placing councils
# for their own children.
FIGURES_ROLES = frozenset(REGISTER_ROLES | {Role.PLACING_SOCIAL_WORKER})


def may_see_figures(user) -> bool:
    return getattr(user, "is_authenticated", False) and user.role in FIGURES_ROLES


def figures_scope(user) -> Q:
    """Which rows of the kept figures (`MissingFigureDay`, `MissingFigureYear`) are of the children
    `user` may see: as `children_visible_to`, host staff their host council's, a placing council the
    children it placed. Nothing for anyone else (the figures' and the interview queue's roles only)."""
    if getattr(user, "is_authenticated", False) and user.is_active:
        if user.role in REGISTER_ROLES and user.host_council:
            return Q(host_council_id=user.host_council.pk)
        if user.role == Role.PLACING_SOCIAL_WORKER and user.organisation_id:
            return Q(placing_authority_id=user.organisation_id)
    return Q(pk__in=[])


def figures_children_for(user, *, year: int) -> QuerySet:
    """The children whose episodes the dashboard counts for `user`, or 404; showing the figures (which
    name children with repeat episodes) is an access event."""
    if not may_see_figures(user):
        raise Http404
    audit_list_record(
        actor=user,
        action="missing.figures",
        object_type="missing.missingepisode",
        listing=str(year),
        host_council=user.host_council,
    )
    return children_visible_to(user)


def ssda903_children_for(user, *, placing_authority) -> QuerySet:
    """The children in `user`'s scope for one placing council's SSDA903 Missing table, or 404 (a placing
    council exports only its own); the export is an access event."""
    if not may_see_figures(user):
        raise Http404
    if user.role == Role.PLACING_SOCIAL_WORKER and user.organisation_id != placing_authority.pk:
        raise Http404
    audit_list_record(
        actor=user,
        action="missing.export_ssda903",
        object_type="accounts.organisation",
        listing=str(placing_authority.pk),
        host_council=user.host_council,
    )
    return children_visible_to(user)


# What the register's list shows of this app, in this order (register.extensions, filled by the top app).
LIST_FLAGS = {
    "missing_now": Flag("Missing now", "red"),
    "repeat_missing": Flag("Repeat missing", "red"),
    "risk_review_overdue": Flag("Risk review overdue", "orange"),
    "photo_out_of_date": Flag("Photo out of date", "yellow"),
}


def missing_now_condition():
    """Whether a child (OuterRef("pk")) is missing or away now: an open episode."""
    return Exists(open_episodes().filter(child=OuterRef("pk")))


def register_flags(user, child_ids: list[int]) -> dict[int, list[Flag]]:
    """The register list's missing flags for a page of children (already in `user`'s scope)."""
    found = missing_flags_for(child_ids)
    return {pk: [flag for name, flag in LIST_FLAGS.items() if name in names] for pk, names in found.items()}


def child_panel(user, child) -> dict:
    """The missing-from-care parts of a child's page (the child is already in `user`'s scope): open
    episodes, repeat episodes, the risk assessment, photographs, the missing profile, earlier episodes,
    and what `user` may do."""
    risk_assessment = risk_assessments_of(child).first()
    return {
        "open_episodes": list(open_episodes().filter(child=child).prefetch_related("sightings")),
        "repeat_missing": repeat_missing(child),
        "repeat_missing_days": settings.MISSING_REPEAT_DAYS,
        "risk_assessment": risk_assessment,
        "risk_assessment_fields": RISK_ASSESSMENT_FIELDS,
        "risk_review_overdue": risk_review_overdue(risk_assessment),
        "current": current_photographs(child),
        "max_age": photograph_age_limit_months(),
        "profile": missing_profile_of(child),
        "profile_fields": PROFILE_FIELDS,
        "past_episodes": list(past_episodes_of(child)),
        "now": timezone.now(),
        "may_report_missing": may_report_missing(user, child),
        "may_update_as_police": may_update_as_police(user, child),
        "may_upload_photographs": may_upload_photographs(user, child),
        "may_write_risk_assessment": may_write_risk_assessment(user, child),
    }


def child_audit_records(child) -> dict[str, list[str]]:
    """Missing from care's records about `child` (episodes, return interviews, photographs, profile, risk
    assessments), as {object_type: [ids]}, for the audit by child."""

    def ids(queryset) -> list[str]:
        return [str(pk) for pk in queryset.values_list("pk", flat=True)]

    return {
        MissingEpisode._meta.label_lower: ids(MissingEpisode.objects.filter(child=child)),
        ReturnHomeInterview._meta.label_lower: ids(ReturnHomeInterview.objects.filter(episode__child=child)),
        ChildPhotograph._meta.label_lower: ids(ChildPhotograph.objects.filter(child=child)),
        MissingProfile._meta.label_lower: ids(MissingProfile.objects.filter(child=child)),
        MissingRiskAssessment._meta.label_lower: ids(MissingRiskAssessment.objects.filter(child=child)),
    }


def open_episode_starts(child_ids: list[int]) -> dict[int, tuple[str, date]]:
    """For education's alert (filled through `education.extensions` by home): each of these children's
    open episode, as (a key naming it, the day the child was last seen)."""
    found = {}
    for episode in open_episodes().filter(child_id__in=child_ids).order_by("last_seen_at"):
        found.setdefault(episode.child_id, (f"missing-episode-{episode.pk}", timezone.localdate(episode.last_seen_at)))
    return found
