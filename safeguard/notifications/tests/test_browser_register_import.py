"""Browser journey: the SQA manager loads the council's register from a spreadsheet - upload, columns,
dry run, import - each page accessible (docs/adr/0036)."""

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from safeguard.accounts.tests.browser import sign_in_through_the_pages
from safeguard.core.tests.browser import assert_accessible
from safeguard.notifications.models import Notification

from .test_register_import import csv_file

pytestmark = pytest.mark.browser


def test_the_sqa_manager_loads_the_register_from_a_spreadsheet(
    transactional_db, live_server, page, sqa_manager, settings, tmp_path
):
    settings.CELERY_TASK_ALWAYS_EAGER = True  # the jobs run in the request, as on the embedded default
    TOTPDevice.objects.create(user=sqa_manager, name="Authenticator app", confirmed=True)
    register = tmp_path / "register.csv"
    register.write_bytes(csv_file().read())
    base = live_server.url

    sign_in_through_the_pages(page, base, sqa_manager)
    page.get_by_role("link", name="Import your register from a spreadsheet").click()
    assert page.locator("h1").inner_text() == "Import your register"
    assert_accessible(page)
    page.get_by_role("button", name="Upload and choose columns").click()
    assert "Select your register's CSV or Excel file" in page.locator(".govuk-error-summary").inner_text()
    page.get_by_label("Your register (CSV or Excel)").set_input_files(str(register))
    page.get_by_role("button", name="Upload and choose columns").click()

    assert page.locator("h1").inner_text() == "Which column holds each fact?"
    assert page.get_by_label("Date of birth").input_value() == "DOB"
    assert_accessible(page)
    page.get_by_role("button", name="Check the rows (dry run)").click()

    main = page.locator("main").inner_text()
    assert "Dry run: what the import would do" in main and "Would be registered as a new child: 3" in main
    assert "Would be refused: 2" in main
    assert_accessible(page)
    page.get_by_role("button", name="Import these rows").click()

    main = page.locator("main").inner_text()
    assert "Import of your register" in main and "Registered as a new child: 3" in main
    assert_accessible(page)
    assert Notification.objects.filter(channel=Notification.Channel.REGISTER).count() == 3
