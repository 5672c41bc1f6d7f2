"""A child's page: the register's facts and each domain's panel about the child, for whoever may see the
child (404 otherwise). Each domain's `selectors.child_panel(user, child)` decides what this person sees
of its part and what they may do; its template part is an include in the domain's own templates."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from safeguard.accounts.selectors import may_read_audit
from safeguard.education import selectors as education
from safeguard.exploitation import selectors as exploitation
from safeguard.missing import selectors as missing
from safeguard.notifications import selectors as notifications
from safeguard.register import selectors as register


@require_GET
@login_required
def child_detail(request: HttpRequest, pk: int) -> HttpResponse:
    child = register.child_get_for(request.user, pk)  # 404 out of scope; records the read
    panels = {
        "register": register.child_panel(request.user, child),
        "missing": missing.child_panel(request.user, child),
        "exploitation": exploitation.child_panel(request.user, child),
        "notifications": notifications.child_panel(request.user, child),
        "education": education.child_panel(request.user, child),
    }
    context = {"child": child, "may_audit": may_read_audit(request.user), **panels}
    return render(request, "home/child_detail.html", context)
