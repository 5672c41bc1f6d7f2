"""Browser journey through read acknowledgements: the R&A duty manager asks the R&A team to read the
missing-children chapter (a date in the past refused first), an R&A social worker sees it under "To read"
on their home page and confirms on the chapter, and the team's report counts it. Accessible (axe-core) at
1280 and at 320 CSS pixels on every page."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from safeguard.accounts.tests.browser import sign_in_through_the_pages

from .test_browser_manual import accessible_wide_and_narrow

pytestmark = pytest.mark.browser
MISSING = "Safeguarding Children who Run Away or Go Missing"


def test_a_team_is_asked_to_read_a_chapter_confirms_it_and_is_counted(
    transactional_db, live_server, page, host, ra_duty_manager, ra_social_worker
):
    from safeguard.manual.demo import manual_demo_load

    manual_demo_load(host=host)
    for person in (ra_duty_manager, ra_social_worker):
        TOTPDevice.objects.create(user=person, name="Authenticator app", confirmed=True)
    team = ra_duty_manager.team.name

    sign_in_through_the_pages(page, live_server.url, ra_duty_manager)
    assert "To read" in page.locator("main").inner_text()
    page.get_by_role("link", name="Ask people to read a chapter").click()
    assert page.locator("h1").inner_text() == "Ask people to read a chapter"
    accessible_wide_and_narrow(page)
    page.get_by_label("A chapter", exact=True).check()
    page.get_by_label("Chapter", exact=True).select_option(label=f"2.4 {MISSING}")
    page.get_by_label(team, exact=True).check()
    page.get_by_label("Day").fill("1")
    page.get_by_label("Month").fill("1")
    page.get_by_label("Year").fill("2020")
    page.get_by_role("button", name="Ask them to read it").click()
    summary = page.locator(".govuk-error-summary").inner_text()
    assert "The due date must be today or in the future" in summary
    accessible_wide_and_narrow(page)
    due = timezone.localdate() + timedelta(days=7)
    page.get_by_label("Day").fill(str(due.day))
    page.get_by_label("Month").fill(str(due.month))
    page.get_by_label("Year").fill(str(due.year))
    page.get_by_role("button", name="Ask them to read it").click()
    assert "People asked to read" in page.locator(".govuk-panel").inner_text()
    assert "2 people" in page.locator(".govuk-panel").inner_text()
    accessible_wide_and_narrow(page)
    page.get_by_role("button", name="Sign out").click()

    sign_in_through_the_pages(page, live_server.url, ra_social_worker)
    to_read = page.locator(".safeguard-to-read").inner_text()
    assert MISSING in to_read and f"due by {due.day} " in to_read and "Not yet confirmed" in to_read
    accessible_wide_and_narrow(page)
    page.locator(".safeguard-to-read").get_by_role("link", name=MISSING).click()
    assert page.locator("h1").inner_text() == MISSING
    accessible_wide_and_narrow(page)
    page.get_by_role("button", name="I have read and understood this chapter").click()
    panel = page.locator(".govuk-panel").inner_text()
    assert "You have read and understood this chapter" in panel and "version 3" in panel
    accessible_wide_and_narrow(page)
    page.get_by_role("link", name="Back to your home page").click()
    assert page.locator(".safeguard-to-read").count() == 0
    page.get_by_role("button", name="Sign out").click()

    sign_in_through_the_pages(page, live_server.url, ra_duty_manager)
    page.get_by_role("link", name="Chapters your council has been asked to read").click()
    assert "1 of 2" in page.locator("table").inner_text()
    accessible_wide_and_narrow(page)
    page.get_by_role("link", name=MISSING).click()
    counts = page.locator(".safeguard-reading-counts").inner_text()
    assert "2 people asked" in counts and "1 confirmed" in counts and "1 not yet confirmed" in counts
    table = page.locator("table", has_text=ra_social_worker.full_name).inner_text()
    assert f"{team}: 1 of 2 confirmed" in table and "Confirmed" in table
    accessible_wide_and_narrow(page)
