"""A believable Luton learning and development programme (seed 003: "a coherent workforce development
programme with core competencies"; "learning and improvement events will be taking place to get the
learning out to safeguarding practitioners and professionals"). The events, people and scores are
invented for the demonstration, and say so."""

from datetime import datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone
from wagtail.models import Page

from safeguard.accounts.models import HostCouncil
from safeguard.content.publishing import publishing_as
from safeguard.core.audit import DEMO_LOADER

from .models import Agency, Booking, Competency, Evaluation, Event, EventKind

DEMO_NOTE = "Demo text: an invented event, for this demonstration only."

COMPETENCIES = [
    ("recognise", "Recognising abuse and neglect", "Knowing the signs of abuse, neglect and exploitation in children and in the adults around them."),
    ("respond", "Responding and referring", "What to do and whom to tell when a child may be at risk, in Luton's procedures."),
    ("multi-agency", "Working together across agencies", "Sharing information and working with the council, police and health as one partnership."),
    ("voice", "The child's voice and lived experience", "Seeing the day-to-day life of the child and keeping it at the centre of the work."),
    ("learning", "Learning from reviews", "Putting the lessons of practice reviews into everyday practice."),
]  # fmt: skip

PEOPLE = [
    ("Aisha Rahman", Agency.COUNCIL_CHILDREN, "Social worker"),
    ("Tom Whitfield", Agency.POLICE, "Detective constable"),
    ("Grace Okafor", Agency.HEALTH, "School nurse"),
    ("Daniel Price", Agency.EDUCATION, "Designated safeguarding lead"),
    ("Priya Patel", Agency.HEALTH, "Health visitor"),
    ("Marek Nowak", Agency.VOLUNTARY, "Youth worker"),
    ("Hannah Clarke", Agency.COUNCIL_CHILDREN, "Team manager"),
    ("Imran Hussain", Agency.COUNCIL_OTHER, "Housing officer"),
    ("Sophie Turner", Agency.EDUCATION, "Early years practitioner"),
    ("Kwame Mensah", Agency.POLICE, "Police community support officer"),
    ("Fatima Begum", Agency.VOLUNTARY, "Family support worker"),
    ("Lucy Barnes", Agency.HEALTH, "Midwife"),
]


def _at(days: int, hour: int, minute: int = 0) -> datetime:
    day = timezone.localdate() + timedelta(days=days)
    while day.weekday() >= 5:  # events are on weekdays
        day += timedelta(days=1)
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _event(host, review, competencies, *, days, hours, codes, **fields) -> Event:
    starts = _at(days, 9, 30)
    event = Event(host=host, starts_at=starts, ends_at=starts + timedelta(hours=hours),
                  review=review if fields.get("kind") == EventKind.REVIEW_LEARNING else None, **fields)  # fmt: skip
    event.save()
    event.competencies.set([competencies[code] for code in codes])
    event.save()
    with publishing_as(DEMO_LOADER):
        event.save_revision(log_action=False).publish(log_action=False)
    return event


def _book(event, people, *, status=Booking.Status.BOOKED, attendance="", start=0) -> list[Booking]:
    bookings = []
    for index, (name, agency, role) in enumerate(people):
        first, last = name.lower().split()
        bookings.append(
            Booking.objects.create(
                event=event,
                name=name,
                email=f"{first}.{last}{start + index}@example.org",
                agency=agency,
                role=role,
                status=status,
                attendance=attendance,
                waiting_since=timezone.now() + timedelta(seconds=index) if status == Booking.Status.WAITING else None,
            )
        )
    return bookings


