from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from safeguard.core.audit import Target, audit_access_record
from safeguard.missing.selectors import open_episodes
from safeguard.reference.codes import code_label

from . import selectors


@require_GET
@login_required
def child_list(request: HttpRequest) -> HttpResponse:
    """The children the person may see: the register for host staff, their own for others."""
    if not selectors.may_see_children(request.user):
        raise Http404
    children = selectors.children_visible_to(request.user).order_by("last_name", "first_name")
    page = Paginator(children, 50).get_page(request.GET.get("page"))
    # Listing names is a read of personal data too.
    audit_access_record(
        actor=request.user,
        action="child.list",
        target=Target("register.child", ""),
        host_council=request.user.host_council,
    )
    missing_ids = set(open_episodes().filter(child__in=[c.pk for c in page]).values_list("child_id", flat=True))
    return render(
        request, "register/child_list.html", {"page": page, "missing_ids": missing_ids, "today": timezone.localdate()}
    )


@require_GET
@login_required
def child_detail(request: HttpRequest, pk: int) -> HttpResponse:
    child = selectors.child_get_for(request.user, pk)
    placements = [
        {"placement": p, "type_label": code_label("placement_type", p.placement_type) if p.placement_type else ""}
        for p in selectors.placements_of(child)
    ]
    episodes = open_episodes().filter(child=child)
    return render(
        request,
        "register/child_detail.html",
        {
            "child": child,
            "placements": placements,
            "open_episodes": episodes,
            "legal_status_label": code_label("legal_status", child.legal_status) if child.legal_status else "",
            "age": child.age_on(timezone.localdate()),
        },
    )
