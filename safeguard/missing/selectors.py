from django.db.models import QuerySet

from .models import MissingEpisode


def open_episodes() -> QuerySet[MissingEpisode]:
    """Episodes with no return recorded: the child is missing or away now."""
    return MissingEpisode.objects.filter(returned_at__isnull=True)


def past_episodes_of(child) -> QuerySet[MissingEpisode]:
    """The child's episodes that have ended, newest first, with their return-home interviews."""
    return child.missing_episodes.filter(returned_at__isnull=False).select_related("return_interview")


def open_episodes_for_children(children) -> QuerySet[MissingEpisode]:
    return open_episodes().filter(child__in=children).select_related("child").order_by("last_seen_at")


def may_upload_photographs(user, child) -> bool:
    """The carer the child is placed with now keeps the photographs (seed 000)."""
    from safeguard.accounts.models import Role
    from safeguard.register.selectors import children_visible_to

    return (
        getattr(user, "is_authenticated", False)
        and user.role == Role.CARER
        and children_visible_to(user).filter(pk=child.pk).exists()
    )


def photograph_age_limit_months() -> int:
    from django.conf import settings

    return settings.PHOTO_MAX_AGE_MONTHS


def taken_too_long_ago(taken_on, today=None) -> bool:
    """Older than the configured age (default 6 months): out of date, everywhere it shows."""
    from django.utils import timezone

    from safeguard.core.working_days import add_months

    today = today or timezone.localdate()
    return taken_on < add_months(today, -photograph_age_limit_months())


def photograph_out_of_date(photo, today=None) -> bool:
    return taken_too_long_ago(photo.taken_on, today)


def current_photographs(child) -> dict:
    """The newest photograph of each kind, with whether it is out of date: {"face": (photo, stale), …}."""
    from .models import ChildPhotograph

    current = {}
    for photo in child.photographs.order_by("kind", "-uploaded_at"):
        if photo.kind not in current:
            current[photo.kind] = (photo, photograph_out_of_date(photo))
    return {kind: current.get(kind) for kind in ChildPhotograph.Kind.values}


def photograph_get_for(user, pk: int):
    """A photograph, for anyone who may see the child; reading it is an access event."""
    from django.http import Http404

    from safeguard.core.audit import audit_access_record
    from safeguard.register.selectors import children_visible_to

    from .models import ChildPhotograph

    photo = ChildPhotograph.objects.filter(pk=pk, child__in=children_visible_to(user)).select_related("child").first()
    if photo is None:
        raise Http404("No such photograph")
    audit_access_record(actor=user, action="photograph.view", target=photo, host_council=photo.child.host_council)
    return photo


def may_report_missing(user, child) -> bool:
    """The carer the child lives with, and host staff working the register, record episodes."""
    from safeguard.accounts.models import REGISTER_ROLES, Role
    from safeguard.register.selectors import children_visible_to

    if not getattr(user, "is_authenticated", False) or user.role not in REGISTER_ROLES | {Role.CARER}:
        return False
    return children_visible_to(user).filter(pk=child.pk).exists()


def missing_profile_of(child):
    """The child's missing profile, or None; read through the child, so the child's scope applies."""
    from .models import MissingProfile

    return MissingProfile.objects.filter(child=child).first()


def _rhi_roles():
    from safeguard.accounts.models import REGISTER_ROLES, Role

    return REGISTER_ROLES | {Role.PLACING_SOCIAL_WORKER}


# Who sees the queue (host staff, placing councils), and who records interviews (host staff).
RETURN_INTERVIEW_ROLES = frozenset(_rhi_roles())
REGISTER_ROLES_FOR_RHI = frozenset(RETURN_INTERVIEW_ROLES - {"placing_social_worker"})


def return_interviews_visible_to(user):
    """Interviews of the children the person may see, for host staff and placing councils."""
    from safeguard.accounts.models import REGISTER_ROLES, Role
    from safeguard.register.selectors import children_visible_to

    from .models import ReturnHomeInterview

    if not getattr(user, "is_authenticated", False) or user.role not in REGISTER_ROLES | {Role.PLACING_SOCIAL_WORKER}:
        return ReturnHomeInterview.objects.none()
    return ReturnHomeInterview.objects.filter(episode__child__in=children_visible_to(user)).select_related(
        "episode__child__placing_authority"
    )


def return_interview_timeliness(interviews) -> int | None:
    """Per cent of recorded interviews held (or offered) within 72 hours; None when none is recorded."""
    from django.db.models import Count, F, Q

    from .models import ReturnHomeInterview

    figures = interviews.exclude(outcome=ReturnHomeInterview.Outcome.DUE).aggregate(
        recorded=Count("pk"), on_time=Count("pk", filter=Q(held_at__lte=F("due_at")))
    )
    return round(100 * figures["on_time"] / figures["recorded"]) if figures["recorded"] else None


