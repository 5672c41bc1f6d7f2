"""Register your views and feedback: the public's pages (no sign-in; the host whose site answers), and the
business unit's own pages (the host's partnership editors, their own host's records only)."""

import logging
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from safeguard.core import exports
from safeguard.core.forms import form_save
from safeguard.core.throttle import RateLimit, client_address

from . import selectors, services
from .forms import FeedbackAnswerForm, FeedbackForm, ResponseForm, SummaryForm
from .models import Feedback

logger = logging.getLogger(__name__)

RESPONSE_LIMIT = RateLimit("consultation-respond", "CONSULTATION_RESPONSE_RATE")
FEEDBACK_LIMIT = RateLimit("partnership-feedback", "PARTNERSHIP_FEEDBACK_RATE")
FEEDBACK_PER_PAGE = 50
RESPONSE_SENT = "consultation_response_sent"
FEEDBACK_SENT = "partnership_feedback_sent"


def _host(request: HttpRequest):
    host = selectors.host_for_request(request)
    if host is None:
        raise Http404
    return host


def _page(request, template: str, context: dict, status: int = 200) -> HttpResponse:
    return render(request, template, {**selectors.partnership_frame(request), **context}, status=status)


def _limited(request, template: str, context: dict, wait: int) -> HttpResponse:
    """The form again, with what was typed, so nothing is lost while the sender waits."""
    response = _page(request, template, {**context, "limited_minutes": max(1, -(-wait // 60))}, status=429)
    response["Retry-After"] = str(wait)
    return response


# --- Register your views ---------------------------------------------------------------------------------


@require_GET
def consultation_list(request: HttpRequest) -> HttpResponse:
    host = _host(request)
    return _page(
        request,
        "consultations/consultation_list.html",
        {"host": host, "nav": "consultations", **selectors.consultations_public(host)},
    )


@require_http_methods(["GET", "POST"])
def consultation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """The consultation and its questions while it is open; once closed, a page that says so (and refuses a
    response sent to it) with "you said, we did" when published."""
    host = _host(request)
    consultation = selectors.consultation_get_public(host, slug)
    if consultation is None:
        raise Http404
    today = timezone.localdate()
    context = {"host": host, "consultation": consultation, "nav": "consultations"}
    if not consultation.is_open_on(today):
        return _page(
            request,
            "consultations/consultation_closed.html",
            {
                **context,
                "refused": request.method == "POST",
                "closed_words": services.closed_words(consultation, today),
            },
            status=410 if request.method == "POST" else 200,
        )
    template = "consultations/consultation_detail.html"
    if request.method != "POST":
        return _page(request, template, {**context, "form": ResponseForm(consultation=consultation)})
    form = ResponseForm(request.POST, consultation=consultation)
    wait = RESPONSE_LIMIT.admit(request)  # counted at once, so a burst in parallel cannot all pass
    if wait is not None:
        return _limited(request, template, {**context, "form": form}, wait)
    suspected = form.honeypot_filled
    if suspected:
        logger.warning("Consultation honeypot filled from %s", client_address(request))
    if form.is_valid():
        response = form_save(
            form,
            lambda: services.consultation_respond(
                consultation=consultation,
                answers=form.answers(),
                respondent=form.respondent(),
                suspected_automated=suspected,
            ),
        )
        if response is not None:
            request.session[RESPONSE_SENT] = response.reference
            return redirect("consultations:sent", slug=consultation.slug)
    if suspected and not form.is_complete():
        # Incomplete, and a field no person sees was filled: a bot. Nothing is kept, and it learns nothing.
        request.session[RESPONSE_SENT] = ""
        return redirect("consultations:sent", slug=consultation.slug)
    RESPONSE_LIMIT.release(request)  # nothing accepted: the form comes back to be put right
    return _page(request, template, {**context, "form": form})


@require_GET
def consultation_sent(request: HttpRequest, slug: str) -> HttpResponse:
    host = _host(request)
    consultation = selectors.consultation_get_public(host, slug)
    if consultation is None:
        raise Http404
    if RESPONSE_SENT not in request.session:
        return redirect("consultations:detail", slug=slug)
    reference = request.session.pop(RESPONSE_SENT)
    return _page(
        request,
        "consultations/consultation_sent.html",
        {"host": host, "consultation": consultation, "reference": reference, "nav": "consultations"},
    )


# --- Feedback ------------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def feedback(request: HttpRequest) -> HttpResponse:
    """Feedback to the partnership's business unit from anyone: stored, acknowledged, audited; slowed for
    spam (a rate limit per address), never silently dropped when complete."""
    host = _host(request)
    template, context = "consultations/feedback.html", {"host": host, "nav": "feedback"}
    if request.method != "POST":
        return _page(request, template, {**context, "form": FeedbackForm()})
    form = FeedbackForm(request.POST)
    wait = FEEDBACK_LIMIT.admit(request)  # counted at once, so a burst in parallel cannot all pass
    if wait is not None:
        return _limited(request, template, {**context, "form": form}, wait)
    suspected = form.honeypot_filled
    if suspected:
        logger.warning("Partnership feedback honeypot filled from %s", client_address(request))
    if form.is_valid():
        data = form.cleaned_data
        received = form_save(
            form,
            lambda: services.feedback_receive(
                host_council=host,
                about=data["about"],
                message=data["message"],
                name=data.get("name") or "",
                email=data.get("email") or "",
                suspected_automated=suspected,
            ),
        )
        if received is not None:
            request.session[FEEDBACK_SENT] = received.reference
            return redirect("consultations:feedback_sent")
    if suspected and not (request.POST.get("message") or "").strip():
        request.session[FEEDBACK_SENT] = ""
        return redirect("consultations:feedback_sent")
    FEEDBACK_LIMIT.release(request)  # nothing accepted: the form comes back to be put right
    return _page(request, template, {**context, "form": form})


@require_GET
def feedback_sent(request: HttpRequest) -> HttpResponse:
    host = _host(request)
    if FEEDBACK_SENT not in request.session:
        return redirect("consultations:feedback")
    reference = request.session.pop(FEEDBACK_SENT)
    return _page(request, "consultations/feedback_sent.html", {"host": host, "reference": reference, "nav": "feedback"})


# --- the business unit's pages ---------------------------------------------------------------------------


def business_unit_required(view):
    """Signed in as a host's partnership editor; anyone else gets a 404."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not selectors.is_business_unit(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


@require_GET
@business_unit_required
def business_unit(request: HttpRequest) -> HttpResponse:
    feedback = selectors.feedback_for(request.user)
    return render(
        request,
        "consultations/business_unit.html",
        {
            "consultations": list(selectors.consultations_for_business_unit(request.user)),
            "feedback_waiting": feedback.filter(status=Feedback.Status.ACKNOWLEDGED).count(),
            "feedback_total": feedback.count(),
            "today": timezone.localdate(),
        },
    )


def _consultation(request, pk):
    consultation = selectors.consultation_get_for(request.user, pk)
    if consultation is None:
        raise Http404
    return consultation


@require_http_methods(["GET", "POST"])
@business_unit_required
def responses(request: HttpRequest, pk: int) -> HttpResponse:
    """A consultation's responses, and its "you said, we did" summary to publish once it has closed."""
    consultation = _consultation(request, pk)
    initial = {"you_said": consultation.you_said, "we_did": consultation.we_did}
    form = SummaryForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        done = form_save(
            form,
            lambda: services.consultation_summary_publish(
                actor=request.user,
                consultation=consultation,
                you_said=form.cleaned_data["you_said"],
                we_did=form.cleaned_data["we_did"],
            ),
        )
        if done is not None:
            messages.success(request, "The summary is published on the consultation's page")
            return redirect("consultations:responses", pk=consultation.pk)
    return render(
        request,
        "consultations/responses.html",
        {
            "consultation": consultation,
            "questions": list(consultation.questions.all()),
            "page": selectors.responses_page_for(request.user, consultation, request.GET.get("page")),
            "form": form,
            "closed": consultation.has_closed_by(timezone.localdate()),
        },
    )


@require_GET
@business_unit_required
def responses_csv(request: HttpRequest, pk: int) -> HttpResponse:
    """Every response as CSV (core.exports: a cell that starts like a formula is neutralised)."""
    consultation = _consultation(request, pk)
    questions = list(consultation.questions.all())
    rows = [
        ["Reference", "Received", "Anonymous", "Name", "E-mail", "Organisation", "Flagged as automated"]
        + [q.text for q in questions]
    ]
    for response in selectors.responses_for(request.user, consultation, listing="csv"):
        answers = {a.question_id: a.text for a in response.answers.all()}
        rows.append(
            [
                response.reference,
                timezone.localtime(response.received_at).strftime("%Y-%m-%d %H:%M"),
                "Yes" if response.anonymous else "No",
                response.name,
                response.email,
                response.organisation,
                "Yes" if response.suspected_automated else "No",
            ]
            + [answers.get(q.pk, "") for q in questions]
        )
    http = HttpResponse(exports.csv_text(rows), content_type="text/csv; charset=utf-8")
    http["Content-Disposition"] = f'attachment; filename="consultation-{consultation.slug}.csv"'
    return http


@require_GET
@business_unit_required
def feedback_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    return render(
        request,
        "consultations/feedback_list.html",
        {
            "page": Paginator(selectors.feedback_for(request.user, status=status), FEEDBACK_PER_PAGE).get_page(
                request.GET.get("page")
            ),
            "status": status if status in Feedback.Status.values else "",
            "statuses": Feedback.Status.choices,
        },
    )


@require_http_methods(["GET", "POST"])
@business_unit_required
def feedback_detail(request: HttpRequest, pk) -> HttpResponse:
    item = selectors.feedback_get_for(request.user, pk)
    if item is None:
        raise Http404
    form = FeedbackAnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = form_save(
            form, lambda: services.feedback_answer(actor=request.user, feedback=item, note=form.cleaned_data["note"])
        )
        if done is not None:
            messages.success(request, f"{item.reference} is marked as answered")
            return redirect("consultations:feedback_list")
    return render(request, "consultations/feedback_detail.html", {"item": item, "form": form})
