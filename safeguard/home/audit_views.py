"""The audit by child, for SQA managers: find a child, read everything recorded about their records,
export it for a subject access request or an investigation. Out of scope is a 404."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from . import child_audit


@require_GET
@login_required
def child_audit_search(request: HttpRequest) -> HttpResponse:
    if not child_audit.may_audit_children(request.user):
        raise Http404
    q = request.GET.get("q", "").strip()[:100]
    error = "Enter a child's name" if "q" in request.GET and not q else ""
    children = list(child_audit.children_found_for(request.user, q)[:50]) if q else []
    return render(request, "home/child_audit_search.html", {"q": q, "children": children, "error": error})


@require_GET
@login_required
def child_audit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    child = child_audit.child_for_audit(request.user, pk)  # 404 out of scope; records the read
    events = child_audit.child_audit_events(request.user, child)
    page = Paginator(events, 100).get_page(request.GET.get("page"))
    return render(
        request,
        "home/child_audit_detail.html",
        {"child": child, "page": page, "rows": child_audit.event_rows(page.object_list), "query": ""},
    )


@require_GET
@login_required
def child_audit_csv(request: HttpRequest, pk: int) -> HttpResponse:
    child = child_audit.child_for_audit(request.user, pk, record=False)
    response = HttpResponse(child_audit.child_audit_csv(actor=request.user, child=child), content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="audit-trail-child-{child.pk}.csv"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
@login_required
def child_audit_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    child = child_audit.child_for_audit(request.user, pk, record=False)
    response = HttpResponse(
        child_audit.child_audit_pdf(actor=request.user, child=child), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'attachment; filename="audit-trail-child-{child.pk}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response
