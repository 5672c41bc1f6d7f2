"""Browser journey: a placing social worker notifies a move with a new carer from the child's page."""

from datetime import timedelta

import pytest
from django.utils import timezone

from safeguard.accounts.tests.browser import sign_in_through_the_pages
from safeguard.core.jinja2 import format_date
from safeguard.core.tests.browser import assert_accessible

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", [1280, 320])
def test_move_from_the_childs_page_with_a_new_carer(
    transactional_db, live_server, page, world, placing_social_worker, width
):
    page.set_viewport_size({"width": width, "height": 900})
    base = live_server.url
    sign_in_through_the_pages(page, base, placing_social_worker)
    page.goto(f"{base}/children/{world.child.pk}/")
    assert_accessible(page)
    page.get_by_role("button", name="Notify a change of address").click()

    assert page.locator("h1").inner_text() == "The new address"
    moved_on = timezone.localdate() - timedelta(days=1)
    group = page.get_by_role("group", name="Date of the move")
    group.get_by_label("Day").fill(str(moved_on.day))
    group.get_by_label("Month").fill(str(moved_on.month))
    group.get_by_label("Year").fill(str(moved_on.year))
    page.get_by_label("Address line 1").fill("9 New Road")
    page.get_by_label("Town or city").fill("Luton")
    page.get_by_label("Postcode").fill("LU4 8AA")
    # Forgetting to say whether the carer changed is pointed out, by the question.
    page.get_by_role("group", name="Has the placement type changed?").get_by_label("No, the same type").check()
    page.get_by_role("button", name="Save and continue").click()
    assert "Select whether the carer or provider changed" in page.locator(".govuk-error-summary").inner_text()
    assert_accessible(page)
    page.get_by_label("Yes, the child lives with a new carer or provider").check()
    page.get_by_label("New carer or provider (if it changed)").fill("Rosa Newcarer")
    page.get_by_role("button", name="Save and continue").click()

    assert page.locator("h1").inner_text().startswith("Check your answers")
    assert "Ava" in page.locator("main").inner_text() and "Rosa Newcarer" in page.locator("main").inner_text()
    assert_accessible(page)
    page.get_by_role("button", name="Send notification").click()
    main = page.locator("main").inner_text()
    assert f"The move to 9 New Road, Luton, LU4 8AA on {format_date(moved_on)} is recorded" in main
    assert "The carer or provider is now Rosa Newcarer" in main
    assert_accessible(page)
    page.get_by_role("link", name="Open Ava Placed's page").click()
    assert "Rosa Newcarer" in page.locator("main").inner_text()
    assert_accessible(page)
