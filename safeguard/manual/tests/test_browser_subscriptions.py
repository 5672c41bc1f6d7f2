"""Browser journey: asking for the manual's emails with no account, a mistyped address, confirming
through the emailed link and unsubscribing, at 1280 and at 320 CSS pixels, accessible (axe-core) on
every page."""

import re
from urllib.parse import urlsplit

import pytest

from safeguard.core.tests.browser import assert_accessible

pytestmark = pytest.mark.browser


def _link(purpose: str, part: str, to: str) -> str:
    from safeguard.core.models import OutboxMessage

    message = OutboxMessage.objects.filter(purpose=purpose, to=to).latest("pk")
    return urlsplit(next(url for url in re.findall(r"https?://\S+", message.body) if part in url)).path


def test_subscribe_confirm_and_unsubscribe_wide_and_narrow(transactional_db, live_server, page, host):
    from safeguard.manual.demo import manual_demo_load
    from safeguard.manual.models import ManualSubscriber

    manual_demo_load(host=host)
    for width, height in ((1280, 900), (320, 640)):
        page.set_viewport_size({"width": width, "height": height})
        email = f"reader{width}@example.org"
        page.goto(f"{live_server.url}/manual/")
        page.get_by_role("link", name="Get an email when the manual changes").click()
        assert page.locator("h1").inner_text() == "Get an email when the manual changes"
        assert_accessible(page)

        page.get_by_label("Email address").fill("reader at example.org")
        page.get_by_role("button", name="Send the link").click()
        summary = page.locator(".govuk-error-summary")
        assert "Enter an email address in the correct format, like name@example.com" in summary.inner_text()
        assert_accessible(page)
        summary.get_by_role("link").click()  # the summary's link leads to the field
        assert page.evaluate("document.activeElement.id") == "id_email"

        page.get_by_label("Email address").fill(email)
        page.get_by_role("button", name="Send the link").click()
        assert page.locator("h1").inner_text() == "Check your email"
        assert email in page.locator("main").inner_text()
        assert_accessible(page)

        page.goto(live_server.url + _link("manual.subscription_confirm", "/subscribe/confirm/", email))
        assert email in page.locator("main").inner_text()
        assert_accessible(page)
        page.get_by_role("button", name="Confirm subscription").click()
        assert "Subscription confirmed" in page.locator("h1").inner_text()
        assert_accessible(page)
        assert ManualSubscriber.objects.get(email=email).confirmed_at is not None

        page.goto(live_server.url + _link("manual.subscription_confirm", "/unsubscribe/", email))
        assert_accessible(page)
        page.get_by_role("button", name="Unsubscribe").click()
        assert "You have unsubscribed" in page.locator("h1").inner_text()
        assert_accessible(page)
        assert not ManualSubscriber.objects.filter(email=email).exists()
