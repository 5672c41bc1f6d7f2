"""Browser journey: the SQA manager points Safeguard at the council's mailbox, checks the connection
against the real IMAP server the suite starts (Dovecot), and switches it on."""

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from safeguard.accounts.tests.browser import sign_in_through_the_pages
from safeguard.core.tests.browser import assert_accessible
from safeguard.notifications.models import CouncilMailbox

pytestmark = pytest.mark.browser


def test_the_sqa_manager_sets_up_the_mailbox(transactional_db, live_server, page, host, sqa_manager, imap_server):
    TOTPDevice.objects.create(user=sqa_manager, name="Authenticator app", confirmed=True)
    sign_in_through_the_pages(page, live_server.url, sqa_manager)
    page.goto(f"{live_server.url}/notify/email/")
    page.get_by_role("link", name="set up the notifications mailbox").click()
    assert page.locator("h1").inner_text() == "Notifications mailbox"
    assert_accessible(page)

    page.get_by_label("IMAP server").fill(imap_server.host)
    page.get_by_label("Port").fill(str(imap_server.port))
    page.get_by_label("User name").fill(imap_server.user)
    page.get_by_label("Password", exact=True).fill("not-the-password")
    page.get_by_label("CA certificate file (optional)").fill(imap_server.ca_file)
    page.get_by_role("button", name="Check the connection").click()
    summary = page.locator(".govuk-error-summary").inner_text()
    assert "The mailbox refused the sign-in" in summary
    assert page.get_by_label("IMAP server").input_value() == imap_server.host
    assert_accessible(page)

    page.get_by_label("Password", exact=True).fill(imap_server.password)
    page.get_by_role("button", name="Check the connection").click()
    assert "The mailbox answered" in page.locator(".govuk-notification-banner").inner_text()
    page.get_by_label("Password", exact=True).fill(imap_server.password)
    page.get_by_label("Yes, read it on a timer").check()
    page.get_by_role("button", name="Save").click()
    assert "is switched on" in page.locator(".govuk-notification-banner").inner_text()
    assert CouncilMailbox.objects.get(host_council=host).enabled
    assert_accessible(page)
