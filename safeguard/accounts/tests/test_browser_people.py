"""Browser journey: the host council's administrator invites a member of staff, who follows the e-mail's
link, sets a password and lands on setting up their authenticator app (issue 17)."""

import re

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from safeguard.accounts.models import User
from safeguard.accounts.tests.browser import sign_in_through_the_pages
from safeguard.accounts.tests.test_sign_in import code_for
from safeguard.core.models import OutboxMessage
from safeguard.core.tests.browser import assert_accessible

pytestmark = pytest.mark.browser


def test_an_administrator_invites_a_person_who_sets_a_password_and_an_authenticator(
    transactional_db, live_server, page, host, host_admin, sqa_officer, settings
):
    settings.SAFEGUARD_BASE_URL = live_server.url
    TOTPDevice.objects.create(user=host_admin, name="Authenticator app", confirmed=True)
    sign_in_through_the_pages(page, live_server.url, host_admin)
    assert page.locator("h1").inner_text() == "Administration"
    assert_accessible(page)

    page.get_by_role("link", name="People and roles").first.click()
    assert page.locator("h1").inner_text() == "People and roles"
    assert sqa_officer.full_name in page.locator("table").inner_text()
    assert_accessible(page)

    page.get_by_role("link", name="Invite a person").click()
    page.get_by_role("button", name="Send invitation").click()
    summary = page.locator(".govuk-error-summary")
    assert "Enter their full name" in summary.inner_text() and "Select a role" in summary.inner_text()
    assert_accessible(page)
    page.get_by_label("Full name").fill("Robin Newstarter")
    page.get_by_label("Email address").fill("robin.newstarter@luton.example")
    page.get_by_label("Role").select_option(label="Referral and Assessment social worker")
    page.get_by_label("Team").select_option(label="Referral and Assessment")
    page.get_by_role("button", name="Send invitation").click()
    assert page.locator("h1").inner_text() == "Robin Newstarter"
    assert "Invitation sent to Robin Newstarter" in page.locator(".govuk-notification-banner").inner_text()
    assert "Invited" in page.locator(".govuk-summary-list").inner_text()
    assert_accessible(page)
    page.get_by_role("button", name="Sign out").click()

    # The invitee opens the link in the e-mail.
    message = OutboxMessage.objects.get(purpose="accounts.invitation")
    assert message.to == "robin.newstarter@luton.example"
    link = re.search(r"http\S+/set-password/\S+/", message.body).group(0)
    page.goto(link)
    assert page.locator("h1").inner_text() == "Set your password"
    token = link.rstrip("/").rsplit("/", 1)[1]
    assert page.url.endswith("/set-password/") and token not in page.url  # the token left the address
    assert_accessible(page)
    page.get_by_label("New password", exact=True).fill("short")
    page.get_by_label("Confirm new password").fill("short")
    page.get_by_role("button", name="Set password").click()
    assert "Password must be 12 characters or more" in page.locator(".govuk-error-summary").inner_text()
    assert_accessible(page)
    page.get_by_label("New password", exact=True).fill("lighthouse-orchard-copper")
    page.get_by_label("Confirm new password").fill("lighthouse-orchard-copper")
    page.get_by_role("button", name="Set password").click()

    page.wait_for_url("**/sign-in/set-up-authenticator/")
    assert page.locator("h1").inner_text() == "Set up your authenticator app"
    assert_accessible(page)
    person = User.objects.get(email="robin.newstarter@luton.example")
    device = TOTPDevice.objects.get(user=person, confirmed=False)
    page.get_by_label("Security code").fill(code_for(device))
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(f"{live_server.url}/")
    assert "Robin Newstarter" in page.locator(".safeguard-masthead").inner_text()


def test_the_other_people_and_password_pages_are_accessible(
    transactional_db, live_server, page, host, host_admin, sqa_officer
):
    TOTPDevice.objects.create(user=host_admin, name="Authenticator app", confirmed=True)
    TOTPDevice.objects.create(user=sqa_officer, name="Authenticator app", confirmed=True)
    sign_in_through_the_pages(page, live_server.url, host_admin)
    page.goto(f"{live_server.url}/people/{sqa_officer.pk}/")
    page.get_by_role("link", name="Change role and team").click()
    page.get_by_label("Role").select_option(label="LADO")
    page.get_by_role("button", name="Save").click()
    assert f"{sqa_officer.full_name} is now LADO" in page.locator(".govuk-notification-banner").inner_text()
    page.get_by_role("link", name="Reset their authenticator").click()
    assert_accessible(page)
    page.get_by_role("button", name="Reset their authenticator").click()
    assert "authenticator is reset" in page.locator(".govuk-notification-banner").inner_text()
    page.get_by_role("link", name="Disable their account").click()
    assert_accessible(page)
    page.get_by_role("button", name="Disable their account").click()
    assert "Disabled" in page.locator(".govuk-summary-list").inner_text()
    assert_accessible(page)
    page.get_by_role("button", name="Sign out").click()

    page.goto(f"{live_server.url}/sign-in/")
    page.get_by_role("link", name="Forgotten your password?").click()
    page.get_by_role("button", name="Send the link").click()
    assert "Enter your email address" in page.locator(".govuk-error-summary").inner_text()
    assert_accessible(page)
    page.get_by_label("Email address").fill("nobody@example.test")
    page.get_by_role("button", name="Send the link").click()
    assert page.locator("h1").inner_text() == "Check your email"
    assert_accessible(page)
    page.goto(f"{live_server.url}/reset-password/MQ/not-a-real-token/")
    assert page.locator("h1").inner_text() == "This link has expired"
    assert_accessible(page)
