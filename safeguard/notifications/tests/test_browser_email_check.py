"""Browser check: the e-mail beside the pre-filled answers passes axe and reflows at 320 px."""

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from safeguard.accounts.tests.browser import sign_in_through_the_pages
from safeguard.core.tests.browser import assert_accessible

pytestmark = pytest.mark.browser


def test_the_email_beside_the_answers_is_accessible(transactional_db, live_server, page, world, sqa_officer):
    TOTPDevice.objects.create(user=sqa_officer, name="Authenticator app", confirmed=True)
    sign_in_through_the_pages(page, live_server.url, sqa_officer)
    page.goto(f"{live_server.url}/notify/{world.email_draft.pk}/check/")
    assert "Child's name: Eli Emailed" in page.locator("main").inner_text()
    assert_accessible(page)
    page.goto(f"{live_server.url}/matches/{world.pending_review.pk}/")
    assert "Carer or provider" in page.locator("main").inner_text()
    assert_accessible(page)
