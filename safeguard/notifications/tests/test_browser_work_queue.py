"""Browser journey: the R&A duty manager sees the clock on the team's work and assigns an item; the worker
finds it under "My work" and acknowledges it."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from safeguard.accounts.tests.browser import sign_in_through_the_pages
from safeguard.core.tests.browser import assert_accessible
from safeguard.notifications.models import WorkItem

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", [1280, 320])
def test_assign_and_clock_a_work_item(
    transactional_db, live_server, page, world, ra_duty_manager, ra_social_worker, width
):
    for person in (ra_duty_manager, ra_social_worker):
        TOTPDevice.objects.create(user=person, name="Authenticator app", confirmed=True)
    late = WorkItem.objects.get(notification=world.other_notification, team=world.ra_item.team)
    late.escalate_at = timezone.now() - timedelta(hours=2)
    late.save()
    page.set_viewport_size({"width": width, "height": 900})
    base = live_server.url

    sign_in_through_the_pages(page, base, ra_duty_manager)
    page.goto(f"{base}/work/")
    rows = page.locator("tbody tr")
    assert "Otto Elsewhere" in rows.nth(0).inner_text() and "Overdue" in rows.nth(0).inner_text()  # due first
    assert "Nobody yet" in page.locator("main").inner_text()
    assert_accessible(page)
    page.get_by_role("link", name="Assign the work for Nia Notified").click()
    assert page.locator("h1").inner_text() == "Assign the work for Nia Notified"
    page.get_by_role("button", name="Assign").click()
    assert "Select the person who will do this work" in page.locator(".govuk-error-summary").inner_text()
    assert_accessible(page)
    page.get_by_label(ra_social_worker.full_name).check()
    page.get_by_role("button", name="Assign").click()
    assert f"{ra_social_worker.full_name} is doing the work for Nia Notified" in page.locator("main").inner_text()
    page.get_by_role("button", name="Sign out").click()

    sign_in_through_the_pages(page, base, ra_social_worker)
    page.goto(f"{base}/work/")
    page.get_by_role("link", name="My work").click()
    main = page.locator("main").inner_text()
    assert "Nia Notified" in main and "Otto Elsewhere" not in main and "You" in main
    assert_accessible(page)
    page.get_by_role("link", name="Acknowledge Nia Notified for Referral and Assessment").click()
    main = page.locator("main").inner_text()
    assert "Placement address" in main and "LU1 2BQ" in main and "Due by" in main
    assert_accessible(page)
    page.get_by_label("Case-system reference").fill("LCS-20411")
    page.get_by_role("button", name="Acknowledge").click()
    assert "Acknowledged: Nia Notified" in page.locator("main").inner_text()
    assert WorkItem.objects.get(pk=world.ra_item.pk).status == WorkItem.Status.ACKNOWLEDGED
