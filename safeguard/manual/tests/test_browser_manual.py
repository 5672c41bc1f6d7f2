"""Browser journey through the procedures manual's public pages, with no account: the contents, the
missing-children chapter, what changed, the manual as it stood the day before the December 2019
release, and that release. Accessible (axe-core) at 1280 and at 320 CSS pixels on every page."""

import pytest

from safeguard.core.tests.browser import assert_accessible

pytestmark = pytest.mark.browser
MISSING = "Safeguarding Children who Run Away or Go Missing"


def accessible_wide_and_narrow(page) -> None:
    for width, height in ((1280, 900), (320, 640)):
        page.set_viewport_size({"width": width, "height": height})
        assert_accessible(page)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_a_reader_finds_what_changed_and_what_the_chapter_said_before(transactional_db, live_server, page, host):
    from safeguard.manual.demo import manual_demo_load

    manual_demo_load(host=host)
    page.goto(f"{live_server.url}/manual/")
    assert page.locator("h1").inner_text() == "Children's Services Procedures Manual"
    assert "Next update: June 2020" in page.content()
    accessible_wide_and_narrow(page)

    entry = page.locator("li", has=page.get_by_role("link", name=MISSING, exact=True))
    assert "Updated" in entry.inner_text()
    page.get_by_role("link", name=MISSING, exact=True).click()
    assert page.locator("h1").inner_text() == MISSING
    assert "Bedfordshire Police by calling 999" in page.locator("main").inner_text()
    accessible_wide_and_narrow(page)

    page.get_by_role("link", name="Show what changed in this version").click()
    assert page.locator("h1").inner_text() == "What changed"
    changes = page.locator(".safeguard-manual-changes")
    # Read as text (no colour needed): removed and added words are named as such.
    text = " ".join(changes.text_content().split())
    assert "[removed: " in text and "[added: " in text
    assert changes.locator("del", has_text="on the same day").count() == 1
    assert changes.locator("ins", has_text="Bedfordshire Police by calling 999").count() == 1
    accessible_wide_and_narrow(page)

    # The manual as it stood the day before the December 2019 release.
    page.get_by_role("link", name="Children's Services Procedures Manual").click()
    page.get_by_label("Day").fill("1")
    page.get_by_label("Month").fill("12")
    page.get_by_label("Year").fill("2019")
    page.get_by_role("button", name="Show the manual on this date").click()
    assert "The manual as it stood on 1 December 2019" in page.locator("main").inner_text()
    assert page.get_by_role("link", name="Corporate Parenting Policy").count() == 1
    accessible_wide_and_narrow(page)
    page.get_by_role("link", name=MISSING, exact=True).click()
    body = page.locator("main").inner_text()
    assert "on the same day" in body and "Pan Bedfordshire" not in body
    accessible_wide_and_narrow(page)

    # A mistyped date is named in a GOV.UK error message.
    page.goto(f"{live_server.url}/manual/?on_0=31&on_1=2&on_2=2019")
    assert "The date must be a real date" in page.locator(".govuk-error-summary").inner_text()
    accessible_wide_and_narrow(page)

    page.goto(f"{live_server.url}/manual/")
    page.get_by_role("link", name="All releases").click()
    accessible_wide_and_narrow(page)
    page.get_by_role("link", name="December 2019").click()
    main = page.locator("main").inner_text()
    assert "The Luton Escalation Process for LAC referrals to Health flowchart has been added." in main
    assert "Staying Put Policy" in main and "currently under review" in main
    accessible_wide_and_narrow(page)
    page.goto(f"{live_server.url}/manual/amendments/2019/")
    assert "June 2019" in page.locator("main").inner_text()
    accessible_wide_and_narrow(page)
