"""Booking without an account, the waiting list, cancelling from the signed link, reminders, attendance,
evaluation and certificate; bad input on the public forms; the organiser's pages (docs/adr/0027)."""

from datetime import timedelta
from io import BytesIO

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from safeguard.core.audit import TIMED_RULE
from safeguard.core.models import OutboxMessage
from safeguard.core.outbox import outbox_deliver_due
from safeguard.learning import services
from safeguard.learning.invitations import calendar_start
from safeguard.learning.links import booking_token
from safeguard.learning.models import Booking, Event

from .factories import event_make

pytestmark = pytest.mark.django_db

GOOD = {
    "name": "Aisha Rahman",
    "email": "aisha.rahman@example.org",
    "agency": "council_children",
    "role": "Social worker",
}


def book(client, event, **changes):
    return client.post(reverse("learning:event", kwargs={"pk": event.pk}), GOOD | changes)


def test_booking_a_place_sends_the_confirmation_with_a_calendar_invitation(client, luton):
    event = event_make(luton, capacity=2)
    response = book(client, event)
    assert response.status_code == 302 and response["Location"] == reverse("learning:booked")
    page = client.get(response["Location"]).content.decode()
    assert "Your place is booked" in page and "aisha.rahman@example.org" in page
    booking = Booking.objects.get()
    assert booking.status == Booking.Status.BOOKED and booking.agency == "council_children"
    assert outbox_deliver_due() == 1
    sent = mail.outbox[0]
    assert sent.to == ["aisha.rahman@example.org"] and "Your place is booked" in sent.subject
    assert f"/partnership/events/booking/{booking.pk}:" in sent.body
    (name, ics, kind) = sent.attachments[0]
    assert name == "invite.ics" and kind.startswith("text/calendar")
    assert calendar_start(ics) == event.starts_at.replace(microsecond=0)


def test_a_full_event_takes_a_waiting_list_promoted_in_order_when_someone_cancels(client, luton):
    event = event_make(luton, capacity=1)
    first = services.booking_make(
        actor=services.PUBLIC_BOOKER,
        host=luton,
        event_id=event.pk,
        name="First",
        email="first@example.org",
        agency="police",
        role="PC",
    )
    second = services.booking_make(
        actor=services.PUBLIC_BOOKER,
        host=luton,
        event_id=event.pk,
        name="Second",
        email="second@example.org",
        agency="health",
        role="Nurse",
    )
    third = services.booking_make(
        actor=services.PUBLIC_BOOKER,
        host=luton,
        event_id=event.pk,
        name="Third",
        email="third@example.org",
        agency="health",
        role="GP",
    )
    assert [b.status for b in (first, second, third)] == ["booked", "waiting", "waiting"]
    outbox_deliver_due()
    mail.outbox.clear()

    # The first cancels from the link in their e-mail: the page shows, the button acts.
    url = reverse("learning:booking", kwargs={"token": booking_token(first)})
    assert "Cancel my place" in client.get(url).content.decode()
    response = client.post(url)
    assert response.status_code == 302
    assert "Your booking is cancelled" in client.get(url).content.decode()

    second.refresh_from_db()
    third.refresh_from_db()
    assert second.status == Booking.Status.BOOKED and second.promoted_at is not None
    assert third.status == Booking.Status.WAITING
    outbox_deliver_due()
    promoted = [m for m in mail.outbox if m.to == ["second@example.org"]]
    assert promoted and "A place has come free" in promoted[0].subject and promoted[0].attachments
    assert any(m.to == ["first@example.org"] and "cancelled" in m.subject for m in mail.outbox)


def test_cancelling_closes_the_configured_working_days_before(client, luton, settings):
    settings.LEARNING_CANCEL_CLOSES_WORKING_DAYS = 2
    # The event on Thursday 10 December 2026: cancelling closes on Tuesday 8 December.
    event = event_make(luton, starts_at=timezone.make_aware(timezone.datetime(2026, 12, 10, 9, 30)))
    with time_machine.travel(timezone.make_aware(timezone.datetime(2026, 12, 1, 12)), tick=False):
        booking = services.booking_make(actor=services.PUBLIC_BOOKER, host=luton, event_id=event.pk, **GOOD)
    url = reverse("learning:booking", kwargs={"token": booking_token(booking)})
    with time_machine.travel(timezone.make_aware(timezone.datetime(2026, 12, 9, 12)), tick=False):
        page = client.get(url).content.decode()
        assert "Cancelling here closed on 8 December 2026" in page and "Cancel my place" not in page
        response = client.post(url)
        assert response.status_code == 400 and "Cancelling closed on 8 December 2026" in response.content.decode()
    booking.refresh_from_db()
    assert booking.status == Booking.Status.BOOKED