def learning_demo_load(*, host: HostCouncil) -> None:
    """For Luton, its programme: competencies, events to come (one full with a waiting list) and past
    events with attendance and evaluations. Safe to run again."""
    if host.slug != "luton" or Competency.objects.filter(host=host).exists():
        return
    competencies = {
        code: Competency.objects.create(host=host, code=code, name=name, description=words, sort_order=n)
        for n, (code, name, words) in enumerate(COMPETENCIES)
    }
    review = Page.objects.filter(slug="child-r", content_type__app_label="partnership").first()
    free = {"charge": Decimal("0"), "charge_note": "Free to every agency in the partnership"}
    full = _event(host, review, competencies, days=12, hours=3, codes=["learning", "recognise", "voice"],
        title="Learning from serious case reviews: neglect and families under strain", kind=EventKind.REVIEW_LEARNING,
        summary="What Luton's serious case reviews teach about neglect, poverty and families who cannot cope.",
        description=f"The multi-agency partnership has been learning some very difficult lessons from the current Serious Case Reviews. This learning and improvement event gets that learning out to safeguarding practitioners and professionals.\n\n{DEMO_NOTE}",
        venue="The Hat Factory\n65-67 Bute Street\nLuton LU1 2EY", audience="Practitioners and managers in every agency",
        capacity=12, **free)  # fmt: skip
    _book(full, PEOPLE)
    _book(full, [("Owen Lewis", Agency.EDUCATION, "Deputy head teacher"), ("Zara Ali", Agency.HEALTH, "GP")],
          status=Booking.Status.WAITING, start=50)  # fmt: skip
    course = _event(host, review, competencies, days=26, hours=6, codes=["recognise", "respond"],
        title="Child sexual exploitation: recognising and responding", kind=EventKind.COURSE,
        summary="A day on the signs of child sexual exploitation, grooming and trafficking, and what to do.",
        description=f"The signs of child sexual exploitation, criminal exploitation, trafficking and grooming; who to call in Luton; how the partnership's procedures work.\n\n{DEMO_NOTE}",
        venue="Luton Town Hall\nGeorge Street\nLuton LU1 2BQ", audience="Anyone working with children and young people",
        capacity=30, charge=Decimal("35"), charge_note="Free to partner agencies; £35 a place for others")  # fmt: skip
    _book(course, PEOPLE[:5], start=100)
    _event(host, review, competencies, days=40, hours=2, codes=["multi-agency", "respond"],
        title="Safeguarding at our borders: Luton Airport", kind=EventKind.BRIEFING,
        summary="The Memorandum of Good Practice with the agencies and airlines at Luton Airport.",
        description=f"Agencies and airlines working out of and with Luton Airport are making our borders as safe as they can be for children vulnerable to exploitation, slavery, trafficking, grooming and the influence of extremists.\n\n{DEMO_NOTE}",
        venue="", online_link="https://meet.example.org/luton-borders", audience="Staff of agencies and airlines at Luton Airport",
        capacity=80, **free)  # fmt: skip
    _event(host, review, competencies, days=55, hours=3, codes=["multi-agency", "voice"],
        title="Working together: an introduction to multi-agency safeguarding", kind=EventKind.COURSE,
        summary="How the council, police and health work as one safeguarding partnership in Luton.",
        description=f"For practitioners new to Luton: the partnership's arrangements, the front door, strategy discussions and the child's voice.\n\n{DEMO_NOTE}",
        venue="The Hat Factory\n65-67 Bute Street\nLuton LU1 2EY", audience="Practitioners new to Luton", capacity=25, **free)  # fmt: skip
    for days, title, codes, attended in [
        (-30, "Neglect: using the graded care profile", ["recognise", "voice"], 8),
        (-60, "Radicalisation and the Prevent duty", ["recognise", "respond"], 6),
    ]:
        past = _event(host, review, competencies, days=days, hours=3, codes=codes, title=title, kind=EventKind.COURSE,
            summary="A past course of the programme.", description=DEMO_NOTE,
            venue="Luton Town Hall\nGeorge Street\nLuton LU1 2BQ", audience="Practitioners in every agency", capacity=12, **free)  # fmt: skip
        bookings = _book(past, PEOPLE[:10], start=200 + days)
        for n, booking in enumerate(bookings):
            booking.attendance = Booking.Attendance.ATTENDED if n < attended else Booking.Attendance.ABSENT
            booking.evaluation_asked_at = past.ends_at if n < attended else None
            booking.save(update_fields=["attendance", "evaluation_asked_at"])
            if n < attended - 2:
                Evaluation.objects.create(
                    booking=booking, objectives_met=4 + n % 2, confidence=3 + n % 3, overall=4 + (n % 2)
                )
