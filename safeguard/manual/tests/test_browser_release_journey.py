"""Issue 12's journey, end to end in a browser: the manual editor changes the missing-children chapter with
what changed and its release, the partnership editor reviews it, the manual editor approves it (which
publishes it) and publishes the release "June 2020" → the contents marks the chapter Updated → "Show what
changed" shows the words → the confirmed subscriber gets one e-mail → the feed has the release → an R&A
social worker asked to read it sees it on their home page and confirms → the team's report counts it. The
manual on the day before the release still shows the old text. Safeguard's own pages are checked with
axe-core at 1280 and 320 CSS pixels; Wagtail's admin pages are Wagtail's (see test_browser_review.py)."""

import re
from datetime import date, timedelta

import pytest
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from .test_browser_manual import accessible_wide_and_narrow
from .test_browser_review import MISSING, MISSING_PATH, _approve_on_the_dashboard, _as

pytestmark = pytest.mark.browser
NEW_WORDS = "Record the time you called the police."
DETAILS = "Section 1 now asks carers to record the time they called the police."
SUBSCRIBER = "reader@partner-agency.example"


def test_a_chapter_change_goes_out_in_the_june_2020_release_and_is_read(
    transactional_db, live_server, browser, host, manual_editor, partnership_editor, ra_duty_manager, ra_social_worker
):
    from safeguard.core.audit import SystemActor
    from safeguard.core.models import OutboxMessage
    from safeguard.manual.demo import manual_demo_load
    from safeguard.manual.demo_review import review_demo_load
    from safeguard.manual.models import ChapterPage, ManualSubscriber
    from safeguard.manual.reading_services import reading_assign
    from safeguard.manual.services import release_create
    from safeguard.manual.subscriptions import subscription_confirm, subscription_request

    manual = manual_demo_load(host=host)
    review_demo_load(host=host)
    for person in (manual_editor, partnership_editor, ra_duty_manager, ra_social_worker):
        TOTPDevice.objects.create(user=person, name="Authenticator app", confirmed=True)
    base = live_server.url
    chapter = ChapterPage.objects.get(title=MISSING)
    today = timezone.localdate()
    june = release_create(
        actor=SystemActor("test"), manual=manual, name="June 2020", slug="june-2020", next_update=today + timedelta(183)
    )
    # A reader who subscribed and confirmed earlier (the subscription's own journey is test_browser_subscriptions).
    public = SystemActor("A member of the public")
    subscription_request(actor=public, manual=manual, email=SUBSCRIBER)
    subscription_confirm(actor=public, subscriber=ManualSubscriber.objects.get(email=SUBSCRIBER))

    # The manual editor changes the chapter, records what changed and the release, and submits it for review.
    editor = _as(browser, base, manual_editor)
    editor.goto(f"{base}/cms/pages/{chapter.pk}/edit/")
    body = editor.locator('[data-contentpath="body"] .public-DraftEditor-content')
    body.wait_for()
    body.locator('[data-block="true"]').first.click()
    editor.keyboard.press("End")
    editor.keyboard.type(" " + NEW_WORDS)
    expect(body).to_contain_text(NEW_WORDS)
    editor.get_by_label("What changed", exact=True).fill(DETAILS)
    # The release is a snippet chooser: its dialog lists the council's releases.
    # (Its "Choose another" sits in a menu while a release is chosen: the button is pressed as the menu does.)
    editor.locator("button[data-chooser-action-choose]", has_text="manual release").first.evaluate("b => b.click()")
    editor.get_by_role("dialog").get_by_role("link", name="June 2020").click()
    expect(editor.locator('input[name="release"]')).to_have_value(str(june.pk))
    expect(editor.locator('input[name="body"]')).to_have_value(re.compile(re.escape(NEW_WORDS)))
    editor.locator("footer").get_by_role("button", name="More actions").click()
    with editor.expect_navigation():
        editor.locator('button[name="action-submit"]').click()

    # The partnership editor reviews it; the manual editor approves it, which publishes it.
    _approve_on_the_dashboard(_as(browser, base, partnership_editor), base)
    _approve_on_the_dashboard(editor, base)
    chapter.refresh_from_db()
    assert chapter.live and not chapter.workflow_in_progress

    # The manual editor publishes the release from the editor's admin, after its confirmation page.
    editor.goto(f"{base}/cms/manual/releases/{june.pk}/publish/")
    assert DETAILS in editor.locator("main").inner_text()
    editor.get_by_role("button", name="Yes, publish this release").click()
    june.refresh_from_db()
    assert june.published_on == today

    # A reader: the contents marks the chapter Updated in June 2020, and "what changed" shows the words.
    reader = browser.new_context(bypass_csp=True, viewport={"width": 1280, "height": 900}).new_page()  # axe's script
    reader.goto(f"{base}/manual/")
    assert "Latest release: June 2020" in reader.locator("main").inner_text()
    entry = reader.locator("li", has=reader.get_by_role("link", name=MISSING, exact=True))
    assert "Updated" in entry.inner_text()
    accessible_wide_and_narrow(reader)
    reader.get_by_role("link", name=MISSING, exact=True).click()
    assert NEW_WORDS in reader.locator("main").inner_text()
    reader.get_by_role("link", name="Show what changed in this version").click()
    added = " ".join(reader.locator(".safeguard-manual-changes ins").all_inner_texts())
    assert "Record the time you called the police." in added
    accessible_wide_and_narrow(reader)
    # The day before the release, the manual still said what it said before.
    yesterday = today - timedelta(days=1)
    reader.goto(f"{base}{MISSING_PATH}?on={yesterday:%Y-%m-%d}")
    assert NEW_WORDS not in reader.locator("main").inner_text()
    assert "Bedfordshire Police by calling 999" in reader.locator("main").inner_text()
    # The feed has the release.
    feed = reader.request.get(f"{base}/manual/feed/").text()
    assert "June 2020" in feed and NEW_WORDS not in feed.split("<entry>")[0]
    reader.goto(f"{base}/manual/releases/june-2020/")
    assert DETAILS in reader.locator("main").inner_text()
    accessible_wide_and_narrow(reader)

    # The confirmed subscriber gets exactly one e-mail for the release, listing the change.
    emails = OutboxMessage.objects.filter(purpose="manual.release_email", to=SUBSCRIBER)
    assert emails.count() == 1
    assert "June 2020" in emails.get().subject and DETAILS in emails.get().body

    # The R&A duty manager asks the team to read it; an R&A social worker sees it, reads it and confirms.
    reading_assign(
        actor=ra_duty_manager, due_on=date.today() + timedelta(days=7), chapter=chapter, teams=[ra_duty_manager.team]
    )
    worker = _as(browser, base, ra_social_worker)
    to_read = worker.locator(".safeguard-to-read")
    assert MISSING in to_read.inner_text()
    accessible_wide_and_narrow(worker)
    to_read.get_by_role("link", name=MISSING).click()
    assert NEW_WORDS in worker.locator("main").inner_text()
    worker.get_by_role("button", name="I have read and understood this chapter").click()
    assert "You have read and understood this chapter" in worker.locator(".govuk-panel").inner_text()
    accessible_wide_and_narrow(worker)

    # The team's report counts it.
    manager = _as(browser, base, ra_duty_manager)
    manager.get_by_role("link", name="Chapters your council has been asked to read").click()
    manager.get_by_role("link", name=MISSING).click()
    counts = manager.locator(".safeguard-reading-counts").inner_text()
    assert "1 confirmed" in counts
    assert "Confirmed" in manager.locator("table", has_text=ra_social_worker.full_name).inner_text()
    accessible_wide_and_narrow(manager)
