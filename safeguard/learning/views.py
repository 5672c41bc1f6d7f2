"""The learning programme's pages: the public list of events, an event with its booking form, the
pages a signed link opens (the booking, its calendar entry, the evaluation, the certificate), and the
organiser's pages (their own host's events only)."""

import logging

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from safeguard.accounts.models import HostCouncil
from safeguard.core.exports import csv_text
from safeguard.core.forms import form_save
from safeguard.core.throttle import RateLimit, client_address

from . import selectors, services
from .access import organiser_required
from .certificate import certificate_pdf
from .forms import BookingForm, EvaluationForm
from .invitations import booking_calendar
from .links import LinkExpired, LinkInvalid, booking_token
from .models import Booking

logger = logging.getLogger(__name__)

PER_PAGE = 20
BOOKING_LIMIT = RateLimit("learning-booking", "LEARNING_BOOKING_RATE")
BOOKED_SESSION_KEY = "learning_booked"


def _host(request: HttpRequest) -> HostCouncil:
    host = selectors.learning_host_for_request(request)
    if host is None:
        raise Http404
    return host


def _public_context(host: HostCouncil) -> dict:
    return {"host": host, "exit_url": settings.PARTNERSHIP_EXIT_URL, "when_words": services.when_words,
            "where_words": services.where_words, "places_left": selectors.places_left}  # fmt: skip


@require_GET
def event_list(request: HttpRequest) -> HttpResponse:
    """The programme: events to come, soonest first, 20 a page; a competency filters them."""
    host = _host(request)
    competencies = list(selectors.competencies_for(host))
    chosen = next((c for c in competencies if c.code == request.GET.get("competency")), None)
    page_number = request.GET.get("page", "1")
    paginator = Paginator(selectors.events_upcoming(host, competency=chosen), PER_PAGE)
    if not page_number.isdigit() or not 0 < int(page_number) <= max(paginator.num_pages, 1):
        raise Http404
    page = paginator.page(int(page_number))
    return render(
        request,
        "learning/event_list.html",
        {
            **_public_context(host),
            "chosen": chosen,
            "page": page,
            "competency_items": [{"value": "", "text": "All competencies"}]
            + [{"value": c.code, "text": c.name, "selected": c == chosen} for c in competencies],
        },  # fmt: skip
    )


