"""Reads of children's records, scoped by who is asking. Out of scope is a 404."""

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from safeguard.accounts.models import REGISTER_ROLES, Role
from safeguard.core.audit import audit_access_record
from safeguard.missing.selectors import open_episodes

from .models import Child, Placement

# Roles that may see some children's records (each through its own scope below).
CHILD_ROLES = REGISTER_ROLES | {Role.LADO, Role.PLACING_SOCIAL_WORKER, Role.CARER, Role.POLICE}


def current_placements(day=None) -> QuerySet[Placement]:
    day = day or timezone.localdate()
    return Placement.objects.filter(start_date__lte=day).filter(Q(end_date__isnull=True) | Q(end_date__gte=day))


def children_visible_to(user) -> QuerySet[Child]:
    """The children `user` may see.

    Host staff: their host council's register. Placing social workers: the children their council
    placed (in any host area). Carers: children placed with them now. Police: children currently
    missing in the areas their force covers. Everyone else: none.
    """
    children = Child.objects.select_related("host_council__organisation", "placing_authority")
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return children.none()
    role = user.role
    if role in REGISTER_ROLES or role == Role.LADO:
        host = user.host_council
        return children.filter(host_council=host) if host else children.none()
    if role == Role.PLACING_SOCIAL_WORKER and user.organisation_id:
        return children.filter(placing_authority_id=user.organisation_id)
    if role == Role.CARER and user.organisation_id:
        placed_here = current_placements().filter(child=OuterRef("pk"), carer_id=user.organisation_id)
        return children.filter(Exists(placed_here))
    if role == Role.POLICE and user.organisation_id:
        missing_now = open_episodes().filter(child=OuterRef("pk"))
        return children.filter(host_council__police_force_id=user.organisation_id).filter(Exists(missing_now))
    return children.none()


def may_see_children(user) -> bool:
    return getattr(user, "is_authenticated", False) and user.role in CHILD_ROLES


def child_get_for(user, pk: int) -> Child:
    """One child's record for `user`, or 404; records the read in the audit trail."""
    child = children_visible_to(user).filter(pk=pk).first()
    if child is None:
        raise Http404("No such child")
    audit_access_record(actor=user, action="child.view", target=child, host_council=child.host_council)
    return child


def placements_of(child: Child) -> QuerySet[Placement]:
    return child.placements.select_related("carer").order_by("-start_date")


def children_placed_by(council) -> QuerySet[Child]:
    """A placing council's own children, in every host area (its case system's API view)."""
    return (
        Child.objects.filter(placing_authority=council)
        .select_related("host_council__organisation")
        .prefetch_related("placements")
        .order_by("pk")
    )


def current_placement_of(child: Child) -> Placement | None:
    """The child's open placement (no end date), the latest started if there are more."""
    return child.placements.filter(end_date__isnull=True).order_by("-start_date").first()
