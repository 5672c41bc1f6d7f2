from django.db.models import QuerySet

from .models import MissingEpisode


def open_episodes() -> QuerySet[MissingEpisode]:
    """Episodes with no return recorded: the child is missing or away now."""
    return MissingEpisode.objects.filter(returned_at__isnull=True)


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


def photograph_out_of_date(photo, today=None) -> bool:
    """Older than the configured age (default 6 months): out of date, everywhere it shows."""
    from django.utils import timezone

    today = today or timezone.localdate()
    months = photograph_age_limit_months()
    year, month = divmod(today.month - 1 - months, 12)
    limit = today.replace(year=today.year + year, month=month + 1, day=min(today.day, 28))
    return photo.taken_on < limit


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
