"""An event as an iCalendar invitation (RFC 5545, the `icalendar` library): attached to the booking
e-mail and offered from the booking's page."""

from datetime import datetime

import icalendar
from django.conf import settings
from django.utils import timezone

from .links import booking_url, event_url


def booking_calendar(booking, *, cancelled: bool = False) -> str:
    """One VEVENT for the person's place: REQUEST, or CANCEL when the place is given up. Its UID is the
    booking's, so a calendar replaces or removes the same entry."""
    event = booking.event
    calendar = icalendar.Calendar()
    calendar.add("prodid", f"-//{settings.SAFEGUARD_SERVICE_NAME}//Learning events//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if cancelled else "REQUEST")
    entry = icalendar.Event()
    entry.add("uid", f"booking-{booking.pk}@safeguard")
    entry.add("dtstamp", timezone.now())
    entry.add("dtstart", event.starts_at)
    entry.add("dtend", event.ends_at)
    entry.add("summary", event.title)
    entry.add("location", event.online_link if event.is_online else " ".join(event.venue.split()))
    words = [event.summary, "", f"Your booking: {booking_url(booking)}", f"The event: {event_url(event)}"]
    if event.online_link:
        words.insert(1, f"Join online: {event.online_link}")
    entry.add("description", "\n".join(words))
    entry.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    entry.add("sequence", 1 if cancelled else 0)
    calendar.add_component(entry)
    return calendar.to_ical().decode()


def calendar_start(text: str) -> datetime:
    """The start of the first event in a calendar's text (tests and the booking page read it back)."""
    return icalendar.Calendar.from_ical(text).walk("VEVENT")[0].decoded("dtstart")
