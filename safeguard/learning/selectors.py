"""Reads of the learning programme. The public reads published events of the host whose site answers;
the organiser (the host's partnership editors) reads their own host's events and bookings only."""

import uuid
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Avg, Count, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpRequest
from django.utils import timezone

from safeguard.accounts.models import HostCouncil
from safeguard.content.selectors import host_home_for_request
from safeguard.core.models import OutboxMessage

from .links import LinkInvalid, booking_id_for_token
from .models import Agency, Booking, Competency, Event

NEXT_EVENTS = 3


def learning_host_for_request(request: HttpRequest) -> HostCouncil | None:
    home = host_home_for_request(request)
    return home.host_council if home is not None else None


def competencies_for(host: HostCouncil) -> QuerySet[Competency]:
    return Competency.objects.filter(host=host)


def _public(host: HostCouncil) -> QuerySet[Event]:
    return Event.objects.filter(host=host, live=True)


def events_upcoming(host: HostCouncil, *, competency: Competency | None = None) -> QuerySet[Event]:
    """Published events that have not ended, soonest first, with their places taken counted."""
    events = _public(host).filter(ends_at__gt=timezone.now())
    if competency is not None:
        events = events.filter(competencies=competency)
    return events.annotate(places_taken=_places_taken()).order_by("starts_at", "title")


def _places_taken():
    """The places booked, counted for each event returned only (a correlated subquery: a page of 3 or 20
    events does not group every booking of every upcoming event, as a join with GROUP BY would)."""
    booked = (
        Booking.objects.filter(event=OuterRef("pk"), status=Booking.Status.BOOKED)
        .order_by()
        .values("event")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(booked, output_field=IntegerField()), 0)


def events_next(host: HostCouncil | None, count: int = NEXT_EVENTS) -> list[Event]:
    """For the partnership's home page."""
    return list(events_upcoming(host)[:count]) if host is not None else []


def events_from_review(review_page) -> list[Event]:
    """Published events that share a practice review's learning (its page shows them), soonest first."""
    return list(Event.objects.filter(review=review_page, live=True).order_by("starts_at"))


def event_get_public(host: HostCouncil, pk: uuid.UUID) -> Event | None:
    return _public(host).filter(pk=pk).annotate(places_taken=_places_taken()).prefetch_related("competencies").first()


def places_left(event: Event) -> int:
    taken = getattr(event, "places_taken", None)
    if taken is None:
        taken = event.bookings.filter(status=Booking.Status.BOOKED).count()
    return max(event.capacity - taken, 0)


def booking_for_token(host: HostCouncil, token: str) -> Booking:
    """The booking a signed link names, of this host's events; LinkInvalid (or LinkExpired) otherwise."""
    booking_id = booking_id_for_token(token)
    try:
        uuid.UUID(booking_id)
    except ValueError as exc:
        raise LinkInvalid from exc
    booking = (
        Booking.objects.filter(pk=booking_id, event__host=host)
        .select_related("event", "event__host", "evaluation")
        .first()
    )
    if booking is None:
        raise LinkInvalid
    return booking


def waiting_position(booking: Booking) -> int | None:
    if booking.status != Booking.Status.WAITING:
        return None
    return (
        Booking.objects.filter(event=booking.event_id, status=Booking.Status.WAITING)
        .filter(
            Q(waiting_since__lt=booking.waiting_since)
            | Q(waiting_since=booking.waiting_since, created_at__lte=booking.created_at)
        )
        .count()
    )


# --- the organiser -----------------------------------------------------------------------------------


def events_for_organiser(host: HostCouncil) -> QuerySet[Event]:
    """Every event of the host, published or not, newest first, with its figures."""
    return (
        Event.objects.filter(host=host)
        .annotate(
            booked=Count("bookings", filter=Q(bookings__status=Booking.Status.BOOKED)),
            waiting=Count("bookings", filter=Q(bookings__status=Booking.Status.WAITING)),
            undelivered=Count("bookings", filter=Q(bookings__last_message__status=OutboxMessage.Status.FAILED)),
        )
        .order_by("-starts_at")
    )


def event_get_for_organiser(host: HostCouncil, pk: uuid.UUID) -> Event | None:
    return Event.objects.filter(host=host, pk=pk).first()


def bookings_of(event: Event) -> QuerySet[Booking]:
    return event.bookings.select_related("last_message", "evaluation").order_by("status", "waiting_since", "created_at")


def undelivered(host: HostCouncil) -> QuerySet[Booking]:
    """Bookings whose last e-mail could not be delivered (the outbox gave up): the organiser gets in touch."""
    return (
        Booking.objects.filter(event__host=host, last_message__status=OutboxMessage.Status.FAILED)
        .select_related("event", "last_message")
        .order_by("-created_at")
    )


@dataclass
class AgencyFigures:
    agency: str
    label: str
    booked: int
    attended: int
    did_not_attend: int
    evaluations: int
    objectives_met: Decimal | None
    confidence: Decimal | None
    overall: Decimal | None


def figures_by_agency(host: HostCouncil, event: Event | None = None) -> list[AgencyFigures]:
    """Per agency: places booked, attended, did not attend, evaluations and their average scores (1–5)."""
    bookings = Booking.objects.filter(event__host=host, status=Booking.Status.BOOKED)
    if event is not None:
        bookings = bookings.filter(event=event)
    rows = {
        row["agency"]: row
        for row in bookings.values("agency").annotate(
            booked=Count("pk"),
            attended=Count("pk", filter=Q(attendance=Booking.Attendance.ATTENDED)),
            did_not_attend=Count("pk", filter=Q(attendance=Booking.Attendance.ABSENT)),
            evaluations=Count("evaluation"),
            objectives_met=Avg("evaluation__objectives_met"),
            confidence=Avg("evaluation__confidence"),
            overall=Avg("evaluation__overall"),
        )
    }

    def score(value) -> Decimal | None:
        return None if value is None else Decimal(str(value)).quantize(Decimal("0.1"))

    return [
        AgencyFigures(
            agency=agency,
            label=label,
            booked=rows[agency]["booked"],
            attended=rows[agency]["attended"],
            did_not_attend=rows[agency]["did_not_attend"],
            evaluations=rows[agency]["evaluations"],
            objectives_met=score(rows[agency]["objectives_met"]),
            confidence=score(rows[agency]["confidence"]),
            overall=score(rows[agency]["overall"]),
        )
        for agency, label in Agency.choices
        if agency in rows
    ]
