"""Pages for what came in by e-mail beyond the draft itself: the original message and attachments of a
notification (downloads for the host's SQA officers), and messages filed as correspondence."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from . import selectors, services
from .email_intake import EmailIntakeError, parse_message


def _download(file, filename: str, content_type: str) -> FileResponse:
    """A kept file as a download, never shown in the page (it came from outside: it may be HTML)."""
    response = FileResponse(file.open("rb"), as_attachment=True, filename=filename, content_type=content_type)
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "sandbox"
    return response


@require_GET
@login_required
def notification_message(request: HttpRequest, pk: int) -> FileResponse:
    """The original e-mail a notification was made from, for the host's SQA officers."""
    notification = selectors.notification_message_get_for(request.user, pk)
    return _download(notification.original_message, f"{notification.reference}.eml", "message/rfc822")


@require_GET
@login_required
def attachment_download(request: HttpRequest, pk: int) -> FileResponse:
    """A file that came with a notification, for the host's SQA officers."""
    attachment = selectors.attachment_get_for(request.user, pk)
    return _download(attachment.file, attachment.filename, attachment.content_type or "application/octet-stream")


@require_GET
@login_required
def correspondence_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A message filed as correspondence: who sent it, why it is not a notification, and what it says."""
    item = selectors.correspondence_get_for(request.user, pk)
    with item.original_message.open("rb") as message:
        try:
            text = parse_message(message.read(), read_documents=False).text
        except EmailIntakeError:
            text = ""
    return render(request, "notifications/correspondence_detail.html", {"item": item, "text": text})


@require_POST
@login_required
def correspondence_make_draft(request: HttpRequest, pk: int) -> HttpResponse:
    """The officer finds the message is a notification after all: a draft is made from it."""
    item = selectors.correspondence_for(request.user).filter(pk=pk).first()
    if item is None:
        raise Http404
    draft = services.correspondence_make_draft(actor=request.user, correspondence=item)
    messages.success(request, f"Draft notification {draft.reference} made from the e-mail. Check and complete it.")
    return redirect("notifications:notify_check", pk=draft.pk)


@require_GET
@login_required
def correspondence_message(request: HttpRequest, pk: int) -> FileResponse:
    item = selectors.correspondence_get_for(request.user, pk, part="original_message")
    return _download(item.original_message, f"correspondence-{item.pk}.eml", "message/rfc822")
