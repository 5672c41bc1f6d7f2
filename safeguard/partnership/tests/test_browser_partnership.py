"""Browser journeys through the partnership site with no account: home → about → a news article →
exploitation → missing children, accessible (axe-core) at 1280 and at 320 CSS pixels on every page; the
quick exit by pressing Shift three times where JavaScript runs (under the service's own CSP), and as a
plain link where it does not."""

import pytest

from safeguard.core.tests.browser import assert_accessible

pytestmark = pytest.mark.browser


def accessible_wide_and_narrow(page) -> None:
    for width, height in ((1280, 900), (320, 640)):
        page.set_viewport_size({"width": width, "height": height})
        assert_accessible(page)
    page.set_viewport_size({"width": 1280, "height": 900})


@pytest.fixture
def luton_site(transactional_db, host):
    from safeguard.manual.demo import manual_demo_load
    from safeguard.partnership.demo import partnership_demo_load

    manual_demo_load(host=host)
    return partnership_demo_load(host=host)


def test_a_reader_walks_from_the_home_page_to_missing_children(luton_site, live_server, page):
    page.goto(f"{live_server.url}/partnership/")
    assert page.locator("h1").inner_text() == "Luton Safeguarding Children Board"
    assert page.get_by_role("heading", name="If a child is missing: who to call now").count() == 1
    assert page.get_by_role("button", name="Emergency Exit this page").count() == 1
    accessible_wide_and_narrow(page)

    page.get_by_role("navigation", name="Luton Safeguarding Children Board").get_by_role(
        "link", name="About the partnership"
    ).click()
    assert page.locator("h1").inner_text() == "About the partnership"
    assert "Relevant agencies" in page.locator("main").inner_text()
    accessible_wide_and_narrow(page)

    page.get_by_role("link", name="News", exact=True).click()
    page.get_by_role("link", name="Exploitation", exact=True).first.click()  # the topic, in the tags
    assert page.locator("h1").inner_text() == "News: Exploitation"
    accessible_wide_and_narrow(page)
    page.get_by_role("link", name="Safeguarding children at our borders and Luton Airport").click()
    assert "Memorandum of Good practice" in page.locator("main").inner_text()
    assert "30 September 2015" in page.locator("main").inner_text()
    accessible_wide_and_narrow(page)

    page.get_by_role("navigation", name="Luton Safeguarding Children Board").get_by_role(
        "link", name="Exploitation"
    ).click()
    main = page.locator("main").inner_text()
    assert "01582 547653" in main and "01234 846960" in main and "NOT for referrals" in main
    accessible_wide_and_narrow(page)

    page.get_by_role("navigation", name="Luton Safeguarding Children Board").get_by_role(
        "link", name="Missing children"
    ).click()
    main = page.locator("main").inner_text()
    assert "They do not take reports of missing children from members of the public." in main
    accessible_wide_and_narrow(page)
    page.get_by_role("link", name="Safeguarding Children who Run Away or Go Missing").click()
    assert page.locator("h1").inner_text() == "Safeguarding Children who Run Away or Go Missing"


def test_the_quick_exit_leaves_on_three_presses_of_shift_under_the_service_s_csp(
    luton_site, live_server, browser, settings
):
    neutral = f"{live_server.url}/cookies/"
    settings.PARTNERSHIP_EXIT_URL = neutral
    # Not the journeys' context (that one bypasses CSP so axe can be injected): the shortcut must work under
    # the Content-Security-Policy the service sends.
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15000)
    try:
        page = context.new_page()
        refused = []
        page.on(
            "console",
            lambda message: refused.append(message.text) if "Content Security Policy" in message.text else None,
        )
        page.goto(f"{live_server.url}/partnership/missing-children/")
        # GOV.UK Frontend has started the component: it adds its keyboard hint for screen readers.
        page.wait_for_selector(".govuk-exit-this-page .govuk-exit-this-page__indicator", state="attached")
        for _ in range(3):
            page.keyboard.press("Shift")
        page.wait_for_url(neutral)
        assert refused == []
    finally:
        context.close()


def test_the_quick_exit_is_a_plain_link_without_javascript(luton_site, live_server, page_without_javascript, settings):
    neutral = f"{live_server.url}/cookies/"
    settings.PARTNERSHIP_EXIT_URL = neutral
    page = page_without_javascript
    for path in ("/partnership/", "/partnership/exploitation/", "/partnership/news/"):
        page.goto(f"{live_server.url}{path}")
        page.get_by_role("button", name="Emergency Exit this page").click()
        page.wait_for_url(neutral)
