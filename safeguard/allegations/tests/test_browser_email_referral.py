"""Browser journey (issue 11): an e-mail to the LADO's mailbox, with a part missing and a date that is
not a date, is checked by the LADO beside the message, completed and accepted as a case; axe on each page."""

import mailbox
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.cache import cache
from django.core.management import call_command
from django_otp.plugins.otp_totp.models import TOTPDevice

from safeguard.accounts.tests.browser import sign_in_through_the_pages
from safeguard.allegations.models import LadoCase, LadoEmail
from safeguard.core.tests.browser import assert_accessible

from .factories import lado_email_raw

pytestmark = pytest.mark.browser
LONDON = ZoneInfo("Europe/London")
MONDAY_MORNING = datetime(2026, 11, 23, 9, 30, tzinfo=LONDON)
BODY = (
    "Dear LADO,\n\nReferral below.\n\n"
    "Referrer details\nName: Sam Lead\nJob title: Designated safeguarding lead\n"
    "Organisation: Hilltop Primary School\nEmail: dsl@hilltop.example\n\n"
    "Details of the person the allegation is about\nName: Pat Emailed\nJob title: Teaching assistant\n"
    "Employment status: Agency worker\nDate of birth: 31/02/1988\n\n"
    "Child's details\nChild's name: Ava Placed\nChild's date of birth: 14/03/2015\n\n"
    "Details of the allegation:\nAva told her teacher that the assistant grabbed her arm hard.\n\n"
    "Kind regards,\nSam"
)


def test_the_lado_checks_an_emailed_referral_and_accepts_it(transactional_db, live_server, page, host, lado, tmp_path):
    cache.clear()
    TOTPDevice.objects.create(user=lado, name="Authenticator app", confirmed=True)
    box = mailbox.Maildir(tmp_path / "lado", create=True)
    box.add(lado_email_raw(body=BODY, Date="Mon, 23 Nov 2026 08:05:00 +0000"))
    base = live_server.url
    with time_machine.travel(MONDAY_MORNING, tick=True):
        call_command("read_lado_mailbox", str(tmp_path / "lado"), host="luton")
        email = LadoEmail.objects.get()
        sign_in_through_the_pages(page, base, lado)
        page.get_by_role("link", name="1 e-mail to check").click()
        assert page.locator("h1").inner_text() == "E-mails to the LADO"
        assert_accessible(page)
        page.get_by_role("link", name="LADO referral form").click()
        assert page.locator("h1").inner_text() == "Check an e-mailed referral"
        summary = page.locator(".govuk-error-summary").inner_text()
        assert "Check these before you accept" in summary
        assert "Enter the person's employer or the organisation they work or volunteer for" in summary
        assert "The person's date of birth is not a date we can read: the e-mail says “31/02/1988”" in summary
        # Beside the answers, the message as it came.
        original = page.locator(".safeguard-received-text").inner_text()
        assert "Date of birth: 31/02/1988" in original
        assert page.get_by_label("Name of the person the allegation is about").input_value() == "Pat Emailed"
        assert page.get_by_label("Child 1: name").input_value() == "Ava Placed"
        assert page.get_by_label("Agency worker").is_checked()
        assert_accessible(page)

        # The error summary's link takes the LADO to the field; they complete it from what they know.
        page.get_by_role(
            "link", name="Enter the person's employer or the organisation they work or volunteer for"
        ).click()
        page.get_by_label("Their employer or organisation").fill("Hilltop Primary School")
        page.locator("#id_person_date_of_birth_0").fill("28")
        page.locator("#id_person_date_of_birth_1").fill("2")
        page.locator("#id_person_date_of_birth_2").fill("1988")
        page.get_by_label("Physical abuse").check()
        page.get_by_role("button", name="Accept the referral").click()
        case = LadoCase.objects.get()
        page.wait_for_url(f"{base}/lado/cases/{case.pk}/")
        assert f"Referral accepted as {case.reference}" in page.locator("main").inner_text()
        assert "Pat Emailed" in page.locator("main").inner_text()
        assert_accessible(page)
        assert (case.person_employer, case.person_date_of_birth.isoformat()) == ("Hilltop Primary School", "1988-02-28")
        email.refresh_from_db()
        assert email.status == "accepted" and email.case == case

        # The e-mail is now among those checked, linked to its case.
        page.goto(f"{base}/lado/emails/")
        assert "Accepted as a referral" in page.locator("main").inner_text()
        assert_accessible(page)
        page.set_viewport_size({"width": 320, "height": 800})
        page.goto(f"{base}/lado/emails/{email.pk}/")
        assert case.reference in page.locator("main").inner_text()
        assert_accessible(page)
