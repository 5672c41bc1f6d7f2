from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from safeguard.accounts.models import Role
from safeguard.core.edits import edit_version_for_page, edit_version_opened
from safeguard.core.errors import ServiceRefusal
from safeguard.core.forms import form_save
from safeguard.core.jinja2 import format_date
from safeguard.core.models import ImportJob
from safeguard.manual.selectors import Act, procedures_for
from safeguard.reference.codes import code_label
from safeguard.reference.selectors import council_by_dfe_code, host_council_of
from safeguard.register import selectors as register_selectors

from . import selectors, services, steps
from .display import answer_rows, problems_by_step, what_happened
from .email_intake import EmailIntakeError, parse_message
from .forms import (
    AcknowledgeForm,
    AssignForm,
    EmailUploadForm,
    MatchDecisionForm,
    Ssda903UploadForm,
    WorkFilterForm,
)
from .models import Correspondence, MatchReview, Notification, WorkItem
from .validation import notification_validate


def _placing_authority_of(user):
    return user.organisation if user.role == Role.PLACING_SOCIAL_WORKER else None


def _steps(user, draft: Notification | None):
    kind = (draft.payload.get("kind") if draft else None) or None
    return steps.steps_for(kind, choose_sender=user.role != Role.PLACING_SOCIAL_WORKER)


@require_GET
@login_required
def notify_start(request: HttpRequest) -> HttpResponse:
    """Start page of the web form, with the person's unsent drafts."""
    if not selectors.may_notify(request.user):
        raise Http404
    return render(
        request,
        "notifications/notify_start.html",
        {
            "drafts": selectors.drafts_of(request.user)[:10],
            "procedures": procedures_for(host_council_of(request.user), Act.NOTIFY_PLACEMENT),
        },
    )


_FROM_CHILD = {
    "move": (Notification.Kind.CHANGE_OF_ADDRESS, steps.MOVE),
    "end": (Notification.Kind.PLACEMENT_END, steps.END),
}


@require_POST
@login_required
def notify_for_child(request: HttpRequest, pk: int, what: str) -> HttpResponse:
    """ "Notify a change of address" or "Notify the end of this placement" from the child's page: a draft
    with what the register knows, opened at the question the person came to answer."""
    if what not in _FROM_CHILD or not selectors.may_notify(request.user):
        raise Http404
    child = register_selectors.child_get_for(request.user, pk)
    kind, step = _FROM_CHILD[what]
    try:
        draft = services.notification_draft_for_child(actor=request.user, child=child, kind=kind)
    except PermissionDenied:
        raise Http404 from None
    except ServiceRefusal as refusal:
        messages.error(request, refusal.errors.get("child", str(refusal)))
        return redirect("home:child_detail", pk=child.pk)
    return redirect("notifications:notify_step", pk=draft.pk, slug=step.slug)


