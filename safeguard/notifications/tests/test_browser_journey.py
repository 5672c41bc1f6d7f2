"""Browser journey: a placing social worker notifies a placement; the host council registers and routes it."""

import re
from datetime import date, timedelta

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from safeguard.accounts.tests.browser import sign_in_through_the_pages
from safeguard.core.tests.browser import assert_accessible
from safeguard.notifications.models import WorkItem

pytestmark = pytest.mark.browser


def sign_out(page):
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_selector("text=You have signed out")


def test_notify_register_and_acknowledge(
    transactional_db,
    live_server,
    page,
    host,
    placing_social_worker,
    sqa_officer,
    ra_social_worker,
    virtual_school_officer,
):
    for user in (sqa_officer, ra_social_worker, virtual_school_officer):
        TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
    base = live_server.url
    start = date.today() + timedelta(days=3)

    # 1. The placing social worker sends a placement start notification.
    sign_in_through_the_pages(page, base, placing_social_worker)
    page.get_by_role("link", name="Notify a placement, move or end").first.click()
    assert_accessible(page)
    page.get_by_role("button", name="Start now").click()
    page.get_by_label("A child has been placed in the area").check()
    page.get_by_role("button", name="Save and continue").click()

    page.get_by_label("First name").fill("Zara")
    page.get_by_label("Last name").fill("Journeyman")
    page.get_by_role("group", name="Date of birth").get_by_label("Day").fill("4")
    page.get_by_role("group", name="Date of birth").get_by_label("Month").fill("7")
    page.get_by_role("group", name="Date of birth").get_by_label("Year").fill("2013")
    page.get_by_label("Female").check()
    page.get_by_label("NHS number (if known)").fill("943 476 5919")
    assert_accessible(page)
    page.get_by_role("button", name="Save and continue").click()

    assert page.locator("h1").inner_text() == "The child's legal status", page.locator("main").inner_text()[:800]
    page.get_by_label("Legal status").select_option("C2")
    page.get_by_role("button", name="Save and continue").click()

    # A mistake first: a postcode outside the area is explained, and the answers stay.
    group = page.get_by_role("group", name="Placement start date")
    group.get_by_label("Day").fill(str(start.day))
    group.get_by_label("Month").fill(str(start.month))
    group.get_by_label("Year").fill(str(start.year))
    page.get_by_role("group", name="Was it an emergency placement?").get_by_label("No").check()
    page.get_by_label("Placement type").select_option("U4")
    page.get_by_label("Carer or provider").fill("The Example family")
    page.get_by_label("Address line 1").fill("12 Park Street")
    page.get_by_label("Town or city").fill("Luton")
    page.get_by_label("Postcode").fill("SW1A 1AA")
    page.get_by_role("button", name="Save and continue").click()
    assert "not in an area served" in page.locator(".govuk-error-summary").inner_text()
    assert page.get_by_label("Address line 1").input_value() == "12 Park Street"
    assert_accessible(page)
    page.get_by_label("Postcode").fill("LU1 3JH")
    page.get_by_role("button", name="Save and continue").click()

    page.get_by_label("Social worker's name").fill("Sam Jones")
    page.get_by_label("Social worker's email address").fill("sam.jones@herts.example")
    page.get_by_label("IRO's name").fill("Alex Reed")
    page.get_by_label("IRO's phone number").fill("01632 960 002")
    page.get_by_role("button", name="Save and continue").click()

    page.get_by_role("group", name="Does the child have an education").get_by_label("Yes").check()
    page.get_by_label("Council that maintains the EHC plan").select_option("919")
    page.get_by_role("button", name="Save and continue").click()

    assert page.locator("h1").inner_text() == "Check your answers before sending"
    assert "Full care order" in page.locator("main").inner_text()
    assert_accessible(page)
    page.get_by_role("button", name="Send notification").click()
    panel = page.locator(".govuk-panel").inner_text()
    reference = re.search(r"SG-\d{4}-\d{6}", panel).group(0)
    assert "Referral and Assessment" in page.locator("main").inner_text()
    assert_accessible(page)
    sign_out(page)

    # 2. The SQA officer sees the child on the register.
    sign_in_through_the_pages(page, base, sqa_officer)
    page.get_by_role("link", name="Register", exact=True).click()
    page.get_by_label("Name or ID").fill("Zara Journeymen")  # a slip: close spellings still match
    page.get_by_role("button", name="Apply filters").click()
    page.get_by_role("link", name="Zara Journeyman").click()
    main = page.locator("main").inner_text()
    assert "Alex Reed" in main and reference in main and "To acknowledge" in main
    assert_accessible(page)
    sign_out(page)

    # 3. Referral and Assessment acknowledge, with the case-system reference.
    sign_in_through_the_pages(page, base, ra_social_worker)
    page.get_by_role("link", name="Zara Journeyman").first.click()
    page.get_by_role("button", name="Acknowledge").click()
    assert "Enter the case-system reference" in page.locator(".govuk-error-summary").inner_text()
    page.get_by_label("Case-system reference").fill("LCS-204917")
    page.get_by_role("button", name="Acknowledge").click()
    assert "Acknowledged: Zara Journeyman" in page.locator("main").inner_text()
    assert_accessible(page)
    sign_out(page)

    # 4. The Virtual School acknowledge.
    sign_in_through_the_pages(page, base, virtual_school_officer)
    page.get_by_role("link", name="Work", exact=True).click()
    page.get_by_role("link", name=re.compile("Acknowledge Zara Journeyman")).click()
    page.get_by_role("button", name="Acknowledge").click()
    assert "Acknowledged: Zara Journeyman" in page.locator("main").inner_text()
    sign_out(page)

    items = WorkItem.objects.filter(notification__reference=reference)
    assert {(i.team.kind, i.status, i.case_reference) for i in items} == {
        ("referral_assessment", "acknowledged", "LCS-204917"),
        ("virtual_school", "acknowledged", ""),
    }
