"""Signing in through the real pages, for every app's browser journeys."""

from django_otp.plugins.otp_totp.models import TOTPDevice

from safeguard.accounts.services import second_factor_required
from safeguard.accounts.tests.factories import TEST_PASSWORD
from safeguard.accounts.tests.test_sign_in import code_for
from safeguard.core.tests.browser import assert_accessible


def sign_in_through_the_pages(page, base_url, user):
    page.goto(f"{base_url}/sign-in/")
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password", exact=True).fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    if second_factor_required(user):
        device = TOTPDevice.objects.get(user=user)
        page.wait_for_url("**/sign-in/security-code/")
        assert_accessible(page)
        page.get_by_label("Security code").fill(code_for(device))
        page.get_by_role("button", name="Continue").click()
    page.wait_for_url(f"{base_url}/")
