from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from .models import Contact
from .selectors import contacts_for, default_host_council, who_to_call_now


@require_GET
def who_to_call(request: HttpRequest) -> HttpResponse:
    """Who to call now about a missing child, exploitation or an allegation: public, for any host."""
    user = request.user
    host = (user.host_council if user.is_authenticated else None) or default_host_council()
    if host is None:
        raise Http404
    now = timezone.now()
    return render(
        request,
        "reference/who_to_call.html",
        {
            "host": host,
            "now": now,
            "missing": who_to_call_now(host, Contact.Purpose.REPORT_MISSING, now),
            "exploitation": contacts_for(host, Contact.Purpose.EXPLOITATION),
            "police_new_matter": contacts_for(host, Contact.Purpose.POLICE_NEW_MATTER),
            "not_for_referrals": contacts_for(host, Contact.Purpose.NOT_FOR_REFERRALS),
            "lado": contacts_for(host, Contact.Purpose.LADO),
            "notifications": contacts_for(host, Contact.Purpose.NOTIFICATIONS),
        },
    )
