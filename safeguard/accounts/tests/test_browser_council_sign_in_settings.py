"""Browser journey: the host council's administrator sets up single sign-on from Configuration, checks a
provider that does not answer, sees what is wrong with nothing typed lost, and saves it switched off."""

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from safeguard.accounts.models import CouncilSignIn
from safeguard.accounts.tests.browser import sign_in_through_the_pages
from safeguard.core.tests.browser import assert_accessible

pytestmark = pytest.mark.browser


def test_the_administrator_sets_up_single_sign_on(transactional_db, live_server, page, host, host_admin):
    TOTPDevice.objects.create(user=host_admin, name="Authenticator app", confirmed=True)
    sign_in_through_the_pages(page, live_server.url, host_admin)
    page.goto(f"{live_server.url}/settings/")
    page.get_by_role("link", name="Change single sign-on").click()
    assert page.locator("h1").inner_text() == "Single sign-on"
    assert_accessible(page)

    page.get_by_label("Issuer").fill("http://127.0.0.1:9/openid")
    page.get_by_label("Client ID").fill("safeguard-luton")
    page.get_by_label("Client secret").fill("the-secret-value")
    page.get_by_label("Your council's email domains").fill("luton.gov.uk")
    page.get_by_role("button", name="Check the provider").click()
    summary = page.locator(".govuk-error-summary").inner_text()
    assert "The provider check failed: http://127.0.0.1:9/openid did not answer" in summary
    assert page.get_by_label("Client ID").input_value() == "safeguard-luton"
    assert page.get_by_label("Client secret").input_value() == ""
    assert "type it again before you save" in page.locator("main").inner_text()
    assert_accessible(page)

    page.get_by_label("Client secret").fill("the-secret-value")
    page.get_by_role("button", name="Save").click()
    assert "saved, and switched off" in page.locator(".govuk-notification-banner").inner_text()
    config = CouncilSignIn.objects.get(host_council=host)
    assert not config.enabled and config.client_id == "safeguard-luton"
    assert_accessible(page)