def _too_many(request: HttpRequest, template: str, context: dict, wait: int) -> HttpResponse:
    response = render(request, template, {**context, "limited_minutes": max(1, -(-wait // 60))}, status=429)
    response["Retry-After"] = str(wait)
    return response


@require_http_methods(["GET", "POST"])
def event_detail(request: HttpRequest, pk) -> HttpResponse:
    """An event and its booking form (a place, or the waiting list when it is full)."""
    host = _host(request)
    event = selectors.event_get_public(host, pk)
    if event is None:
        raise Http404
    context = {**_public_context(host), "event": event, "competencies": list(event.competencies.all()),
               "cancel_closes_on": services.cancel_closes_on(event), "open": event.starts_at > timezone.now()}  # fmt: skip
    if request.method == "POST":
        form = BookingForm(request.POST)
        wait = BOOKING_LIMIT.admit(request)  # counted at once, so a burst in parallel cannot all pass
        if wait is not None:
            # The form again, with what was typed, so nothing is lost while the person waits.
            form.is_valid()
            return _too_many(request, "learning/event_detail.html", {**context, "form": form}, wait)
        suspected = form.honeypot_filled
        if suspected:
            logger.warning("Learning event booking honeypot filled from %s", client_address(request))
        if form.is_valid():
            # A complete booking is kept even with the hidden field filled: slowed by the limit, never dropped.
            data = form.cleaned_data
            booking = form_save(
                form,
                lambda: services.booking_make(
                    actor=services.PUBLIC_BOOKER,
                    host=host,
                    event_id=event.pk,
                    name=data["name"],
                    email=data["email"],
                    agency=data["agency"],
                    role=data["role"],
                ),
            )
            if booking is not None:
                request.session[BOOKED_SESSION_KEY] = booking_token(booking)
                return redirect("learning:booked")
        if suspected:
            # Incomplete, and a field no person sees was filled: a bot. Nothing is stored, and it learns nothing.
            request.session[BOOKED_SESSION_KEY] = ""
            return redirect("learning:booked")
        BOOKING_LIMIT.release(request)  # nothing accepted: the form comes back to be put right
    else:
        form = BookingForm()
    return render(request, "learning/event_detail.html", {**context, "form": form})


@require_GET
def booked(request: HttpRequest) -> HttpResponse:
    """After booking: a place or the waiting list, and where the e-mail went."""
    host = _host(request)
    if BOOKED_SESSION_KEY not in request.session:
        return redirect("learning:events")
    token = request.session[BOOKED_SESSION_KEY]
    booking = None
    if token:
        try:
            booking = selectors.booking_for_token(host, token)
        except LinkInvalid:
            booking = None
    return render(
        request,
        "learning/booked.html",
        {
            **_public_context(host),
            "booking": booking,
            "token": token,
            "position": selectors.waiting_position(booking) if booking else None,
        },  # fmt: skip
    )


def _booking_or_problem(request: HttpRequest, host: HostCouncil, token: str):
    try:
        return selectors.booking_for_token(host, token), None
    except LinkExpired:
        problem = render(request, "learning/link_problem.html", {**_public_context(host), "expired": True}, status=404)
    except LinkInvalid:
        problem = render(request, "learning/link_problem.html", {**_public_context(host), "expired": False}, status=404)
    return None, problem


@require_http_methods(["GET", "POST"])
def booking(request: HttpRequest, token: str) -> HttpResponse:
    """The signed link's page: the booking, the calendar entry, and the button that cancels it. A link
    only shows the page; the button acts (POST), so a mail scanner following links cancels nothing."""
    host = _host(request)
    found, problem = _booking_or_problem(request, host, token)
    if problem is not None:
        return problem
    refusal = ""
    if request.method == "POST":
        try:
            services.booking_cancel(actor=services.BOOKER_BY_LINK, booking=found)
        except services.ServiceRefusal as error:
            refusal = str(error)
        else:
            messages.success(request, "Your booking is cancelled. We have e-mailed you to say so.")
            return redirect("learning:booking", token=token)
    return render(
        request,
        "learning/booking.html",
        {
            **_public_context(host),
            "booking": found,
            "event": found.event,
            "token": token,
            "refusal": refusal,
            "may_cancel": services.may_cancel(found),
            "cancel_closes_on": services.cancel_closes_on(found.event),
            "position": selectors.waiting_position(found),
            "may_evaluate": services.may_evaluate(found),
            "evaluated": hasattr(found, "evaluation"),
        },  # fmt: skip
        status=400 if refusal else 200,
    )


@require_GET
def booking_calendar_file(request: HttpRequest, token: str) -> HttpResponse:
    host = _host(request)
    found, problem = _booking_or_problem(request, host, token)
    if problem is not None:
        return problem
    if found.status != Booking.Status.BOOKED:
        raise Http404
    response = HttpResponse(booking_calendar(found), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="invite.ics"'
    return response


@require_http_methods(["GET", "POST"])
def evaluation(request: HttpRequest, token: str) -> HttpResponse:
    """The evaluation form, for a person marked as attended; the certificate follows."""
    host = _host(request)
    found, problem = _booking_or_problem(request, host, token)
    if problem is not None:
        return problem
    if not services.may_evaluate(found):
        raise Http404
    if hasattr(found, "evaluation"):
        return redirect("learning:booking", token=token)
    form = EvaluationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        saved = form_save(
            form,
            lambda: services.evaluation_submit(
                actor=services.BOOKER_BY_LINK,
                booking=found,
                objectives_met=int(data["objectives_met"]),
                confidence=int(data["confidence"]),
                overall=int(data["overall"]),
                comments=data["comments"],
            ),
        )
        if saved is not None:
            messages.success(request, "Thank you. Your certificate of attendance is ready.")
            return redirect("learning:booking", token=token)
    return render(
        request,
        "learning/evaluation.html",
        {**_public_context(host), "booking": found, "event": found.event, "form": form},
    )


@require_GET
def certificate(request: HttpRequest, token: str) -> HttpResponse:
    host = _host(request)
    found, problem = _booking_or_problem(request, host, token)
    if problem is not None:
        return problem
    if not services.may_evaluate(found) or not hasattr(found, "evaluation"):
        raise Http404
    pdf = certificate_pdf(
        context={
            "booking": found,
            "event": found.event,
            "host": host,
            "when": services.when_words(found.event),
            "competencies": list(found.event.competencies.all()),
            "hours": _hours(found.event),
        }  # fmt: skip
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = 'inline; filename="certificate.pdf"'
    return response


def _hours(event) -> str:
    minutes = int((event.ends_at - event.starts_at).total_seconds() // 60)
    hours, rest = divmod(minutes, 60)
    return f"{hours} hour{'s' if hours != 1 else ''}" + (f" {rest} minutes" if rest else "")


# --- the organiser's pages -----------------------------------------------------------------------------


@require_GET
@organiser_required
def manage(request: HttpRequest, host: HostCouncil) -> HttpResponse:
    return render(
        request,
        "learning/manage.html",
        {
            "host": host,
            "events": selectors.events_for_organiser(host)[:200],
            "undelivered": selectors.undelivered(host)[:50],
        },
    )


@require_http_methods(["GET", "POST"])
@organiser_required
def manage_event(request: HttpRequest, host: HostCouncil, pk) -> HttpResponse:
    """An event's bookings and waiting list; attendance once it has started."""
    event = selectors.event_get_for_organiser(host, pk)
    if event is None:
        raise Http404
    refusal = ""
    if request.method == "POST":
        marks = {
            key.removeprefix("attendance-"): value
            for key, value in request.POST.items()
            if key.startswith("attendance-")
        }
        try:
            changed = services.attendance_record(actor=request.user, event=event, marks=marks)
        except services.ServiceRefusal as error:
            refusal = str(error)
        else:
            messages.success(request, f"Attendance saved ({changed} changed).")
            return redirect("learning:manage_event", pk=event.pk)
    bookings = list(selectors.bookings_of(event))
    return render(
        request,
        "learning/manage_event.html",
        {
            "host": host,
            "event": event,
            "bookings": bookings,
            "refusal": refusal,
            "started": event.starts_at <= timezone.now(),
            "when_words": services.when_words,
            "figures": selectors.figures_by_agency(host, event),
            "failed": "failed",
        },  # fmt: skip
        status=400 if refusal else 200,
    )


FIGURES_HEADER = ["Agency", "Booked", "Attended", "Did not attend", "Evaluations",
                  "Aims met (average, 1 to 5)", "Confidence (average, 1 to 5)", "Overall (average, 1 to 5)"]  # fmt: skip


@require_GET
@organiser_required
def figures(request: HttpRequest, host: HostCouncil) -> HttpResponse:
    return render(request, "learning/figures.html", {"host": host, "figures": selectors.figures_by_agency(host)})


@require_GET
@organiser_required
def figures_csv(request: HttpRequest, host: HostCouncil) -> HttpResponse:
    rows = [
        [
            f.label,
            f.booked,
            f.attended,
            f.did_not_attend,
            f.evaluations,
            *("" if s is None else str(s) for s in (f.objectives_met, f.confidence, f.overall)),
        ]  # fmt: skip
        for f in selectors.figures_by_agency(host)
    ]
    response = HttpResponse(csv_text([FIGURES_HEADER, *rows]), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="learning-figures-by-agency.csv"'
    return response
