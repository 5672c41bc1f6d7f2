"""Browser journey: a council's member of staff signs in through the council's own provider (a real
OpenID Connect provider on loopback), works, and signs out of both; a person the council knows but
Safeguard does not is turned away with a page that says what to do (issue 18)."""

import pytest

from safeguard.accounts.models import Role
from safeguard.accounts.services import council_sign_in_configure
from safeguard.accounts.tests.factories import UserFactory
from safeguard.accounts.tests.oidc_provider.provider import PASSWORD, council_provider
from safeguard.core.audit import SystemActor
from safeguard.core.tests.browser import assert_accessible

pytestmark = pytest.mark.browser


def test_council_staff_sign_in_and_out_through_the_councils_provider(transactional_db, live_server, page, host):
    with council_provider([live_server.url]) as provider:
        council_sign_in_configure(
            actor=SystemActor("Safeguard test suite"),
            host_council=host,
            issuer=provider.issuer,
            client_id=provider.client_id,
            client_secret=provider.client_secret,
            email_domains="luton.gov.uk",
        )
        UserFactory(
            email="amina.hussain@luton.gov.uk",
            full_name="Amina Hussain",
            organisation=host.organisation,
            role=Role.SQA_OFFICER,
        )

        page.goto(f"{live_server.url}/sign-in/")
        assert_accessible(page)
        page.get_by_role("link", name="sign in with your council account").click()
        assert page.locator("h1").inner_text() == "Sign in with your council account"
        assert_accessible(page)
        page.get_by_role("link", name="Sign in with your Luton").click()

        # The council's own sign-in page (its password; its second factor would be asked here too).
        page.wait_for_url(f"{provider.url}/login/**")
        page.get_by_label("Council username").fill("amina")
        page.get_by_label("Council password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in to the council").click()

        page.wait_for_url(f"{live_server.url}/")
        assert "Amina Hussain" in page.locator("header").inner_text()
        assert_accessible(page)

        page.get_by_role("button", name="Sign out").click()
        page.wait_for_url(f"{live_server.url}/sign-out/done/")
        assert "also signed out of your council account" in page.locator("main").inner_text()
        assert_accessible(page)

        # Someone in the council's directory without a Safeguard account.
        page.goto(f"{live_server.url}/sign-in/council/luton/")
        page.wait_for_url(f"{provider.url}/login/**")
        page.get_by_label("Council username").fill("newstarter")
        page.get_by_label("Council password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in to the council").click()
        page.wait_for_url(f"{live_server.url}/sign-in/council/callback/**")
        assert page.locator("h1").inner_text() == "You cannot sign in to Safeguard"
        assert "There is no Safeguard account for no.account@luton.gov.uk" in page.locator("main").inner_text()
        assert_accessible(page)
