"""Browser journey: each role signs in through the real pages and sees its own home, accessibly."""

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from safeguard.accounts.services import second_factor_required
from safeguard.accounts.tests.browser import sign_in_through_the_pages
from safeguard.accounts.tests.factories import TEST_PASSWORD
from safeguard.core.tests.browser import assert_accessible

pytestmark = pytest.mark.browser

HOMES = [
    ("sqa_officer", "Register of children placed in Luton"),
    ("sqa_manager", "Register of children placed in Luton"),
    ("ra_social_worker", "Referral and Assessment"),
    ("ra_duty_manager", "Referral and Assessment"),
    ("virtual_school_officer", "Virtual School"),
    ("lado", "Allegations against people who work with children"),
    ("partnership_editor", "Safeguarding partnership"),
    ("placing_social_worker", "Children placed by Hertfordshire"),
    ("carer", "Children placed with you"),
    ("police", "Children missing now"),
    ("host_admin", "Administration"),
    ("manual_editor", "Procedures manual"),
]


@pytest.mark.parametrize(("role", "heading"), HOMES, ids=[role for role, _ in HOMES])
def test_each_role_signs_in_and_sees_its_home(transactional_db, live_server, page, world, role, heading, request):
    user = request.getfixturevalue(role)
    if second_factor_required(user):
        TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
    sign_in_through_the_pages(page, live_server.url, user)
    assert page.locator("h1").inner_text().startswith(heading)
    assert user.full_name in page.locator(".safeguard-masthead").inner_text()
    assert_accessible(page)
    # The first navigation link after Home is the role's own work, and it opens accessibly.
    links = page.locator(".govuk-service-navigation__link")
    if links.count() > 2:
        links.nth(1).click()
        page.wait_for_load_state()
        assert page.locator("h1").count() == 1
        assert_accessible(page)
    page.get_by_role("button", name="Sign out").click()
    assert page.locator("h1").inner_text() == "You have signed out"


def test_public_pages_are_accessible(transactional_db, live_server, page, host):
    for path in ["/", "/sign-in/", "/who-to-call/", "/accessibility/", "/cookies/", "/privacy/", "/no-such-page/"]:
        page.goto(f"{live_server.url}{path}")
        assert_accessible(page)


def test_sign_in_error_summary_is_accessible_and_focusable(transactional_db, live_server, page, host):
    page.goto(f"{live_server.url}/sign-in/")
    page.get_by_role("button", name="Sign in").click()
    summary = page.locator(".govuk-error-summary")
    assert "Enter your email address" in summary.inner_text()
    assert_accessible(page)
    summary.get_by_role("link", name="Enter your email address").click()
    assert page.evaluate("document.activeElement.id") == "id_email"


def test_signing_in_works_without_javascript(transactional_db, live_server, page_without_javascript, carer):
    page = page_without_javascript
    page.goto(f"{live_server.url}/sign-in/")
    page.fill("#id_email", carer.email)
    page.fill("#id_password", TEST_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    assert page.locator("h1").inner_text() == "Children placed with you"
    page.click("text=Sign out")
    assert page.locator("h1").inner_text() == "You have signed out"


def test_audit_page_works_by_keyboard(transactional_db, live_server, page, world, sqa_manager):
    TOTPDevice.objects.create(user=sqa_manager, name="Authenticator app", confirmed=True)
    sign_in_through_the_pages(page, live_server.url, sqa_manager)
    page.goto(f"{live_server.url}/audit/")
    page.get_by_label("Action").fill("user.sign_in")
    page.keyboard.press("Enter")
    page.wait_for_url("**/audit/?*")
    assert sqa_manager.email in page.locator("table").inner_text()
    assert_accessible(page)
