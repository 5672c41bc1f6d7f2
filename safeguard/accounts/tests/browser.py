"""Signing in through the real pages, for every app's browser journeys."""

from datetime import UTC, datetime, timedelta

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
        # A code is good once: a person signing in again within the same 30 seconds uses the next one, as
        # their authenticator app would show it a moment later (the device accepts one step of drift).
        now = datetime.now(UTC)
        if device.last_t >= int((now.timestamp() - device.t0) // device.step):
            now += timedelta(seconds=device.step)
        page.get_by_label("Security code").fill(code_for(device, at=now))
        page.get_by_role("button", name="Continue").click()
    page.wait_for_url(f"{base_url}/")
