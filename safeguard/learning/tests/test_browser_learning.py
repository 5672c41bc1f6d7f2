"""Issue 13's learning journey in a browser: the last place is booked → a second person joins the waiting
list → the first cancels from the signed link in their e-mail → the second is given the place and e-mailed
→ the reminder goes → the organiser marks attendance → the attendee sends the evaluation → and downloads
the certificate with their name on it. axe-core at 1280 and 320 CSS pixels on every page."""

import re
from datetime import timedelta
from io import BytesIO

import pytest
from django.utils import timezone
from pypdf import PdfReader

from safeguard.accounts.tests.browser import sign_in_through_the_pages
from safeguard.core.tests.browser import assert_accessible

pytestmark = pytest.mark.browser


def accessible_wide_and_narrow(page) -> None:
    for width, height in ((1280, 900), (320, 640)):
        page.set_viewport_size({"width": width, "height": height})
        assert_accessible(page)
    page.set_viewport_size({"width": 1280, "height": 900})


def _link(to: str, purpose: str) -> str:
    from safeguard.core.models import OutboxMessage

    message = OutboxMessage.objects.filter(to=to, purpose=purpose).latest("created_at")
    return re.search(r"https?://\S+", message.body.split("See or cancel your booking: ")[1]).group(0)


def _path(url: str) -> str:
    return "/" + url.split("/", 3)[3]


def _book(page, base, event_title, name, email, agency, role):
    page.goto(f"{base}/partnership/events/")
    page.get_by_role("link", name=event_title).click()
    page.get_by_label("Full name").fill(name)
    page.get_by_label("Work e-mail address").fill(email)
    page.get_by_label(agency).check()
    page.get_by_label("Job title or role").fill(role)


def test_last_place_waiting_list_cancel_promote_remind_attend_evaluate_certificate(
    transactional_db, live_server, page, host, partnership_editor, settings
):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from safeguard.content.services import host_content_ensure
    from safeguard.core.audit import TIMED_RULE, SystemActor
    from safeguard.core.models import OutboxMessage
    from safeguard.learning.models import Booking, Event
    from safeguard.learning.services import learning_sweep

    from .factories import event_make

    host_content_ensure(actor=SystemActor("Safeguard test suite"), host=host)
    TOTPDevice.objects.create(user=partnership_editor, name="Authenticator app", confirmed=True)
    event = event_make(host, capacity=1, days=4, title="Neglect: recognising it early")
    base = live_server.url
    # A long journey on a shared machine: the first pages are drawn while templates are still compiled.
    page.set_default_timeout(60_000)

    # The last place.
    page.goto(f"{base}/partnership/events/")
    assert page.locator("h1").inner_text() == "Learning and development"
    accessible_wide_and_narrow(page)
    _book(
        page,
        base,
        "Neglect: recognising it early",
        "Aisha Rahman",
        "aisha@example.org",
        "Council: children's services",
        "Social worker",
    )
    accessible_wide_and_narrow(page)
    page.get_by_role("button", name="Book a place").click()
    assert "Your place is booked" in page.locator("main").inner_text()
    accessible_wide_and_narrow(page)

    # A second person: the event is full, so the waiting list; a mistake first, kept as typed.
    _book(page, base, "Neglect: recognising it early", "Grace Okafor", "grace@example", "Health (NHS)", "School nurse")
    page.get_by_role("button", name="Join the waiting list").click()
    assert "Enter an e-mail address in the correct format" in page.locator(".govuk-error-summary").inner_text()
    assert page.get_by_label("Full name").input_value() == "Grace Okafor"
    accessible_wide_and_narrow(page)
    page.get_by_label("Work e-mail address").fill("grace@example.org")
    page.get_by_role("button", name="Join the waiting list").click()
    assert "You are on the waiting list" in page.locator("main").inner_text()
    accessible_wide_and_narrow(page)

    # The first cancels from the signed link in their e-mail.
    page.goto(base + _path(_link("aisha@example.org", "learning.booking_confirmed")))
    accessible_wide_and_narrow(page)
    page.get_by_role("button", name="Cancel my place").click()
    assert "Your booking is cancelled" in page.locator("main").inner_text()
    accessible_wide_and_narrow(page)

    # The second is given the place and e-mailed, with the invitation.
    promoted = OutboxMessage.objects.get(to="grace@example.org", purpose="learning.booking_promoted")
    assert "A place has come free" in promoted.subject and "BEGIN:VEVENT" in promoted.calendar
    grace = base + _path(_link("grace@example.org", "learning.booking_promoted"))
    page.goto(grace)
    assert "Booked" in page.locator("main").inner_text()
    accessible_wide_and_narrow(page)

    # The reminder, LEARNING_REMINDER_DAYS before.
    settings.LEARNING_REMINDER_DAYS = 5
    assert learning_sweep(actor=TIMED_RULE) == (0, 1)
    assert OutboxMessage.objects.filter(to="grace@example.org", purpose="learning.booking_reminder").count() == 1

    # The event happens; the organiser marks attendance in their own pages.
    started = timezone.now() - timedelta(hours=4)
    Event.objects.filter(pk=event.pk).update(starts_at=started, ends_at=started + timedelta(hours=3))
    sign_in_through_the_pages(page, base, partnership_editor)
    page.goto(f"{base}/partnership/events/manage/")
    accessible_wide_and_narrow(page)
    page.get_by_role("link", name="Neglect: recognising it early").click()
    accessible_wide_and_narrow(page)
    page.get_by_label("Attended").check()
    page.get_by_role("button", name="Save attendance").click()
    assert "Attendance saved" in page.locator("main").inner_text()
    accessible_wide_and_narrow(page)
    assert Booking.objects.get(email="grace@example.org").attendance == "attended"
    page.context.clear_cookies()

    # The evaluation, from the link in the e-mail; then the certificate.
    asked = OutboxMessage.objects.get(to="grace@example.org", purpose="learning.evaluation_request")
    evaluation = re.search(r"The evaluation form: (\S+)", asked.body).group(1)
    page.goto(base + _path(evaluation))
    accessible_wide_and_narrow(page)
    page.get_by_role("button", name="Send evaluation").click()
    assert "Select how well the event met its aims" in page.locator(".govuk-error-summary").inner_text()
    accessible_wide_and_narrow(page)
    page.get_by_role("group", name="How well did the event meet its aims?").get_by_label("5 – Very good").check()
    page.get_by_role("group", name="How confident are you").get_by_label("4 – Good").check()
    page.get_by_role("group", name="Overall, how good was the event?").get_by_label("5 – Very good").check()
    page.get_by_role("button", name="Send evaluation").click()
    assert "Your certificate of attendance is ready" in page.locator("main").inner_text()
    accessible_wide_and_narrow(page)
    href = page.get_by_role("link", name="Download your certificate of attendance (PDF)").get_attribute("href")
    pdf = page.request.get(base + href)
    assert pdf.headers["content-type"] == "application/pdf"
    text = " ".join(p.extract_text() for p in PdfReader(BytesIO(pdf.body())).pages)
    assert "Grace Okafor" in text and "Neglect: recognising it early" in text
