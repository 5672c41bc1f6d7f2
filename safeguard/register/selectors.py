"""Reads of children's records, scoped by who is asking. Out of scope is a 404."""

import contextlib
import hashlib
import logging
import time
from dataclasses import asdict

from django.conf import settings
from django.core.cache import cache
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from safeguard.accounts.models import REGISTER_ROLES, Role
from safeguard.core.audit import audit_access_record, audit_list_record
from safeguard.reference.codes import code_label

from .extensions import MISSING_NOW, child_condition
from .models import SUPERVISION_ORDER, Child, Placement
from .search import RegisterQuery, register_filter

logger = logging.getLogger(__name__)

# Roles that may see some children's records (each through its own scope below).
CHILD_ROLES = REGISTER_ROLES | {Role.LADO, Role.PLACING_SOCIAL_WORKER, Role.CARER, Role.POLICE}


def current_placements(day=None) -> QuerySet[Placement]:
    day = day or timezone.localdate()
    return Placement.objects.filter(start_date__lte=day).filter(Q(end_date__isnull=True) | Q(end_date__gte=day))


def children_visible_to(user) -> QuerySet[Child]:
    """The children `user` may see.

    Host staff: their host council's register. Placing social workers: the children their council
    placed (in any host area). Carers: children placed with them now. Police: children currently
    missing in the areas their force covers (the missing app says who is missing now, through
    `extensions.MISSING_NOW`). Everyone else: none.
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
        return children.filter(host_council__police_force_id=user.organisation_id).filter(child_condition(MISSING_NOW))
    return children.none()


def may_see_children(user) -> bool:
    return getattr(user, "is_authenticated", False) and user.role in CHILD_ROLES


def child_correctable_by(user) -> QuerySet[Child]:
    """Children whose details `user` may correct: a placing social worker their council's, the host's
    SQA officers their register's."""
    if getattr(user, "is_authenticated", False) and user.role in (
        Role.PLACING_SOCIAL_WORKER,
        Role.SQA_OFFICER,
        Role.SQA_MANAGER,
    ):
        return children_visible_to(user)
    return Child.objects.none()


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


def register_list_for(user, query: RegisterQuery, *, valid: bool = True) -> QuerySet[Child]:
    """The children `user` may see, filtered and sorted for the register list (none when the filters are
    not `valid`). Listing names is a read of personal data too: an access event."""
    children = register_filter(children_visible_to(user), query)
    audit_list_record(actor=user, action="child.list", object_type="register.child", host_council=user.host_council)
    return children if valid else children.none()


REGISTER_VERSION_KEY = "register:version"


def child_reference_known(host_council, reference: str) -> bool:
    """Whether `reference` ("SG123", `Child.initials_and_reference`) names one of the host's children."""
    number = reference[2:] if reference.upper().startswith("SG") else ""
    return number.isdigit() and Child.objects.filter(host_council=host_council, pk=int(number)).exists()


def register_changed(**_signal) -> None:
    """A child or a placement changed: every cached register count is out of date (signals call this)."""
    try:
        try:
            cache.incr(REGISTER_VERSION_KEY)
        except ValueError:  # not in the cache yet (or evicted)
            cache.set(REGISTER_VERSION_KEY, time.time_ns(), timeout=None)
    except Exception:  # the cache (Redis) is down: the write goes on; counts kept may be stale until they expire
        logger.exception("register counts: the cache is unreachable; a change could not mark them out of date")


def register_count(user, query: RegisterQuery, children: QuerySet[Child]) -> int:
    """How many children a register list has (docs/adr/0031). Counting every child placed now takes
    longer than the page itself at 100,000 children, so host staff's counts are kept in the shared cache
    until a child or placement changes (or REGISTER_COUNT_SECONDS pass). Lists that depend on other
    records (overdue work, the police's missing children, a carer's) are counted each time."""
    if children.query.is_empty():  # filters that were not valid: children.none()
        return 0
    if getattr(user, "role", None) not in REGISTER_ROLES or query.overdue:
        return children.count()
    try:
        version = cache.get(REGISTER_VERSION_KEY)
        if version is None:
            register_changed()
            version = cache.get(REGISTER_VERSION_KEY)
    except Exception:  # the cache (Redis) is down: count afresh
        logger.exception("register counts: the cache is unreachable; counting afresh")
        return children.count()
    # Host staff see their host council's register: the list is the host, the filters and the day.
    scope = f"{version}|{getattr(user.host_council, 'pk', None)}|{timezone.localdate()}|{sorted(asdict(query).items())}"
    key = "register:count:" + hashlib.sha256(scope.encode()).hexdigest()
    with contextlib.suppress(Exception):  # the cache went down between the two reads: count afresh
        count = cache.get(key)
        if count is not None:
            return count
    count = children.count()
    with contextlib.suppress(Exception):
        cache.set(key, count, timeout=settings.REGISTER_COUNT_SECONDS)
    return count


def register_export_for(user, query: RegisterQuery, fmt: str, *, valid: bool = True) -> QuerySet[Child]:
    """The filtered register for a CSV or Excel export ("csv", "xlsx"): host staff only, else 404. An export
    is an access event."""
    if not may_export(user) or fmt not in ("csv", "xlsx"):
        raise Http404
    children = register_filter(children_visible_to(user), query)
    audit_list_record(
        actor=user, action=f"child.export_{fmt}", object_type="register.child", host_council=user.host_council
    )
    return children if valid else children.none()


def may_export(user) -> bool:
    return getattr(user, "is_authenticated", False) and user.role in REGISTER_ROLES


def legal_status_label(legal_status: str) -> str:
    if legal_status == SUPERVISION_ORDER:
        return "Supervision order (the child is not looked after)"
    return code_label("legal_status", legal_status) if legal_status else ""


def child_panel(user, child: Child) -> dict:
    """The register's own facts on a child's page (the child is already in `user`'s scope): age, legal
    status and its history, placements."""
    return {
        "may_correct": child_correctable_by(user).filter(pk=child.pk).exists(),
        "age": child.age_on(timezone.localdate()),
        "legal_status_label": legal_status_label(child.legal_status),
        "legal_history": [
            {
                "record": r,
                "label": "Supervision order (not looked after)"
                if r.legal_status == SUPERVISION_ORDER
                else code_label("legal_status", r.legal_status),
            }
            for r in child.legal_statuses.all()
        ],
        "placements": [
            {
                "placement": p,
                "type_label": code_label("placement_type", p.placement_type) if p.placement_type else "",
                "end_label": code_label("reason_episode_ceased", p.end_reason) if p.end_reason else "",
            }
            for p in placements_of(child)
        ],
    }


def children_listed_for_api(council, *, actor, offset: int, limit: int) -> list[Child]:
    """A page of a placing council's own children for its case system (the API); the list is an access
    event, attributed to the API token (`actor`)."""
    children = list(children_placed_by(council)[offset : offset + limit])
    audit_list_record(actor=actor, action="child.list_api", object_type="register.child", host_council=None)
    return children


def child_audit_records(child: Child) -> dict[str, list[str]]:
    """The register's records about `child`, as {object_type: [ids]}, for the audit by child."""
    return {
        Child._meta.label_lower: [str(child.pk)],
        Placement._meta.label_lower: [str(pk) for pk in child.placements.values_list("pk", flat=True)],
    }