@require_http_methods(["GET", "POST"])
@login_required
def notify_step(request: HttpRequest, slug: str, pk: int | None = None) -> HttpResponse:
    """One question page. Answers are saved to the draft before they are checked, so nothing is lost."""
    if not selectors.may_notify(request.user):
        raise Http404
    draft = selectors.draft_get_for(request.user, pk) if pk else None
    if slug not in steps.ALL or (draft is None and slug != steps.KIND.slug):
        raise Http404
    step = steps.ALL[slug]
    sequence = _steps(request.user, draft)
    payload = draft.payload if draft else {}
    form = step.form_class(request.POST if request.method == "POST" else None, payload=payload)
    if request.method == "POST":
        form.is_valid()  # shapes the answers; what they mean is judged below, after they are kept
        draft = services.notification_draft_save(
            actor=request.user,
            draft=draft,
            changes=form.to_payload(),
            placing_authority=_placing_authority_of(request.user),
        )
        problems = problems_by_step(notification_validate(draft.payload), form.paths())
        for path, message in problems:
            name = path.replace(".", "__")
            if name not in form.errors:
                form.add_error(name if name in form.fields else None, message)
        if not form.errors:
            sequence = _steps(request.user, draft)
            slugs = [s.slug for s in sequence]
            if request.POST.get("return") == "check" or slug == slugs[-1]:
                return redirect("notifications:notify_check", pk=draft.pk)
            return redirect("notifications:notify_step", pk=draft.pk, slug=slugs[slugs.index(slug) + 1])
    index = [s.slug for s in sequence].index(slug) if slug in [s.slug for s in sequence] else 0
    back = (
        reverse("notifications:notify_step", kwargs={"pk": draft.pk, "slug": sequence[index - 1].slug})
        if draft and index > 0
        else reverse("notifications:notify_start")
    )
    return render(
        request,
        "notifications/notify_step.html",
        {
            "form": form,
            "step": step,
            "draft": draft,
            "back": back,
            "returning": request.GET.get("return") == "check",
            "step_number": index + 1,
            "step_count": len(sequence),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def notify_check(request: HttpRequest, pk: int) -> HttpResponse:
    """Check your answers, then send."""
    draft = selectors.draft_get_for(request.user, pk)
    sequence = _steps(request.user, draft)
    result = notification_validate(draft.payload)
    problems = [
        {
            "href": reverse("notifications:notify_step", kwargs={"pk": draft.pk, "slug": step.slug}) + "?return=check",
            "text": message,
        }
        for step in sequence
        for _path, message in problems_by_step(result, step.form_class(payload={}).paths())
    ]
    if request.method == "POST":
        if problems:
            messages.error(request, "Answer the questions marked below before you send the notification")
        else:
            try:
                notification, routed = services.notification_submit(
                    actor=request.user, draft=draft, placing_authority=_placing_authority_of(request.user)
                )
            except services.NotificationRejected as rejected:
                problems = [{"text": e.message} for e in rejected.field_errors]
            else:
                request.session["notification_routed"] = routed
                return redirect("notifications:notify_sent", pk=notification.pk)
    may_download = selectors.notification_files_for(request.user).filter(pk=draft.pk).exists()
    return render(
        request,
        "notifications/notify_check.html",
        {
            "draft": draft,
            "sections": answer_rows(draft, sequence),
            "problems": problems,
            "attachments": draft.attachments.all(),
            "may_download": may_download,
            # The e-mail beside the answers read from it, for the officer checking them.
            "message": _message_text(request.user, draft) if may_download and draft.original_message else None,
        },
    )


def _message_text(user, notification: Notification) -> dict | None:
    """The original e-mail's sender, subject and text (reading it is an access event), or None."""
    notification = selectors.notification_message_get_for(user, notification.pk)
    with notification.original_message.open("rb") as raw:
        try:
            parsed = parse_message(raw.read(), read_documents=False)
        except EmailIntakeError:
            return None
    return {
        "sender": " ".join(part for part in (parsed.sender_name, f"<{parsed.sender}>" if parsed.sender else "") if part)
        or notification.sender_email,
        "subject": parsed.subject,
        "lines": (parsed.text or "The message has no text.").splitlines(),
    }


@require_GET
@login_required
def notify_sent(request: HttpRequest, pk: int) -> HttpResponse:
    notification = selectors.notifications_visible_to(request.user).filter(pk=pk, submitted_by=request.user).first()
    if notification is None:
        raise Http404
    return render(
        request,
        "notifications/notify_sent.html",
        {
            "notification": notification,
            "routed": request.session.pop("notification_routed", []),
            "what_happened": what_happened(notification),
        },
    )


@require_GET
@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    """SQA: the host's notifications, those needing attention first. Placing councils: their own."""
    visible = selectors.notifications_visible_to(request.user)
    if not (selectors.may_take_notifications(request.user) or request.user.role == Role.PLACING_SOCIAL_WORKER):
        raise Http404
    status = request.GET.get("status", "")
    if status in Notification.Status.values:
        visible = visible.filter(status=status)
    if request.GET.get("late") == "yes":
        visible = visible.filter(late_working_days__gt=0)
    page = Paginator(visible.order_by("-received_at"), 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "notifications/notification_list.html",
        {
            "query": query.urlencode(),
            "page": page,
            "status": status,
            "late": request.GET.get("late", ""),
            "statuses": [(s.value, s.label) for s in Notification.Status if s != Notification.Status.DRAFT],
            "lateness": selectors.lateness_by_placing_authority(request.user),
        },
    )


@require_GET
@login_required
def notification_detail(request: HttpRequest, pk: int) -> HttpResponse:
    notification = selectors.notification_get_for(request.user, pk)
    sequence = steps.steps_for(notification.kind, choose_sender=True)
    return render(
        request,
        "notifications/notification_detail.html",
        {
            "notification": notification,
            "sections": answer_rows(notification, sequence, editable=False),
            "reviews": notification.match_reviews.select_related("candidate__placing_authority"),
            "may_decide": selectors.may_take_notifications(request.user),
            "may_complete": selectors.notifications_editable_by(request.user).filter(pk=pk).exists(),
            "attachments": notification.attachments.all(),
            "may_download": selectors.notification_files_for(request.user).filter(pk=pk).exists(),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def notification_complete(request: HttpRequest, pk: int) -> HttpResponse:
    """Give the facts an incomplete notification is missing: the missing questions, on one page."""
    notification = selectors.notifications_editable_by(request.user).filter(pk=pk).first()
    if notification is None:
        raise Http404
    if notification.status != Notification.Status.INCOMPLETE:
        return redirect("notifications:notification_detail", pk=pk)
    needed = {item["field"] for item in notification.missing}
    sequence = steps.steps_for(notification.kind, choose_sender=True)
    relevant = [s for s in sequence if s.form_class(payload={}).paths() & needed] or sequence[1:]
    forms = [
        s.form_class(request.POST if request.method == "POST" else None, payload=notification.payload, prefix=s.slug)
        for s in relevant
    ]
    if request.method == "POST" and all(f.is_valid() for f in forms):
        changes: dict = {}
        for form in forms:
            changes = services.payload_merge(changes, form.to_payload(), keep_blanks=True)
        try:
            notification, routed = services.notification_complete(
                actor=request.user, notification=notification, payload=changes
            )
        except services.NotificationRejected as rejected:
            for error in rejected.field_errors:
                for form in forms:
                    name = error.field.replace(".", "__")
                    if name in form.fields:
                        form.add_error(name, error.message)
        except PermissionDenied:
            raise Http404 from None
        else:
            if notification.status == Notification.Status.INCOMPLETE:
                messages.error(request, "Some facts are still missing: they are listed below")
                return redirect("notifications:notification_complete", pk=pk)
            messages.success(request, f"Notification {notification.reference} is complete")
            return redirect("notifications:notification_detail", pk=pk)
    return render(
        request,
        "notifications/notification_complete.html",
        {
            "notification": notification,
            "forms": forms,
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def match_review(request: HttpRequest, pk: int) -> HttpResponse:
    """SQA officer decides whether a notified child is one already on the register."""
    review = selectors.match_review_get_for(request.user, pk)
    form = MatchDecisionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and review.decision == MatchReview.Decision.PENDING and form.is_valid():
        notification = services.match_review_decide(
            actor=request.user, review=review, same_child=form.cleaned_data["decision"] == "same"
        )
        messages.success(request, "Decision recorded")
        return redirect("notifications:notification_detail", pk=notification.pk)
    facts = notification_validate(review.notification.payload).facts
    current = register_selectors.current_placement_of(review.candidate)
    return render(
        request,
        "notifications/match_review.html",
        {
            "review": review,
            "form": form,
            "facts": facts,
            "sexes": {"F": "Female", "M": "Male", "U": "Not known"},
            "notified": _notified_placement(facts),
            "current": _placement_words(current),
        },
    )


def _placement_words(placement) -> dict:
    """A register placement as the match review compares it: address, carer, type and start."""
    if placement is None:
        return {"address": "", "carer": "", "placement": ""}
    address = ", ".join(p for p in (placement.address_line1, placement.town, placement.postcode) if p)
    kind = code_label("placement_type", placement.placement_type) if placement.placement_type else "Type not given"
    return {
        "address": address,
        "carer": placement.carer.name if placement.carer else placement.carer_name,
        "placement": f"{kind}, since {format_date(placement.start_date)}",
    }


def _notified_placement(facts: dict) -> dict:
    address = ", ".join(
        str(facts[f"placement.address.{key}"])
        for key in ("line1", "town", "postcode")
        if facts.get(f"placement.address.{key}")
    )
    kind = code_label("placement_type", facts["placement.type"]) if facts.get("placement.type") else "Type not given"
    start = facts.get("placement.start_date")
    return {
        "address": address,
        "carer": facts.get("placement.carer", ""),
        "placement": f"{kind}, from {format_date(start)}" if start else "",
    }


@require_POST
@login_required
def match_undo(request: HttpRequest, pk: int) -> HttpResponse:
    review = selectors.match_reviews_for(request.user).filter(pk=pk, decision=MatchReview.Decision.SAME_CHILD).first()
    if review is None:
        raise Http404
    services.match_review_undo(actor=request.user, review=review)
    messages.success(request, "The merge is undone: the notified child has a register entry of their own")
    return redirect("notifications:notification_detail", pk=review.notification_id)


def _may_work(user) -> bool:
    return user.role in selectors.ROLE_TEAM_KIND or user.role in selectors.SQA_ROLES


@require_GET
@login_required
def work_item_list(request: HttpRequest) -> HttpResponse:
    """The team's work, what is due first: filter by state, owner and due date; "My work" is owner=me."""
    if not _may_work(request.user):
        raise Http404
    form = WorkFilterForm(
        request.GET or None,
        states=selectors.WORK_STATES,
        due_choices=selectors.WORK_DUE,
        owners=selectors.work_owners_for(request.user),
    )
    show, owner, due = form.value("show", "open"), form.value("owner"), form.value("due")
    items = selectors.work_item_list_for(request.user, show=show, owner=owner, due=due)
    page = Paginator(items, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    now = timezone.now()
    return render(
        request,
        "notifications/work_item_list.html",
        {
            "page": page,
            "rows": [
                {
                    "item": item,
                    "overdue": item.is_overdue(now),
                    "may_assign": services.may_assign(request.user, item),
                    "may_take": item.status == WorkItem.Status.OPEN
                    and request.user.team_id == item.team_id
                    and item.owner_id != request.user.pk,
                }
                for item in page.object_list
            ],
            "form": form,
            "show": show,
            "mine": owner == "me",
            "query": query.urlencode(),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def work_item_assign(request: HttpRequest, pk: int) -> HttpResponse:
    """A manager gives a piece of work to a worker in the item's team."""
    item = selectors.work_items_visible_to(request.user).filter(pk=pk).first()
    if item is None or not services.may_assign(request.user, item):
        raise Http404
    item = selectors.work_item_get_for(request.user, pk)  # records the read
    form = AssignForm(request.POST if request.method == "POST" else None, workers=selectors.team_workers_for(item))
    if request.method == "POST" and form.is_valid():
        assigned = form_save(
            form,
            lambda: services.work_item_assign(
                actor=request.user,
                item=item,
                owner=form.workers[form.cleaned_data["owner"]],
                opened=edit_version_opened(request),
            ),
        )
        if assigned is not None:
            messages.success(request, f"{assigned.owner.full_name} is doing the work for {item.child.full_name}")
            return redirect("notifications:work_item_list")
        item.refresh_from_db()
    return render(
        request,
        "notifications/work_item_assign.html",
        {"item": item, "form": form, "edit_version": edit_version_for_page(request, form, item)},
    )


@require_POST
@login_required
def work_item_take(request: HttpRequest, pk: int) -> HttpResponse:
    """A worker of the team takes a piece of work as their own."""
    item = selectors.work_items_visible_to(request.user).filter(pk=pk, team_id=request.user.team_id).first()
    if item is None:
        raise Http404
    try:
        services.work_item_take(actor=request.user, item=item)
    except PermissionDenied:
        raise Http404 from None
    except ServiceRefusal as refusal:
        messages.error(request, next(iter(refusal.errors.values())))
    else:
        messages.success(request, f"You are doing the work for {item.child.full_name}")
    return redirect(reverse("notifications:work_item_list") + "?owner=me")


@require_http_methods(["GET", "POST"])
@login_required
def work_item_acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.work_item_get_for(request.user, pk)
    if item.exploitation_concern_id:
        # A concern is done by the duty manager's review, on the concern's own page.
        return redirect("exploitation:concern_detail", pk=item.exploitation_concern_id)
    form = AcknowledgeForm(
        request.POST if request.method == "POST" else None,
        initial={"case_reference": item.case_reference},
        team_kind=item.team.kind,
    )
    if request.method == "POST" and item.status == WorkItem.Status.OPEN and form.is_valid():
        acknowledged = form_save(
            form, lambda: services.work_item_acknowledge(actor=request.user, item=item, **form.cleaned_data)
        )
        if acknowledged is not None:
            messages.success(request, f"Acknowledged: {item.child.full_name}")
            return redirect("notifications:work_item_list")
    return render(
        request,
        "notifications/work_item_acknowledge.html",
        {
            "item": item,
            "form": form,
            "placement": register_selectors.current_placement_of(item.child),
            "legal_status_label": register_selectors.legal_status_label(item.child.legal_status),
            "overdue": item.is_overdue(),
            "may_assign": services.may_assign(request.user, item),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def ssda903_upload(request: HttpRequest) -> HttpResponse:
    """A placing council's officer uploads its SSDA903 return; placements in host areas become notifications.
    A host's SQA officer uploads one on a placing council's behalf (choosing the council): placements in
    their own host's area are taken."""
    on_behalf = selectors.may_take_notifications(request.user)
    if request.user.role != Role.PLACING_SOCIAL_WORKER and not on_behalf:
        raise Http404
    bound = request.method == "POST"
    form = Ssda903UploadForm(
        request.POST if bound else None, request.FILES if bound else None, choose_council=on_behalf
    )
    if request.method == "POST" and form.is_valid():
        # Read in the background: the person watches its progress on the job's page (docs/adr/0040).
        job = services.ssda903_import_start(
            actor=request.user,
            placing_authority=form.council() if on_behalf else request.user.organisation,
            files=form.files_by_name(),
            host_council=request.user.host_council if on_behalf else None,
        )
        return redirect("notifications:ssda903_job", pk=job.pk)
    return render(request, "notifications/ssda903_upload.html", {"form": form, "on_behalf": on_behalf})


@require_http_methods(["GET"])
@login_required
def ssda903_job(request: HttpRequest, pk: int) -> HttpResponse:
    """An uploaded return being read: its progress, refreshing itself, then its report (kept)."""
    try:
        job = selectors.ssda903_job_get_for(request.user, pk)
    except ImportJob.DoesNotExist:
        raise Http404 from None
    council = council_by_dfe_code(job.params.get("placing_authority", ""))
    return render(
        request,
        "notifications/ssda903_job.html",
        {
            "job": job,
            "report": services.ImportReport.from_json(job.report),
            "council_name": council.name if council else job.params.get("placing_authority", ""),
            "file_names": ", ".join(f["name"] for f in job.files),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def email_upload(request: HttpRequest) -> HttpResponse:
    """An SQA officer turns a received e-mail into a notification: what is found is pre-filled."""
    if not selectors.may_take_notifications(request.user):
        raise Http404
    bound = request.method == "POST"
    form = EmailUploadForm(request.POST if bound else None, request.FILES if bound else None)
    if bound and form.is_valid():
        try:
            draft = services.email_receive(
                actor=request.user, raw=form.cleaned_data["message"].read(), host_council=request.user.host_council
            )
        except services.EmailIntakeError as problem:
            form.add_error("message", str(problem))
        else:
            if isinstance(draft, Correspondence):
                messages.success(
                    request,
                    f"This e-mail is not a notification ({draft.reason.lower()}): it is filed as correspondence.",
                )
                return redirect("notifications:correspondence_detail", pk=draft.pk)
            found = len(draft.payload.get("child", {}) or {})
            messages.success(
                request,
                f"The e-mail is kept with notification {draft.reference}. "
                f"Check the pre-filled answers{'' if found else ' (few facts were found)'} and add the rest.",
            )
            return redirect("notifications:notify_check", pk=draft.pk)
    return render(
        request,
        "notifications/email_upload.html",
        {
            "form": form,
            "emails": selectors.emails_to_check(request.user)[:50],
            "correspondence": selectors.correspondence_for(request.user)[:50],
        },
    )
