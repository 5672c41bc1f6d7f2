"""Browser journey: the SQA officer opens the records due for review, tries to dispose of a child's
photograph without confirming, then confirms; the administrator reads the schedule and places a legal
hold. Accessible at every step (axe-core)."""

from datetime import date, timedelta

import pytest
from django.core.files.base import ContentFile
from django_otp.plugins.otp_totp.models import TOTPDevice

from safeguard.accounts.tests.browser import sign_in_through_the_pages
from safeguard.core.tests.browser import assert_accessible
from safeguard.missing.models import ChildPhotograph
from safeguard.missing.tests.images import jpeg_bytes
from safeguard.records.disposal import records_review_sweep
from safeguard.records.models import Tombstone
from safeguard.register.tests.factories import ChildFactory, PlacementFactory

pytestmark = pytest.mark.browser


def test_the_owner_disposes_of_a_record_from_the_review_list(
    transactional_db, live_server, page, host, placing_council, sqa_officer, host_admin
):
    for person in (sqa_officer, host_admin):
        TOTPDevice.objects.create(user=person, name="Authenticator app", confirmed=True)
    child = ChildFactory(host_council=host, placing_authority=placing_council, first_name="Ava", last_name="Placed")
    PlacementFactory(
        child=child, start_date=date.today() - timedelta(days=1000), end_date=date.today() - timedelta(days=700)
    )
    photo = ChildPhotograph(child=child, kind="face", width=640, height=480, sha256="0" * 64, taken_on=date(2023, 1, 1))
    photo.image.save("face.jpg", ContentFile(jpeg_bytes()), save=False)
    photo.thumbnail.save("face-thumb.jpg", ContentFile(jpeg_bytes((64, 48))), save=False)
    photo.save()
    assert records_review_sweep()["listed"] == 1
    base = live_server.url

    sign_in_through_the_pages(page, base, sqa_officer)
    page.goto(f"{base}/records/review/")
    assert page.locator("h1").inner_text() == "Records due for review"
    assert_accessible(page)
    reference = f"Face photograph of SG{child.pk}"
    page.get_by_role("link", name=reference).click()
    assert page.locator("h1").inner_text() == reference
    assert_accessible(page)
    page.get_by_role("button", name="Dispose of the record").click()
    summary = page.locator(".govuk-error-summary")
    assert "Confirm that the record will be disposed of and cannot be restored" in summary.inner_text()
    assert_accessible(page)
    page.get_by_label("I confirm the record will be disposed of and cannot be restored").check()
    page.get_by_role("button", name="Dispose of the record").click()
    assert f"Disposed of: {reference}" in page.locator(".govuk-notification-banner--success").inner_text()
    assert "No records of your team are due for review" in page.locator("main").inner_text()
    assert_accessible(page)
    assert Tombstone.objects.get().reference == reference and not ChildPhotograph.objects.exists()
    page.get_by_role("button", name="Sign out").click()

    sign_in_through_the_pages(page, base, host_admin)
    page.goto(f"{base}/records/schedule/")
    assert page.locator("h1").inner_text() == "Retention schedule"
    assert_accessible(page)
    page.goto(f"{base}/records/holds/place/")
    page.get_by_role("button", name="Place the hold").click()
    assert "Enter the hold's name" in page.locator(".govuk-error-summary").inner_text()
    assert_accessible(page)
    page.get_by_label("Name of the hold").fill("IICSA")
    page.get_by_label("Who asked for it").fill("Independent Inquiry into Child Sexual Abuse")
    page.get_by_label("Reason").fill("Suspend the destruction of records of children in care")
    page.get_by_label("Exploitation concerns").check()
    page.get_by_role("button", name="Place the hold").click()
    assert page.locator("h1").inner_text() == "IICSA"
    assert_accessible(page)
