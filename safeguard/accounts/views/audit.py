"""The audit trail of a host council, for its SQA managers."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from safeguard.core.forms_audit import AuditFilterForm
from safeguard.core.selectors import audit_events_filter

from .. import selectors


@require_GET
@login_required
def audit_event_list(request: HttpRequest) -> HttpResponse:
    """SQA managers: the audit trail of their host council, filtered by person, record, action, date."""
    if not selectors.may_read_audit(request.user):
        raise Http404
    form = AuditFilterForm(request.GET or None)
    events = selectors.audit_events_visible_to(request.user)
    if form.is_bound and form.is_valid():
        events = audit_events_filter(events, **form.cleaned_data)
    elif form.is_bound:
        events = events.none()
    page = Paginator(events.order_by("-id"), 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "accounts/audit_event_list.html",
        {"form": form, "page": page, "query": query.urlencode(), "now": timezone.now()},
    )
