"""Browser journey (issue 14, attendance): a Virtual School officer goes from the education list to a
child, imports the schools' attendance — first without a file, then a file with a wrong code, named by
line — corrects it and imports it again, and sees the child's figures on their page and on the list.
axe-core on every page, at 1280 and 320 CSS pixels."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django_otp.plugins.otp_totp.models import TOTPDevice

from safeguard.accounts.tests.browser import sign_in_through_the_pages
from safeguard.core.audit import SystemActor
from safeguard.core.tests.browser import assert_accessible
from safeguard.education import services
from safeguard.education.demo import TERMS
from safeguard.education.models import AttendanceMark
from safeguard.register.tests.factories import ChildFactory, PlacementFactory

pytestmark = pytest.mark.browser

MONDAY = datetime(2026, 11, 23, 10, 0, tzinfo=ZoneInfo("Europe/London"))
ACTOR = SystemActor("Safeguard test suite")


def accessible_wide_and_narrow(page) -> None:
    for width in (1280, 320):
        page.set_viewport_size({"width": width, "height": 900})
        assert_accessible(page)
    page.set_viewport_size({"width": 1280, "height": 900})


def autumn_days() -> list[date]:
    days, day = [], date(2026, 11, 2)
    while day < date(2026, 11, 23):
        if day.weekday() < 5:
            days.append(day)
        day += timedelta(days=1)
    return days  # 15 school days after half term


def test_the_virtual_school_imports_attendance_corrects_a_bad_row_and_sees_the_figures(
    transactional_db, live_server, page, host, placing_council, virtual_school_officer, tmp_path
):
    TOTPDevice.objects.create(user=virtual_school_officer, name="Authenticator app", confirmed=True)
    for name, starts, ends, half_starts, half_ends in TERMS:
        services.school_term_save(
            actor=ACTOR,
            host_council=host,
            name=name,
            starts_on=starts,
            ends_on=ends,
            half_term_starts_on=half_starts,
            half_term_ends_on=half_ends,
        )
    child = ChildFactory(
        host_council=host,
        placing_authority=placing_council,
        first_name="Imogen",
        last_name="Marks",
        upn="H801200001007",
        date_of_birth=date(2013, 3, 9),
    )
    PlacementFactory(child=child, start_date=date(2026, 9, 1))
    rows = [
        f"{child.upn},{day.isoformat()},{'O' if i < 3 else '/'},{'N' if i < 3 else chr(92)}"
        for i, day in enumerate(autumn_days())
    ]
    bad = tmp_path / "autumn-attendance.csv"
    bad.write_text("upn,date,am,pm\n" + "\n".join(rows[:4] + [rows[4].replace(",/,", ",P1,")] + rows[5:]) + "\n")
    good = tmp_path / "autumn-attendance-corrected.csv"
    good.write_text("upn,date,am,pm\n" + "\n".join(rows) + "\n")
    base = live_server.url

    with time_machine.travel(MONDAY, tick=True):
        sign_in_through_the_pages(page, base, virtual_school_officer)
        main = page.locator("main")
        page.goto(f"{base}/education/")
        assert "Imogen Marks" in main.inner_text() and "No marks imported" in main.inner_text()
        accessible_wide_and_narrow(page)

        page.get_by_role("link", name="Imogen Marks").click()
        assert "No attendance marks imported yet" in main.inner_text()
        accessible_wide_and_narrow(page)

        page.get_by_role("link", name="All children placed here").click()
        page.get_by_role("link", name="Import attendance").click()
        accessible_wide_and_narrow(page)
        # No file: the problem is named and linked to the field.
        page.get_by_role("button", name="Import attendance").click()
        assert "Select the attendance file (CSV) to upload" in page.locator(".govuk-error-summary").inner_text()
        accessible_wide_and_narrow(page)

        # A wrong code on line 6: that row is refused and named; the rest are kept.
        page.get_by_label("Attendance file").set_input_files(str(bad))
        page.get_by_role("button", name="Import attendance").click()
        assert "1 row was not imported" in main.inner_text()
        table = page.get_by_role("region", name="Rows not imported").inner_text()
        assert "6" in table and "am" in table and "“P1” is not an attendance code" in table
        assert "28 session marks kept, for 1 child" in main.inner_text()
        accessible_wide_and_narrow(page)

        # The corrected file whole: the marks already kept are replaced, not doubled.
        page.get_by_role("link", name="Import attendance").click()
        page.get_by_label("Attendance file").set_input_files(str(good))
        page.get_by_role("button", name="Import attendance").click()
        assert "30 session marks kept, for 1 child" in main.inner_text()
        assert "not imported" not in main.inner_text()
        assert AttendanceMark.objects.filter(child=child).count() == 30
        accessible_wide_and_narrow(page)

        page.get_by_role("link", name="See the children's attendance").click()
        # 24 of 30 sessions: 80%, below the 90% threshold; 6 unexplained.
        assert "80.0%, 80.0%" in main.inner_text() and "Below threshold" in main.inner_text()
        assert "6 unexplained" in main.inner_text()
        accessible_wide_and_narrow(page)
        page.get_by_role("link", name="Imogen Marks").click()
        text = main.inner_text()
        assert "80.0% of 30 possible sessions" in text and "is below the threshold of 90" in text
        assert "Marks up to\n20 November 2026" in text or "20 November 2026" in text
        accessible_wide_and_narrow(page)
