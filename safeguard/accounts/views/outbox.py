"""E-mails waiting and failed, for a host council's SQA managers: what the outbox has not delivered yet
(the mail service refusing, the queue down) and what it gave up on, with a way to send those again."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from safeguard.core.outbox import outbox_failed_retry

from .. import selectors


@require_http_methods(["GET", "POST"])
@login_required
def outbox_list(request: HttpRequest) -> HttpResponse:
    if not selectors.may_read_outbox(request.user):
        raise Http404
    undelivered = selectors.outbox_messages_visible_to(request.user)
    if request.method == "POST":
        failed = list(undelivered.filter(status="failed").values_list("pk", flat=True))
        count = outbox_failed_retry(actor=request.user, message_ids=failed) if failed else 0
        messages.success(request, f"{count} failed {'e-mail is' if count == 1 else 'e-mails are'} being sent again.")
        return redirect("accounts:outbox_list")
    page = Paginator(undelivered.order_by("-status", "created_at", "pk"), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "accounts/outbox_list.html",
        {
            "page": page,
            "waiting": undelivered.filter(status="pending").count(),
            "failed": undelivered.filter(status="failed").count(),
            "confidential": selectors.outbox_confidential_undelivered(request.user),
            "max_attempts": settings.OUTBOX_MAX_ATTEMPTS,
        },
    )
