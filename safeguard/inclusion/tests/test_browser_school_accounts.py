"""Browser journey (issue 14): the host's administrator sets up a school of the area for its staff's
accounts and is taken to the invitation with that school and the school staff role chosen; then sets the
attendance threshold, a bad value named first. axe-core on every page at 1280 and 320 CSS pixels."""

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from safeguard.accounts.models import Organisation
from safeguard.accounts.tests.browser import sign_in_through_the_pages
from safeguard.education.demo import schools_sample_load
from safeguard.education.models import School
from safeguard.education.selectors import attendance_threshold_of

from .test_browser_cme_officer import accessible_wide_and_narrow

pytestmark = pytest.mark.browser


def test_the_administrator_sets_up_a_schools_staff_and_the_threshold(
    transactional_db, live_server, page, host, host_admin
):
    TOTPDevice.objects.create(user=host_admin, name="Authenticator app", confirmed=True)
    schools_sample_load()
    school = School.objects.filter(la_code="821", is_open=True).order_by("name").first()
    base = live_server.url
    sign_in_through_the_pages(page, base, host_admin)
    main = page.locator("main")

    page.get_by_role("link", name="Schools' staff accounts").click()
    assert page.locator("h1").inner_text() == "Schools' staff accounts"
    assert school.name in main.inner_text()
    accessible_wide_and_narrow(page)
    page.get_by_role("button", name=f"Invite staff of {school.name}").click()
    page.wait_for_url("**/people/invite/?organisation=*")
    organisation = Organisation.objects.get(kind="school", urn=school.urn)
    assert page.get_by_label("Organisation").input_value() == str(organisation.pk)
    assert page.get_by_label("Role").input_value() == "school_staff"
    accessible_wide_and_narrow(page)

    page.goto(f"{base}/education/attendance/threshold/")
    page.get_by_label("Attendance threshold (%)").fill("ninety")
    page.get_by_role("button", name="Save the threshold").click()
    assert "Enter the attendance threshold as a number, like 90 or 92.5" in main.inner_text()
    accessible_wide_and_narrow(page)
    page.get_by_label("Attendance threshold (%)").fill("92.5")
    page.get_by_role("button", name="Save the threshold").click()
    assert "The attendance threshold is 92.5%" in main.inner_text()
    assert attendance_threshold_of(host.pk) == 92.5
