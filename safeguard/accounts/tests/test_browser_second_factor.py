"""Browser journey (issue 16): the second factor end to end, as a person meets it. At the first sign-in
an authenticator is set up from the QR code (its setup key read off the page); the codes are computed
from that key here, by RFC 6238 in a few lines of our own (as an authenticator app does, not by the
server's library); a wrong code is refused; a lost phone is recovered by the council's administrator,
audited, and the person sets up a new authenticator at their next sign-in. axe-core on every page."""

import base64
import hashlib
import hmac
import struct
import time
from urllib.parse import parse_qs, urlparse

import pytest
import segno
from django_otp.plugins.otp_totp.models import TOTPDevice

from safeguard.accounts.tests.browser import sign_in_through_the_pages
from safeguard.accounts.tests.factories import TEST_PASSWORD
from safeguard.core.models import AuditEvent
from safeguard.core.tests.browser import assert_accessible

pytestmark = pytest.mark.browser


# After a wrong code the device refuses every code for a second (django-otp's throttling, doubling with
# each failure): a person takes that long to look at their phone again.
THROTTLE_MS = 2500


def authenticator_code(setup_key: str, at: float | None = None) -> str:
    """What an authenticator app shows for this setup key now (RFC 6238: SHA-1, 30 s, 6 digits)."""
    key = setup_key.replace(" ", "").upper()
    key = base64.b32decode(key + "=" * (-len(key) % 8))
    counter = int((time.time() if at is None else at) // 30)
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    return f"{(struct.unpack('>I', digest[offset : offset + 4])[0] & 0x7FFFFFFF) % 1_000_000:06d}"


def wrong_code(setup_key: str) -> str:
    right = {authenticator_code(setup_key, time.time() + step * 30) for step in (-1, 0, 1)}
    return next(code for code in ("000000", "111111", "222222", "333333") if code not in right)


def password(page, base_url, user):
    page.goto(f"{base_url}/sign-in/")
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password", exact=True).fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def set_up_from_the_page(page, user) -> str:
    """The set-up page: the QR code carries the setup key shown under it. Returns the key."""
    page.wait_for_url("**/sign-in/set-up-authenticator/")
    assert page.locator("h1").inner_text() == "Set up your authenticator app"
    assert_accessible(page)
    setup_key = page.locator("#setup-key").inner_text()
    qr = page.get_by_role("img", name="QR code to scan with your authenticator app")
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    # The QR code is the otpauth address of this very key (what a phone reads from it).
    assert qr.get_attribute("src") == segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=2)
    assert parse_qs(urlparse(device.config_url).query)["secret"][0] == setup_key.replace(" ", "")
    return setup_key


def test_the_second_factor_from_first_sign_in_to_a_lost_phone(
    transactional_db, live_server, page, host, host_admin, sqa_officer
):
    base = live_server.url
    # First sign-in: no authenticator yet.
    password(page, base, sqa_officer)
    setup_key = set_up_from_the_page(page, sqa_officer)
    page.get_by_label("Security code").fill(wrong_code(setup_key))
    page.get_by_role("button", name="Continue").click()
    assert "The security code is not right" in page.locator(".govuk-error-summary").inner_text()
    page.wait_for_timeout(THROTTLE_MS)
    assert_accessible(page)
    assert not TOTPDevice.objects.filter(user=sqa_officer, confirmed=True).exists()
    page.get_by_label("Security code").fill(authenticator_code(setup_key))
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(f"{base}/")
    assert sqa_officer.full_name in page.locator(".safeguard-masthead").inner_text()
    page.get_by_role("button", name="Sign out").click()

    # Signing in again: the code page; a wrong code refused, the app's next code accepted (a code is good once).
    password(page, base, sqa_officer)
    page.wait_for_url("**/sign-in/security-code/")
    assert_accessible(page)
    page.get_by_label("Security code").fill(wrong_code(setup_key))
    page.get_by_role("button", name="Continue").click()
    assert "The security code is not right" in page.locator(".govuk-error-summary").inner_text()
    page.wait_for_timeout(THROTTLE_MS)
    assert_accessible(page)
    page.get_by_label("Security code").fill(authenticator_code(setup_key, time.time() + 30))
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(f"{base}/")
    page.get_by_role("button", name="Sign out").click()

    # The phone is lost: the council's administrator resets the authenticator (audited).
    TOTPDevice.objects.create(user=host_admin, name="Authenticator app", confirmed=True)
    sign_in_through_the_pages(page, base, host_admin)
    page.goto(f"{base}/people/{sqa_officer.pk}/")
    page.get_by_role("link", name="Reset their authenticator").click()
    assert_accessible(page)
    page.get_by_role("button", name="Reset their authenticator").click()
    assert "authenticator is reset" in page.locator(".govuk-notification-banner").inner_text()
    assert AuditEvent.objects.filter(
        action="user.authenticator_reset", actor=host_admin, object_id=str(sqa_officer.pk)
    ).exists()
    page.get_by_role("button", name="Sign out").click()

    # The old key no longer signs in: the next sign-in sets up a new authenticator, with a new key.
    password(page, base, sqa_officer)
    new_key = set_up_from_the_page(page, sqa_officer)
    assert new_key != setup_key
    page.get_by_label("Security code").fill(authenticator_code(setup_key, time.time() + 60))  # the lost phone's
    page.get_by_role("button", name="Continue").click()
    assert "The security code is not right" in page.locator(".govuk-error-summary").inner_text()
    page.wait_for_timeout(THROTTLE_MS)
    page.get_by_label("Security code").fill(authenticator_code(new_key))
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(f"{base}/")