# Risk assessment and action plan (issue 4): written by the placing council, read by everyone who
# may see the child (the carer needs the agreed actions; the police get it in the grab pack).


def may_write_risk_assessment(user, child) -> bool:
    """The placing council's social worker; SQA staff on their behalf, for documents sent by e-mail."""
    from safeguard.accounts.models import Role
    from safeguard.register.selectors import children_visible_to

    if not getattr(user, "is_authenticated", False) or user.role not in {
        Role.PLACING_SOCIAL_WORKER,
        Role.SQA_OFFICER,
        Role.SQA_MANAGER,
    }:
        return False
    return children_visible_to(user).filter(pk=child.pk).exists()


def risk_assessments_of(child):
    """Newest first; the first is the current one."""
    from .models import MissingRiskAssessment

    return MissingRiskAssessment.objects.filter(child=child).select_related("written_by__organisation")


def risk_assessment_get_for(user, pk: int):
    """One assessment (for its document), for anyone who may see the child; reading it is recorded."""
    from django.http import Http404

    from safeguard.core.audit import audit_access_record
    from safeguard.register.selectors import children_visible_to

    from .models import MissingRiskAssessment

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
    from django.utils import timezone

    return assessment is not None and assessment.review_on < (today or timezone.localdate())


def repeat_missing_since(now=None):
    from datetime import timedelta

    from django.conf import settings
    from django.utils import timezone

    return (now or timezone.now()) - timedelta(days=settings.MISSING_REPEAT_DAYS)


def repeat_missing(child, now=None) -> int | None:
    """The number of recent episodes when they reach the repeat threshold (default 3 in 90 days), else None."""
    from django.conf import settings

    count = child.missing_episodes.filter(last_seen_at__gte=repeat_missing_since(now)).count()
    return count if count >= settings.MISSING_REPEAT_EPISODES else None


def missing_flags_for(child_ids, *, now=None) -> dict[int, set[str]]:
    """Flags for a page of children in three queries, whatever the page size.

    missing_now · repeat_missing · photo_out_of_date · photo_missing (a kind never uploaded) ·
    risk_review_overdue.
    """
    from django.conf import settings
    from django.db.models import Count, Q
    from django.utils import timezone

    from .models import ChildPhotograph, MissingEpisode, MissingRiskAssessment

    now = now or timezone.now()
    today = timezone.localdate(now)
    ids = list(child_ids)
    flags: dict[int, set[str]] = {pk: set() for pk in ids}
    if not ids:
        return flags
    since = repeat_missing_since(now)
    episodes = (
        MissingEpisode.objects.filter(child_id__in=ids)
        .filter(Q(returned_at__isnull=True) | Q(last_seen_at__gte=since))
        .values("child_id")
        .annotate(
            open=Count("pk", filter=Q(returned_at__isnull=True)),
            recent=Count("pk", filter=Q(last_seen_at__gte=since)),
        )
    )
    for row in episodes:
        if row["open"]:
            flags[row["child_id"]].add("missing_now")
        if row["recent"] >= settings.MISSING_REPEAT_EPISODES:
            flags[row["child_id"]].add("repeat_missing")
    newest: dict[tuple[int, str], object] = {}
    photos = ChildPhotograph.objects.filter(child_id__in=ids).order_by("child_id", "kind", "-uploaded_at")
    for child_id, kind, taken_on in photos.values_list("child_id", "kind", "taken_on"):
        newest.setdefault((child_id, kind), taken_on)
    for pk in ids:
        for kind in ChildPhotograph.Kind.values:
            taken_on = newest.get((pk, kind))
            if taken_on is None:
                flags[pk].add("photo_missing")
            elif taken_too_long_ago(taken_on, today):
                flags[pk].add("photo_out_of_date")
    reviews = MissingRiskAssessment.objects.filter(child_id__in=ids).order_by("child_id", "-written_at", "-pk")
    current_review: dict[int, object] = {}
    for child_id, review_on in reviews.values_list("child_id", "review_on"):
        current_review.setdefault(child_id, review_on)
    for child_id, review_on in current_review.items():
        if review_on < today:
            flags[child_id].add("risk_review_overdue")
    return flags


def risk_reviews_overdue(children, today=None):
    """Children whose current risk assessment has passed its review date, longest overdue first."""
    from django.db.models import OuterRef, Subquery
    from django.utils import timezone

    from .models import MissingRiskAssessment

    latest = (
        MissingRiskAssessment.objects.filter(child=OuterRef("pk")).order_by("-written_at", "-pk").values("review_on")
    )
    return (
        children.annotate(risk_review_on=Subquery(latest[:1]))
        .filter(risk_review_on__lt=today or timezone.localdate())
        .order_by("risk_review_on")
    )
