"""Browser journey through the manual's review: the manual editor changes the missing-children chapter and
submits it for review; the partnership editor reviews it; the manual editor approves it, which publishes
it; readers see the new text; and the page where a carer reports a child missing links to the chapter.

Safeguard's own pages are checked with axe-core (at 1280 and 320 CSS pixels). Wagtail's admin pages are
Wagtail's, not ours: they are not held to axe here (Wagtail tracks its own accessibility), only used.
"""

import re

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from safeguard.accounts.tests.browser import sign_in_through_the_pages
from safeguard.core.tests.browser import assert_accessible

pytestmark = pytest.mark.browser
MISSING = "Safeguarding Children who Run Away or Go Missing"
MISSING_PATH = "/manual/children-in-need-and-child-protection/safeguarding-children-who-run-away-or-go-missing/"
NEW_WORDS = "Record the time you called the police."


def accessible_wide_and_narrow(page) -> None:
    for width, height in ((1280, 900), (320, 640)):
        page.set_viewport_size({"width": width, "height": height})
        assert_accessible(page)
    page.set_viewport_size({"width": 1280, "height": 900})


def _as(browser, base, person):
    context = browser.new_context(bypass_csp=True, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(20000)
    page = context.new_page()
    sign_in_through_the_pages(page, base, person)
    return page


def _approve_on_the_dashboard(page, base):
    page.goto(f"{base}/cms/")
    # The row in "Awaiting your review" (not the one in the editor's own pages in review): it has actions.
    row = (
        page.locator("tr")
        .filter(has=page.get_by_text(MISSING, exact=True))
        .filter(has=page.get_by_role("button", name="Actions"))
        .first
    )
    row.get_by_role("button", name="Actions").click()
    with page.expect_response(lambda r: "/workflow/action/" in r.url):
        row.get_by_role("button", name="Approve", exact=True).click()


def test_a_change_is_reviewed_approved_published_and_linked_from_the_work(
    transactional_db, live_server, browser, host, manual_editor, partnership_editor, carer, world
):
    from safeguard.manual.demo import manual_demo_load
    from safeguard.manual.demo_review import review_demo_load
    from safeguard.manual.models import ChapterPage
    from safeguard.manual.selectors import Act, procedure_for

    manual_demo_load(host=host)
    review_demo_load(host=host)
    for person in (manual_editor, partnership_editor):
        TOTPDevice.objects.create(user=person, name="Authenticator app", confirmed=True)
    base = live_server.url
    chapter = ChapterPage.objects.get(title=MISSING)

    # The manual editor's home page (ours: axe) leads to the editor's admin.
    editor = _as(browser, base, manual_editor)
    assert "Chapter reviews due" in editor.locator("main").inner_text()
    accessible_wide_and_narrow(editor)
    editor.goto(f"{base}/cms/pages/{chapter.pk}/edit/")
    body = editor.locator('[data-contentpath="body"] .public-DraftEditor-content')
    body.wait_for()
    body.locator('[data-block="true"]').last.click()
    editor.keyboard.press("End")
    editor.keyboard.type(" " + NEW_WORDS)
    expect(body).to_contain_text(NEW_WORDS)
    editor.get_by_label("What changed", exact=True).fill("Section 1 asks carers to record when they called the police.")
    # No Publish for a manual editor: the chapter goes to its review.
    assert editor.locator('button[name="action-publish"]').count() == 0
    # Draftail writes what was typed into the form a moment later: wait for it, as a person's pause does.
    expect(editor.locator('input[name="body"]')).to_have_value(re.compile(re.escape(NEW_WORDS)))
    editor.locator("footer").get_by_role("button", name="More actions").click()
    with editor.expect_navigation():
        editor.locator('button[name="action-submit"]').click()
    chapter.refresh_from_db()
    assert chapter.current_workflow_task.name == "Review"
    assert NEW_WORDS in chapter.get_latest_revision().as_object().body
    editor.goto(f"{base}{MISSING_PATH}")
    assert NEW_WORDS not in editor.locator("main").inner_text()  # in review: not public

    # The partnership editor reviews it from the admin's dashboard.
    reviewer = _as(browser, base, partnership_editor)
    _approve_on_the_dashboard(reviewer, base)
    chapter.refresh_from_db()
    assert chapter.current_workflow_task.name == "Approve"
    reviewer.goto(f"{base}{MISSING_PATH}")
    assert NEW_WORDS not in reviewer.locator("main").inner_text()  # approved for review only: not public

    # The manual editor approves it, which publishes it.
    _approve_on_the_dashboard(editor, base)
    chapter.refresh_from_db()
    assert chapter.live and not chapter.workflow_in_progress
    editor.goto(f"{base}{MISSING_PATH}")
    assert NEW_WORDS in editor.locator("main").inner_text()
    accessible_wide_and_narrow(editor)
    # Wagtail's history of the chapter names each step.
    editor.goto(f"{base}/cms/pages/{chapter.pk}/history/")
    history = editor.locator("main").inner_text()
    assert "Approved" in history and manual_editor.full_name in history and partnership_editor.full_name in history

    # Reporting a child missing links to the chapter.
    assert procedure_for(host, Act.REPORT_MISSING).title == MISSING
    reporter = _as(browser, base, carer)
    reporter.goto(f"{base}/children/{world.child.pk}/missing/")
    procedure = reporter.get_by_test_id("procedure")
    assert MISSING in procedure.inner_text()
    accessible_wide_and_narrow(reporter)
    procedure.get_by_role("link", name=MISSING).click()
    assert reporter.locator("h1").inner_text() == MISSING
    assert NEW_WORDS in reporter.locator("main").inner_text()
