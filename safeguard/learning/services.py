"""Writes of the learning programme: bookings, the waiting list, cancelling, reminders, attendance and
evaluations (docs/adr/0027-learning-events-and-bookings.md). Every write is audited; every e-mail goes
through the outbox, after the change commits.

Two people booking the last place at the same moment: each booking locks the event's row
(`select_for_update`) before counting its places, so the second waits for the first to commit and then
counts its place: one gets it, the other joins the waiting list.
"""

from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from safeguard.core.audit import SystemActor, audit_event_record
from safeguard.core.errors import ServiceRefusal
from safeguard.core.jinja2 import format_date, format_time
from safeguard.core.outbox import outbox_email_enqueue
from safeguard.core.working_days import add_working_days

from .invitations import booking_calendar
from .links import booking_url
from .models import Booking, Evaluation, Event

PUBLIC_BOOKER = SystemActor("Someone booking a learning event (no account)")
BOOKER_BY_LINK = SystemActor("The person who booked, from their booking's link")
EVALUATION_MAX_CHARS = 2000


# --- what a booking may do, and when -----------------------------------------------------------------


def cancel_closes_on(event: Event) -> date:
    """The last day a person may cancel their own place: LEARNING_CANCEL_CLOSES_WORKING_DAYS working days
    before the event's day."""
    return add_working_days(timezone.localdate(event.starts_at), -settings.LEARNING_CANCEL_CLOSES_WORKING_DAYS)


def may_cancel(booking: Booking, *, now: datetime | None = None) -> bool:
    """A waiting-list place may be given up until the event starts; a place until cancelling closes."""
    now = now or timezone.now()
    if booking.status == Booking.Status.WAITING:
        return now < booking.event.starts_at
    if booking.status == Booking.Status.BOOKED:
        return timezone.localdate(now) <= cancel_closes_on(booking.event)
    return False


def may_evaluate(booking: Booking) -> bool:
    return booking.attendance == Booking.Attendance.ATTENDED


def when_words(event: Event) -> str:
    """“14 March 2027, 9:30am to 12:30pm”."""
    return f"{format_date(event.starts_at)}, {format_time(event.starts_at)} to {format_time(event.ends_at)}"


def where_words(event: Event) -> str:
    return "Online" if event.is_online else ", ".join(line.strip() for line in event.venue.splitlines() if line.strip())


# --- e-mails -----------------------------------------------------------------------------------------


def _email(booking: Booking, *, subject: str, lines: list[str], purpose: str, calendar: str = "") -> None:
    event = booking.event
    body = "\n".join(
        [
            f"Dear {booking.name},",
            "",
            *lines,
            "",
            f"{event.title}",
            f"When: {when_words(event)}",
            f"Where: {where_words(event)}",
            "",
            f"See or cancel your booking: {booking_url(booking)}",
            "",
            "The safeguarding partnership's business unit",
        ]
    )
    message = outbox_email_enqueue(
        to=booking.email, subject=subject, body=body, purpose=purpose, host_council=event.host, calendar=calendar
    )
    booking.last_message = message
    booking.save(update_fields=["last_message"])


def _online_line(booking: Booking) -> list[str]:
    event = booking.event
    return [f"Join online: {event.online_link}"] if event.online_link else []


def _email_booked(booking: Booking) -> None:
    _email(
        booking,
        subject=f"Your place is booked: {booking.event.title}",
        lines=[
            "Your place is booked. The invitation is attached: open it to add the event to your calendar.",
            *_online_line(booking),
            f"If you cannot come, cancel by {format_date(cancel_closes_on(booking.event))} so someone else "
            "can have your place.",
        ],
        purpose="learning.booking_confirmed",
        calendar=booking_calendar(booking),
    )


def _email_waiting(booking: Booking, position: int) -> None:
    _email(
        booking,
        subject=f"You are on the waiting list: {booking.event.title}",
        lines=[
            f"The event is full, so you are on its waiting list (number {position}). If a place comes free it "
            "is given to the next person on the list, and we will e-mail you at once.",
        ],
        purpose="learning.booking_waiting",
    )


def _email_promoted(booking: Booking) -> None:
    _email(
        booking,
        subject=f"A place has come free for you: {booking.event.title}",
        lines=[
            "Someone cancelled, so the place is now yours: you were next on the waiting list. The invitation "
            "is attached: open it to add the event to your calendar.",
            *_online_line(booking),
            f"If you cannot come, cancel by {format_date(cancel_closes_on(booking.event))} so the next "
            "person can have it.",
        ],
        purpose="learning.booking_promoted",
        calendar=booking_calendar(booking),
    )


