"""Browser journey: on a Sunday evening the missing persons unit has closed (18:00). The host council's
administrator keeps it open until 20:00 on Sundays; the public "who to call" page offers it at once.
Accessible at every step (axe-core).

time_machine patches the clock of the whole process, so the live server's thread sees the same time.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django_otp.plugins.otp_totp.models import TOTPDevice

from safeguard.accounts.tests.browser import sign_in_through_the_pages
from safeguard.core.models import AuditEvent
from safeguard.core.tests.browser import assert_accessible

pytestmark = pytest.mark.browser
LONDON = ZoneInfo("Europe/London")
SUNDAY_7PM = datetime(2026, 11, 22, 19, 0, tzinfo=LONDON)
UNIT = "Bedfordshire Police missing persons unit"


def call_now_panel(page) -> str:
    return page.locator(".safeguard-call-now").first.inner_text()


def test_administrator_changes_an_opening_hour_and_who_to_call_shows_it(
    transactional_db, live_server, page, host, host_admin
):
    TOTPDevice.objects.create(user=host_admin, name="Authenticator app", confirmed=True)
    base = live_server.url
    with time_machine.travel(SUNDAY_7PM, tick=True):
        # Before: the public page sends people to 101, the unit is closed.
        page.goto(f"{base}/who-to-call/")
        assert f"{UNIT} is closed now" in call_now_panel(page)
        assert "Saturday and Sunday 08:00 to 18:00" in call_now_panel(page)

        # The administrator, from their home page.
        sign_in_through_the_pages(page, base, host_admin)
        assert page.locator("h1").inner_text() == "Administration"
        assert_accessible(page)
        page.locator(".govuk-service-navigation__link", has_text="Configuration").click()
        assert page.locator("h1").inner_text() == "Configuration"
        assert_accessible(page)
        page.get_by_role("link", name="Change contacts and opening hours").click()
        assert page.locator("h1").inner_text() == "Contacts and opening hours"
        assert_accessible(page)
        page.get_by_role("link", name=f"Change {UNIT}").click()
        assert page.locator("h1").inner_text() == f"Change {UNIT}"
        assert_accessible(page)

        # A mistake first: a closing time before the opening time is refused, and nothing changes.
        sunday = page.get_by_role("group", name="Sunday")
        sunday.get_by_label("Closes").fill("7pm")
        page.get_by_role("button", name="Save the contact").click()
        summary = page.locator(".govuk-error-summary")
        assert "Enter Sunday's closing time as a 24-hour time, like 22:00" in summary.inner_text()
        assert_accessible(page)
        summary.get_by_role("link", name="Enter Sunday's closing time as a 24-hour time, like 22:00").click()
        assert page.evaluate("document.activeElement.id") == "id_sunday_closes"

        page.get_by_role("group", name="Sunday").get_by_label("Closes").fill("20:00")
        page.get_by_role("button", name="Save the contact").click()
        banner = page.locator(".govuk-notification-banner--success")
        assert f"Contact saved: {UNIT}" in banner.inner_text()
        assert "Saturday 08:00 to 18:00, Sunday 08:00 to 20:00" in page.locator("main").inner_text()
        assert_accessible(page)
        event = AuditEvent.objects.get(action="contact.update")
        assert event.actor == host_admin
        assert event.changes["opening_hours"][1].endswith("Sunday 08:00 to 20:00")
        page.get_by_role("button", name="Sign out").click()

        # After: the public page offers the unit now, first.
        page.goto(f"{base}/who-to-call/")
        panel = call_now_panel(page)
        assert f"{UNIT} is closed now" not in panel
        assert panel.index(UNIT) < panel.index("Bedfordshire Police non-emergency number")
        assert_accessible(page)