def test_reminders_go_once_the_configured_days_before(luton, settings):
    settings.LEARNING_REMINDER_DAYS = 2
    soon = event_make(luton, days=1.5, title="Soon")
    later = event_make(luton, days=10, title="Later")
    for event in (soon, later):
        services.booking_make(actor=services.PUBLIC_BOOKER, host=luton, event_id=event.pk, **GOOD)
    outbox_deliver_due()
    mail.outbox.clear()
    assert services.learning_sweep(actor=TIMED_RULE) == (0, 1)
    assert services.learning_sweep(actor=TIMED_RULE) == (0, 0)
    outbox_deliver_due()
    assert [m.subject.split(" on ")[0] for m in mail.outbox] == ["Reminder: Soon"]


def test_attendance_then_evaluation_then_certificate(client, luton, organiser, sign_in):
    event = event_make(luton, days=5)
    booking = services.booking_make(actor=services.PUBLIC_BOOKER, host=luton, event_id=event.pk, **GOOD)
    absent = services.booking_make(
        actor=services.PUBLIC_BOOKER,
        host=luton,
        event_id=event.pk,
        name="Tom Whitfield",
        email="tom@example.org",
        agency="police",
        role="DC",
    )
    token = booking_token(booking)
    assert client.get(reverse("learning:evaluation", kwargs={"token": token})).status_code == 404
    with time_machine.travel(event.starts_at + timedelta(hours=4)):
        sign_in(organiser)
        url = reverse("learning:manage_event", kwargs={"pk": event.pk})
        response = client.post(url, {f"attendance-{booking.pk}": "attended", f"attendance-{absent.pk}": "absent"})
        assert response.status_code == 302
        client.logout()
        outbox_deliver_due()
        asked = [m for m in mail.outbox if "Tell us what you thought" in m.subject]
        assert [m.to for m in asked] == [["aisha.rahman@example.org"]]

        evaluation = reverse("learning:evaluation", kwargs={"token": token})
        response = client.post(evaluation, {"comments": "Useful"})
        page = response.content.decode()
        assert response.status_code == 200 and "Select how well the event met its aims" in page and "Useful" in page
        assert client.get(reverse("learning:certificate", kwargs={"token": token})).status_code == 404
        client.post(evaluation, {"objectives_met": "5", "confidence": "4", "overall": "5", "comments": "Useful"})
        pdf = client.get(reverse("learning:certificate", kwargs={"token": token}))
        assert pdf["Content-Type"] == "application/pdf"
        text = " ".join(page.extract_text() for page in PdfReader(BytesIO(pdf.content)).pages)
        assert "Aisha Rahman" in text and "Neglect: recognising it early" in text

        sign_in(organiser)
        csv = client.get(reverse("learning:figures_csv")).content.decode("utf-8-sig")
        assert "Council: children's services,1,1,0,1,5.0,4.0,5.0" in csv
        assert "Police,1,0,1,0,,," in csv


def test_the_booking_form_names_every_missing_field_and_keeps_what_was_typed(client, luton):
    event = event_make(luton)
    response = book(client, event, name="", email="not-an-address", agency="", role="  ")
    page = response.content.decode()
    assert response.status_code == 200
    for message in [
        "Enter your full name",
        "Enter an e-mail address in the correct format",
        "Select where you work",
        "Enter your job title or role",
    ]:
        assert page.count(message) == 2, message  # in the summary and at the field
    assert 'value="not-an-address"' in page
    response = book(client, event, name="A" * 201)
    assert "Full name must be 200 characters or fewer" in response.content.decode()
    assert 'value="' + "A" * 201 + '"' in response.content.decode()
    assert not Booking.objects.exists()


