import logging

from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from safeguard.register.selectors import may_see_children

from . import homes, selectors
from .audit import Target, audit_access_record
from .forms_audit import AuditFilterForm

logger = logging.getLogger(__name__)


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """The start page for the public; each signed-in role's own work."""
    if not request.user.is_authenticated:
        return render(request, "core/start.html")
    template, context = homes.home_for(request.user)
    if may_see_children(request.user):
        # Home pages list children's names (missing now, placed with a carer, work to acknowledge).
        audit_access_record(
            actor=request.user,
            action="child.list",
            target=Target("core.home", ""),
            host_council=request.user.host_council,
        )
    return render(request, template, context)


@require_GET
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "core/accessibility.html")


@require_GET
def cookies(request: HttpRequest) -> HttpResponse:
    return render(request, "core/cookies.html")


@require_GET
def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "core/privacy.html")


@require_GET
@login_required
def audit_event_list(request: HttpRequest) -> HttpResponse:
    """SQA managers: the audit trail of their host council, filtered by person, record, action, date."""
    if not selectors.may_read_audit(request.user):
        raise Http404
    form = AuditFilterForm(request.GET or None)
    events = selectors.audit_events_visible_to(request.user)
    if form.is_bound and form.is_valid():
        events = selectors.audit_events_filter(events, **form.cleaned_data)
    elif form.is_bound:
        events = events.none()
    page = Paginator(events.order_by("-id"), 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "core/audit_event_list.html",
        {"form": form, "page": page, "query": query.urlencode(), "now": timezone.now()},
    )


def _error_page(request: HttpRequest, template: str, status: int) -> HttpResponse:
    """A GOV.UK error page, even for a request that stopped before the middleware gave it a user
    (an unknown Host header), and plain words if the page itself fails (the database is down)."""
    if not hasattr(request, "user"):
        request.user = AnonymousUser()
    try:
        return render(request, template, status=status)
    except Exception:  # never a trace, never a second error
        logger.exception("The %s error page failed", status)
        return HttpResponse(
            "<!DOCTYPE html><html lang='en'><title>Sorry, there is a problem with the service</title>"
            "<h1>Sorry, there is a problem with the service</h1><p>Try again later. If a child is in immediate"
            " danger, call 999.</p></html>",
            status=status,
        )


def bad_request(request: HttpRequest, exception=None) -> HttpResponse:
    return _error_page(request, "core/errors/400.html", 400)


def permission_denied(request: HttpRequest, exception=None) -> HttpResponse:
    return _error_page(request, "core/errors/403.html", 403)


def page_not_found(request: HttpRequest, exception=None) -> HttpResponse:
    return _error_page(request, "core/errors/404.html", 404)


def server_error(request: HttpRequest) -> HttpResponse:
    return _error_page(request, "core/errors/500.html", 500)
