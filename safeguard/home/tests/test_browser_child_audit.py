"""Browser journey: an SQA manager answers a subject access request. She finds the child by name,
reads the child's audit trail in plain words, and downloads it as a CSV and a PDF; the exports are
then in the trail too. Axe on every page (and reflow at 320 px)."""

import csv
import io

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from pypdf import PdfReader

from safeguard.accounts.tests.browser import sign_in_through_the_pages
from safeguard.core.tests.browser import assert_accessible

pytestmark = pytest.mark.browser


def test_the_audit_search_and_export(transactional_db, live_server, page, world, sqa_manager):
    TOTPDevice.objects.create(user=sqa_manager, name="Authenticator app", confirmed=True)
    sign_in_through_the_pages(page, live_server.url, sqa_manager)
    page.get_by_role("link", name="Audit", exact=True).click()
    page.get_by_role("link", name="Audit by child").click()
    assert page.locator("h1").inner_text() == "Audit by child"
    assert_accessible(page)

    page.get_by_role("button", name="Search").click()  # no name: an error naming the field
    assert "Enter a child's name" in page.locator(".govuk-error-summary").inner_text()
    assert page.title().startswith("Error:")
    assert_accessible(page)

    page.get_by_label("Child's name").fill("Ava")
    page.get_by_role("button", name="Search").click()
    assert_accessible(page)
    page.get_by_role("link", name="Ava Placed").click()
    assert page.locator("h1").inner_text() == "Ava Placed"
    table = page.locator("table").inner_text()
    assert "Added a photograph" in table and "Reported the child missing" in table
    assert "photograph.upload" not in table
    assert_accessible(page)

    with page.expect_download() as csv_download:
        page.get_by_role("link", name="Download the audit trail as a spreadsheet (CSV)").click()
    with open(csv_download.value.path(), encoding="utf-8-sig") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["Audit trail of", "Ava Placed"]
    assert any(row[2:3] == ["Added a photograph"] for row in rows)

    with page.expect_download() as pdf_download:
        page.get_by_role("link", name="Download the audit trail as a PDF").click()
    with open(pdf_download.value.path(), "rb") as handle:
        text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(handle.read())).pages)
    assert "Audit trail of Ava Placed" in text and "Reported the child missing" in text

    page.reload()
    table = page.locator("table").inner_text()
    assert "Exported the child's audit trail (CSV)" in table
    assert "Exported the child's audit trail (PDF)" in table
    assert_accessible(page)
    page.set_viewport_size({"width": 320, "height": 800})
    assert_accessible(page)