def _email_cancelled(booking: Booking, was: str) -> None:
    _email(
        booking,
        subject=f"Your booking is cancelled: {booking.event.title}",
        lines=["You have cancelled your place." if was == Booking.Status.BOOKED else "You have left the waiting list."],
        purpose="learning.booking_cancelled",
        calendar=booking_calendar(booking, cancelled=True) if was == Booking.Status.BOOKED else "",
    )


def _email_reminder(booking: Booking) -> None:
    _email(
        booking,
        subject=f"Reminder: {booking.event.title} on {format_date(booking.event.starts_at)}",
        lines=["A reminder of your place.", *_online_line(booking)],
        purpose="learning.booking_reminder",
    )


def _email_evaluation(booking: Booking) -> None:
    _email(
        booking,
        subject=f"Tell us what you thought: {booking.event.title}",
        lines=[
            "Thank you for coming. Please tell us what you thought of the event; your certificate of "
            "attendance is ready as soon as you have.",
            f"The evaluation form: {booking_url(booking, 'learning:evaluation')}",
        ],
        purpose="learning.evaluation_request",
    )


# --- booking -----------------------------------------------------------------------------------------


def _places_taken(event: Event) -> int:
    return event.bookings.filter(status=Booking.Status.BOOKED).count()


def _waiting(event: Event):
    return event.bookings.filter(status=Booking.Status.WAITING).order_by("waiting_since", "created_at")


def booking_make(*, actor, host, event_id, name: str, email: str, agency: str, role: str) -> Booking:
    """A place on a published event of this host, or a place on its waiting list when it is full."""
    with transaction.atomic():
        # The lock: a second booking of the same event waits here until this one commits.
        event = Event.objects.select_for_update().filter(pk=event_id, host=host, live=True).first()
        if event is None:
            raise ServiceRefusal({"__all__": "This event is no longer open for booking"})
        now = timezone.now()
        if event.starts_at <= now:
            raise ServiceRefusal({"__all__": "This event has started: booking has closed"})
        email = email.strip()
        if event.bookings.filter(
            email__iexact=email, status__in=[Booking.Status.BOOKED, Booking.Status.WAITING]
        ).exists():
            raise ServiceRefusal(
                {
                    "email": "This e-mail address already has a place or a place on the waiting list for this event: "
                    "use the link in the e-mail we sent"
                }
            )
        full = _places_taken(event) >= event.capacity
        booking = Booking.objects.create(
            event=event,
            name=name.strip(),
            email=email,
            agency=agency,
            role=role.strip(),
            status=Booking.Status.WAITING if full else Booking.Status.BOOKED,
            waiting_since=now if full else None,
        )
        audit_event_record(
            actor=actor,
            action="learning.booking_waiting" if full else "learning.booking_make",
            target=booking,
            host_council=host,
            changes={"status": [None, booking.status], "event": [None, str(event.pk)]},
        )
        if full:
            _email_waiting(booking, _waiting(event).count())
        else:
            _email_booked(booking)
    return booking


def _promote(event: Event, *, actor) -> list[Booking]:
    """Give free places to the waiting list, in the order people joined it. The event's row is locked."""
    free = event.capacity - _places_taken(event)
    promoted = list(_waiting(event)[: max(free, 0)])
    now = timezone.now()
    for booking in promoted:
        booking.status = Booking.Status.BOOKED
        booking.promoted_at = now
        booking.save(update_fields=["status", "promoted_at"])
        audit_event_record(
            actor=actor,
            action="learning.booking_promote",
            target=booking,
            host_council=event.host,
            changes={"status": [Booking.Status.WAITING, Booking.Status.BOOKED]},
        )
        _email_promoted(booking)
    return promoted


def booking_cancel(*, actor, booking: Booking) -> Booking:
    """The person gives up their place (the next on the waiting list gets it) or leaves the waiting list."""
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=booking.event_id)
        booking = Booking.objects.select_related("event").get(pk=booking.pk)
        if not may_cancel(booking):
            if booking.status == Booking.Status.CANCELLED:
                raise ServiceRefusal({"__all__": "This booking is already cancelled"})
            raise ServiceRefusal(
                {
                    "__all__": f"Cancelling closed on {format_date(cancel_closes_on(event))}: contact the "
                    "partnership's business unit"
                }
            )
        was = booking.status
        booking.status = Booking.Status.CANCELLED
        booking.cancelled_at = timezone.now()
        booking.save(update_fields=["status", "cancelled_at"])
        audit_event_record(
            actor=actor,
            action="learning.booking_cancel",
            target=booking,
            host_council=event.host,
            changes={"status": [was, Booking.Status.CANCELLED]},
        )
        _email_cancelled(booking, was)
        if was == Booking.Status.BOOKED and event.starts_at > timezone.now():
            _promote(event, actor=actor)
    return booking