def test_the_same_address_cannot_book_twice(client, luton):
    event = event_make(luton)
    book(client, event)
    page = book(client, event, email="AISHA.RAHMAN@example.org").content.decode()
    assert "already has a place" in page and "Aisha Rahman" in page
    assert Booking.objects.count() == 1


def test_a_bot_filling_the_honeypot_books_nothing_but_a_complete_booking_is_never_dropped(client, luton):
    event = event_make(luton)
    response = book(client, event, name="", website="http://spam.example")
    assert response.status_code == 302
    assert not Booking.objects.exists() and not OutboxMessage.objects.exists()
    # Complete, with the hidden field filled (an autofilling browser can do it): the place is booked.
    response = book(client, event, website="http://spam.example")
    assert response.status_code == 302
    assert Booking.objects.get().name == "Aisha Rahman"


def test_too_many_bookings_from_one_address_are_slowed_and_nothing_typed_is_lost(client, luton, settings):
    settings.LEARNING_BOOKING_RATE = (1, 5, 600)
    event = event_make(luton)
    book(client, event)
    response = book(client, event, name="Grace Okafor", email="grace@example.org")
    assert response.status_code == 429 and response["Retry-After"]
    page = response.content.decode()
    assert "too many bookings" in page and 'value="grace@example.org"' in page and 'value="Grace Okafor"' in page
    assert Booking.objects.count() == 1


def test_a_tampered_link_shows_what_to_do(client, luton):
    event = event_make(luton)
    booking = services.booking_make(actor=services.PUBLIC_BOOKER, host=luton, event_id=event.pk, **GOOD)
    token = booking_token(booking)
    response = client.get(reverse("learning:booking", kwargs={"token": token[:-2] + "xx"}))
    assert response.status_code == 404 and "This link does not work" in response.content.decode()


def test_a_draft_event_is_not_public_and_a_bounced_email_shows_to_the_organiser(client, luton, organiser, sign_in):
    draft = event_make(luton, live=False, title="Not yet")
    assert client.get(reverse("learning:event", kwargs={"pk": draft.pk})).status_code == 404
    assert "Not yet" not in client.get(reverse("learning:events")).content.decode()
    event = event_make(luton)
    booking = services.booking_make(actor=services.PUBLIC_BOOKER, host=luton, event_id=event.pk, **GOOD)
    OutboxMessage.objects.filter(pk=booking.last_message_id).update(
        status=OutboxMessage.Status.FAILED, last_error="550 No such user"
    )
    sign_in(organiser)
    page = client.get(reverse("learning:manage")).content.decode()
    assert "E-mails that did not arrive" in page and "aisha.rahman@example.org" in page and "550 No such user" in page
    assert (
        "E-mail not delivered" in client.get(reverse("learning:manage_event", kwargs={"pk": event.pk})).content.decode()
    )


def test_another_hosts_event_is_not_the_organisers(client, luton, organiser, sign_in):
    from safeguard.accounts.models import HostCouncil, Organisation

    mk = HostCouncil.objects.create(organisation=Organisation.objects.get(dfe_code="826"), slug="milton-keynes")
    theirs = event_make(mk, title="Keynes course")
    sign_in(organiser)
    assert client.get(reverse("learning:manage_event", kwargs={"pk": theirs.pk})).status_code == 404
    assert "Keynes course" not in client.get(reverse("learning:manage")).content.decode()
    client.logout()
    assert client.get(reverse("learning:event", kwargs={"pk": theirs.pk})).status_code == 404


def test_the_partnership_shows_next_events_and_a_reviews_events(client, luton):
    from safeguard.partnership.demo import partnership_demo_load

    partnership_demo_load(host=luton)
    from wagtail.models import Page

    review = Page.objects.get(slug="child-r")
    event_make(luton, title="Learning from Child R", review=review, kind="review_learning")
    home = client.get("/partnership/").content.decode()
    assert "Next events" in home and "Learning from Child R" in home and 'href="/partnership/events/"' in home
    assert "Learning from Child R" in client.get("/partnership/reviews/child-r/").content.decode()
    assert Event.objects.filter(review=review).count() == 1
