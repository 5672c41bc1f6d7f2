from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from safeguard.accounts.models import REGISTER_ROLES
from safeguard.core.audit import Target, audit_access_record
from safeguard.exploitation.selectors import child_panel, exploitation_flags
from safeguard.missing.models import PROFILE_FIELDS, RISK_ASSESSMENT_FIELDS
from safeguard.missing.selectors import (
    current_photographs,
    may_report_missing,
    may_upload_photographs,
    may_write_risk_assessment,
    missing_flags_for,
    missing_profile_of,
    open_episodes,
    past_episodes_of,
    photograph_age_limit_months,
    repeat_missing,
    risk_assessments_of,
    risk_review_overdue,
)
from safeguard.notifications.selectors import notifications_visible_to, work_items_visible_to
from safeguard.reference.codes import code_label

from . import export, selectors
from .forms import RegisterFilterForm
from .models import SUPERVISION_ORDER
from .search import register_filter


def _register_query(request: HttpRequest):
    form = RegisterFilterForm(request.GET or None)
    query = form.query()
    children = register_filter(selectors.children_visible_to(request.user), query)
    if form.is_bound and not form.is_valid():
        children = children.none()
    return form, children


@require_GET
@login_required
def child_list(request: HttpRequest) -> HttpResponse:
    """The register for host staff (filter, search, sort, export); each other role's own children."""
    if not selectors.may_see_children(request.user):
        raise Http404
    form, children = _register_query(request)
    page = Paginator(children, 50).get_page(request.GET.get("page"))
    # Listing names is a read of personal data too.
    audit_access_record(
        actor=request.user,
        action="child.list",
        target=Target("register.child", ""),
        host_council=request.user.host_council,
    )
    flags = missing_flags_for([c.pk for c in page])
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "register/child_list.html",
        {
            "page": page,
            "form": form,
            "flags": flags,
            "exploitation_ids": exploitation_flags(request.user, [c.pk for c in page]),
            "today": timezone.localdate(),
            "query": query.urlencode(),
            "is_register": request.user.role in REGISTER_ROLES,
            "type_label": lambda code: code_label("placement_type", code) if code else "",
        },
    )


@require_GET
@login_required
def child_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The filtered register as CSV or Excel. An export is an access event."""
    if request.user.role not in REGISTER_ROLES or fmt not in ("csv", "xlsx"):
        raise Http404
    form, children = _register_query(request)
    audit_access_record(
        actor=request.user,
        action=f"child.export_{fmt}",
        target=Target("register.child", ""),
        host_council=request.user.host_council,
    )
    stamp = timezone.localtime().strftime("%Y-%m-%d-%H%M")
    if fmt == "csv":
        response = StreamingHttpResponse(export.csv_stream(children), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="register-{stamp}.csv"'
        return response
    response = HttpResponse(
        export.excel_bytes(children),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="register-{stamp}.xlsx"'
    return response


@require_GET
@login_required
def child_detail(request: HttpRequest, pk: int) -> HttpResponse:
    child = selectors.child_get_for(request.user, pk)
    placements = [
        {
            "placement": p,
            "type_label": code_label("placement_type", p.placement_type) if p.placement_type else "",
            "end_label": code_label("reason_episode_ceased", p.end_reason) if p.end_reason else "",
        }
        for p in selectors.placements_of(child)
    ]
    legal_history = [
        {
            "record": r,
            "label": "Supervision order (not looked after)"
            if r.legal_status == SUPERVISION_ORDER
            else code_label("legal_status", r.legal_status),
        }
        for r in child.legal_statuses.all()
    ]
    risk_assessment = risk_assessments_of(child).first()
    return render(
        request,
        "register/child_detail.html",
        {
            "child": child,
            "placements": placements,
            "open_episodes": open_episodes().filter(child=child),
            "legal_status_label": (
                "Supervision order (the child is not looked after)"
                if child.legal_status == SUPERVISION_ORDER
                else code_label("legal_status", child.legal_status)
                if child.legal_status
                else ""
            ),
            "legal_history": legal_history,
            "age": child.age_on(timezone.localdate()),
            "now": timezone.now(),
            "repeat_missing_days": settings.MISSING_REPEAT_DAYS,
            "notifications": notifications_visible_to(request.user).filter(child=child).order_by("-received_at"),
            "work_items": work_items_visible_to(request.user).filter(child=child),
            "current": current_photographs(child),
            "max_age": photograph_age_limit_months(),
            "may_upload_photographs": may_upload_photographs(request.user, child),
            "may_report_missing": may_report_missing(request.user, child),
            "profile": missing_profile_of(child),
            "profile_fields": PROFILE_FIELDS,
            "repeat_missing": repeat_missing(child),
            "risk_assessment": risk_assessment,
            "risk_assessment_fields": RISK_ASSESSMENT_FIELDS,
            "risk_review_overdue": risk_review_overdue(risk_assessment),
            "may_write_risk_assessment": may_write_risk_assessment(request.user, child),
            "past_episodes": past_episodes_of(child)[:10],
            "exploitation": child_panel(request.user, child),
        },
    )
