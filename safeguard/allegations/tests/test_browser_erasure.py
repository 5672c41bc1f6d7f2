"""Browser journey: at a case's retention date the LADO erases it from the retention report, through a
confirmation page, and is left with the tombstone. Axe on every page (and reflow at 320 px)."""

from datetime import date, timedelta

import pytest
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from safeguard.accounts.tests.browser import sign_in_through_the_pages
from safeguard.allegations.models import LadoCase
from safeguard.allegations.tests.factories import LadoCaseFactory, LadoChildFactory
from safeguard.core.tests.browser import assert_accessible

pytestmark = pytest.mark.browser


def test_lado_erasure(transactional_db, live_server, page, host, lado):
    TOTPDevice.objects.create(user=lado, name="Authenticator app", confirmed=True)
    case = LadoCaseFactory(
        host_council=host,
        status="closed",
        outcome="unfounded",
        dbs_referral_made=False,
        closed_on=date(2015, 5, 1),
        retention_review_on=timezone.localdate() - timedelta(days=1),
        retention_basis="10 years from the allegation",
    )
    LadoChildFactory(case=case)
    sign_in_through_the_pages(page, live_server.url, lado)
    page.goto(f"{live_server.url}/lado/retention/")
    assert_accessible(page)
    page.get_by_role("link", name=f"Erase {case.reference}").click()
    assert page.locator("h1").inner_text() == "Erase the case"
    assert "cannot be undone" in page.locator(".govuk-warning-text").inner_text()
    assert_accessible(page)

    page.get_by_role("button", name="Erase the case").click()  # not confirmed: an error on the field
    assert "cannot be restored" in page.locator(".govuk-error-summary").inner_text()
    assert_accessible(page)
    assert LadoCase.objects.get(pk=case.pk).status == "closed"

    page.get_by_label("I understand").check()
    page.get_by_role("button", name="Erase the case").click()
    assert f"Case {case.reference} erased" in page.locator(".govuk-notification-banner").inner_text()
    body = page.locator("main").inner_text()
    assert "Erased at its retention date" in body and "Unfounded" in body
    assert "Pat Teacher" not in body and "Robin Pupil" not in body
    assert_accessible(page)

    page.goto(f"{live_server.url}/lado/retention/")
    assert "1 case has been erased" in page.locator("main").inner_text()
    assert page.get_by_role("link", name=f"Erase {case.reference}").count() == 0
    page.set_viewport_size({"width": 320, "height": 800})
    assert_accessible(page)