def learning_sweep(*, actor, now: datetime | None = None) -> tuple[int, int]:
    """The timed rule: places that came free (an editor raised the capacity) go to the waiting list, and
    people with a place on an event starting within LEARNING_REMINDER_DAYS days get their reminder, once.
    Returns (promoted, reminded)."""
    now = now or timezone.now()
    promoted = 0
    waiting_events = Event.objects.filter(
        live=True, starts_at__gt=now, bookings__status=Booking.Status.WAITING
    ).distinct()
    for event_id in waiting_events.values_list("pk", flat=True):
        with transaction.atomic():
            event = Event.objects.select_for_update().get(pk=event_id)
            promoted += len(_promote(event, actor=actor))
    due = Booking.objects.filter(
        status=Booking.Status.BOOKED,
        reminded_at__isnull=True,
        event__live=True,
        event__starts_at__gt=now,
        event__starts_at__lte=now + timedelta(days=settings.LEARNING_REMINDER_DAYS),
    ).select_related("event", "event__host")
    reminded = 0
    for booking in due:
        with transaction.atomic():
            booking.reminded_at = now
            booking.save(update_fields=["reminded_at"])
            _email_reminder(booking)
            audit_event_record(
                actor=actor, action="learning.booking_remind", target=booking, host_council=booking.event.host
            )
        reminded += 1
    return promoted, reminded


# --- the organiser -------------------------------------------------------------------------------------


def attendance_record(*, actor, event: Event, marks: dict[str, str]) -> int:
    """The organiser marks who came (`marks`: booking id → "attended" or "absent"), once the event has
    started. Each person marked as attended for the first time is e-mailed the evaluation form. Returns
    how many marks changed."""
    if event.starts_at > timezone.now():
        raise ServiceRefusal({"__all__": "Attendance can be marked once the event has started"})
    allowed = {choice for choice, _ in Booking.Attendance.choices}
    changed = 0
    with transaction.atomic():
        bookings = event.bookings.select_for_update().filter(status=Booking.Status.BOOKED, pk__in=list(marks))
        for booking in bookings:
            mark = marks[str(booking.pk)]
            if mark not in allowed or mark == booking.attendance:
                continue
            audit_event_record(
                actor=actor,
                action="learning.attendance_mark",
                target=booking,
                host_council=event.host,
                changes={"attendance": [booking.attendance or None, mark]},
            )
            booking.attendance = mark
            booking.save(update_fields=["attendance"])
            changed += 1
            if mark == Booking.Attendance.ATTENDED and booking.evaluation_asked_at is None:
                booking.evaluation_asked_at = timezone.now()
                booking.save(update_fields=["evaluation_asked_at"])
                _email_evaluation(booking)
    return changed


def evaluation_submit(
    *, actor, booking: Booking, objectives_met: int, confidence: int, overall: int, comments: str
) -> Evaluation:
    """An attendee's evaluation, once; their certificate is ready after it."""
    if not may_evaluate(booking):
        raise ServiceRefusal({"__all__": "The evaluation opens once the organiser has marked you as attended"})
    if len(comments) > EVALUATION_MAX_CHARS:
        raise ServiceRefusal({"comments": f"Comments must be {EVALUATION_MAX_CHARS} characters or fewer"})
    with transaction.atomic():
        if Evaluation.objects.filter(booking=booking).exists():
            raise ServiceRefusal({"__all__": "You have already sent your evaluation: your certificate is ready"})
        evaluation = Evaluation.objects.create(
            booking=booking,
            objectives_met=objectives_met,
            confidence=confidence,
            overall=overall,
            comments=comments.strip(),
        )
        audit_event_record(
            actor=actor, action="learning.evaluation_submit", target=booking, host_council=booking.event.host
        )
    return evaluation


# --- editing in /cms/ ------------------------------------------------------------------------------------


def event_edit_audit(*, actor, event: Event, action: str) -> None:
    """An editor's change to an event in /cms/ (saved as a draft, published, unpublished, deleted)."""
    audit_event_record(actor=actor, action=action, target=event, host_council=event.host)


def competency_edit_audit(*, actor, competency, action: str) -> None:
    """An editor's change to one of the programme's core competencies in /cms/ (added, renamed, deleted)."""
    audit_event_record(
        actor=actor,
        action=action,
        target=competency,
        host_council=competency.host,
        changes={"name": [None, competency.name], "code": [None, competency.code]},
    )
