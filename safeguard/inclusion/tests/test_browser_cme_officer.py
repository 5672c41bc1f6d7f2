"""Browser journey (issue 14): the CME officer finds on the register a child a school deleted on the
absence ground, reads the 20-school-day clock, records a reasonable enquiry, grades the risk and closes
the case as moved to another council (that council told). axe-core on every page at 1280 and 320 CSS
pixels; the register of children not in school says it is not in force."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django_otp.plugins.otp_totp.models import TOTPDevice

from safeguard.accounts.tests.browser import sign_in_through_the_pages
from safeguard.core.audit import SystemActor
from safeguard.core.models import OutboxMessage
from safeguard.core.tests.browser import assert_accessible
from safeguard.education import services as education
from safeguard.education.demo import TERMS, schools_sample_load
from safeguard.education.models import School
from safeguard.inclusion import services
from safeguard.inclusion.models import CmeCase

pytestmark = pytest.mark.browser

FRIDAY = datetime(2026, 11, 20, 10, 0, tzinfo=ZoneInfo("Europe/London"))
ACTOR = SystemActor("Safeguard test suite")


def accessible_wide_and_narrow(page) -> None:
    for width in (1280, 320):
        page.set_viewport_size({"width": width, "height": 900})
        assert_accessible(page)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_the_cme_officer_works_a_case_from_deletion_to_another_council(
    transactional_db, live_server, page, host, cme_officer
):
    TOTPDevice.objects.create(user=cme_officer, name="Authenticator app", confirmed=True)
    schools_sample_load()
    for name, starts, ends, half_starts, half_ends in TERMS:
        education.school_term_save(
            actor=ACTOR,
            host_council=host,
            name=name,
            starts_on=starts,
            ends_on=ends,
            half_term_starts_on=half_starts,
            half_term_ends_on=half_ends,
        )
    base = live_server.url
    with time_machine.travel(FRIDAY, tick=True):
        services.school_return_submit(
            actor=ACTOR,
            host_council=host,
            school=School.objects.get(urn=990108),
            kind="deletion",
            first_name="Tyler",
            last_name="Walsh",
            date_of_birth=date(2011, 2, 14),
            address="22 Marsh Road, Luton",
            postcode="LU3 2QF",
            parents="Kerry Walsh",
            ground="absent_20_days",
            absent_since=date(2026, 10, 19),
            deleted_on=date(2026, 11, 23),
        )
        sign_in_through_the_pages(page, base, cme_officer)
        main = page.locator("main")
        assert "New: 1." in main.inner_text()
        accessible_wide_and_narrow(page)

        page.get_by_role("link", name="Missing education").first.click()
        assert page.locator("h1").inner_text() == "Children missing education"
        assert "Tyler Walsh" in main.inner_text()
        accessible_wide_and_narrow(page)

        page.get_by_role("link", name="CME-").first.click()
        # 19 October to 20 November 2026, half term aside: 20 school days, the 20th today.
        clock = page.locator("#clock").inner_text()
        assert "School day 20 of absence: the 20 school days ended on 20 November 2026" in clock
        assert "may be deleted from 23 November 2026" in clock
        assert "Not yet" in page.locator("#enquiries").inner_text()
        accessible_wide_and_narrow(page)

        page.get_by_role("link", name="Record an enquiry").click()
        page.get_by_role("button", name="Record the enquiry").click()  # nothing chosen
        assert "There is a problem" in main.inner_text()
        assert "Choose who the enquiry was made of" in main.inner_text()
        accessible_wide_and_narrow(page)
        page.get_by_label("Housing").check()
        page.locator("#id_made_on_0").fill("19")
        page.locator("#id_made_on_1").fill("11")
        page.locator("#id_made_on_2").fill("2026")
        page.get_by_label("What was learnt").fill("Tenancy ended; the family gave a forwarding address in Bedford")
        page.get_by_role("button", name="Record the enquiry").click()
        assert "The enquiry is recorded" in main.inner_text()
        assert "Enquiries under way" in main.inner_text()
        assert "19 November 2026, " in page.locator("#enquiries").inner_text()

        page.get_by_role("link", name="Grade the risk").click()
        page.get_by_label("High").check()
        page.get_by_label("Why this risk grade").fill("Aged 15, out of school five weeks, not seen")
        page.get_by_role("button", name="Save the risk grade").click()
        assert "High risk" in main.inner_text()

        page.get_by_role("link", name="Close the case").click()
        accessible_wide_and_narrow(page)
        page.get_by_label("Moved to another council's area (that council told)").check()
        page.get_by_label("Council the child has moved to").select_option(label="Bedford")
        page.get_by_label("The other council's children missing education email").fill("cme@bedford.example")
        page.get_by_role("button", name="Close the case").click()
        assert "The case is closed" in main.inner_text()
        assert "Bedford, told at cme@bedford.example" in main.inner_text()
        accessible_wide_and_narrow(page)
        assert CmeCase.objects.get().outcome == "moved_council"
        assert OutboxMessage.objects.filter(purpose="cme_moved_council", to="cme@bedford.example").exists()

        page.goto(f"{base}/education/cnis/")
        assert "Not yet in force" in main.inner_text()
        accessible_wide_and_narrow(page)
